"""The API's documentation page (/api/v1/docs) from Swagger UI served by us, not from a CDN, and who may read it.

django-ninja's own Swagger page loads swagger-ui-dist from a public CDN unless "ninja" is an installed app, and
government intranets cannot reach one: the page stayed blank. The files are vendored from the npm package
(`scripts/vendor_npm.sh`, version below) into core's static files.

settings.DIGIGOV_API_DOCS_ACCESS says who reads the page and the OpenAPI document: "public" (laptops and the test
suite), or "staff" (production, issue 9 item 10): the document maps every route to anyone on the internet, so there
only a signed-in staff member (a role in some organisation, or a platform administrator) reads it.
"""

import functools
import json

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.openapi.docs import Swagger, _csrf_needed

from digigov.core.permissions import is_staff_member
from digigov.core.views import error_html

SWAGGER_UI_VERSION = "5.35.0"


class LocalSwagger(Swagger):
    template = "core/api_docs.html"
    default_settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # Swagger UI would otherwise send the schema to validator.swagger.io and show its badge.
        "validatorUrl": None,
    }

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings),
            "swagger_static": f"vendor/swagger-ui/{SWAGGER_UI_VERSION}",
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


def docs_access(view):
    """NinjaAPI(docs_decorator=…): the docs page and openapi.json, open or for staff only (see the module)."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if settings.DIGIGOV_API_DOCS_ACCESS == "public" or is_staff_member(request.user):
            return view(request, *args, **kwargs)
        document = request.path.endswith(".json")
        if not request.user.is_authenticated:
            if document:
                message = _("Sign in as staff to read the API documentation.")
                return JsonResponse({"code": "not_authenticated", "message": message, "errors": []}, status=401)
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if document:
            message = _("Only staff may read the API documentation.")
            return JsonResponse({"code": "permission_denied", "message": message, "errors": []}, status=403)
        return error_html(request.path, 403)

    return guarded

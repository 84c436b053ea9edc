"""The API's documentation page (/api/v1/docs) from Swagger UI served by us, not from a CDN.

django-ninja's own Swagger page loads swagger-ui-dist from a public CDN unless "ninja" is an installed app, and
government intranets cannot reach one: the page stayed blank. The files are vendored from the npm package
(`scripts/vendor_npm.sh`, version below) into core's static files.
"""

import json

from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed

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

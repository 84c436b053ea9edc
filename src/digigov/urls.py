from django.conf import settings
from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from digigov.api_v1 import api
from digigov.core.views import home
from digigov.identity.admin_views import AccountView

urlpatterns = [
    path("", home, name="home"),  # before Wagtail's pages: its default root page never shows
    path("api/v1/", api.urls),
    path("oidc/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("accounts/", include("digigov.identity.urls")),
    # identity's account page in place of Wagtail's (a name without surname, no e-mail needed): before the admin
    path("admin/account/", never_cache(require_admin_access(AccountView.as_view())), name="wagtailadmin_account"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(wagtail_urls)),
]

# Refused and failed requests get the platform's Chinese page (core/error.html), or the API's error shape under
# /api/; Wagtail's admin shows the same page for its own 404s (core/templates/wagtailadmin/404.html).
handler400 = "digigov.core.views.bad_request"
handler403 = "digigov.core.views.permission_denied"
handler404 = "digigov.core.views.page_not_found"
handler500 = "digigov.core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

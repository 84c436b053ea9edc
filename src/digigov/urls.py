from django.conf import settings
from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from digigov.api_v1 import api
from digigov.core.views import home, private_file, too_large_page
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
    path("files/<path:name>", private_file, name="core_private_file"),  # private uploads, permission-checked
    path("too-large/", too_large_page, name="core_too_large"),  # nginx's error_page 413 (docs/deploy.md)
    path("", include(wagtail_urls)),
]

handler400 = "digigov.core.views.bad_request"

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only Wagtail's images are public media; job results and private uploads are served by checked views.
    urlpatterns = [
        *static(f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images"),
        *static(f"{settings.MEDIA_URL}original_images/", document_root=settings.MEDIA_ROOT / "original_images"),
        *urlpatterns,
    ]

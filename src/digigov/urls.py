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

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

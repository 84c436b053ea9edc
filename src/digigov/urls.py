from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from digigov.api_v1 import api
from digigov.core.views import home

urlpatterns = [
    path("", home, name="home"),  # before Wagtail's pages: its default root page never shows
    path("api/v1/", api.urls),
    path("oidc/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("accounts/", include("digigov.identity.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(wagtail_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

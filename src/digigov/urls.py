from django.conf import settings
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from digigov.api_v1 import api
from digigov.core.views import display, private_file, too_large_page
from digigov.identity.admin_views import AccountView
from digigov.websites import disclosure_views, message_views
from digigov.websites.api import chrome_for
from digigov.websites.views import feed_at_path, robots, site_search, sitemap

urlpatterns = [
    path("api/v1/", api.urls),
    path("oidc/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("accounts/", include("digigov.identity.urls")),
    # identity's account page in place of Wagtail's (a name without surname, no e-mail needed): before the admin
    path("admin/account/", never_cache(require_admin_access(AccountView.as_view())), name="wagtailadmin_account"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("files/<path:name>", private_file, name="core_private_file"),  # private uploads, permission-checked
    path("seals/", include("digigov.signing.urls")),  # electronic seals: certificates, revocation list (R7.1)
    path("display/", display, name="core_display"),  # the 适老化 large-type switch of public pages
    path("too-large/", too_large_page, name="core_too_large"),  # nginx's error_page 413 (docs/deploy.md)
    path("sitemap.xml", sitemap, name="websites_sitemap"),
    path("robots.txt", robots, name="websites_robots"),
    path("search/", site_search, name="websites_search"),
    path("messages/", message_views.message_list, name="websites_messages"),
    path("messages/write/", message_views.message_write, name="websites_message_write"),
    path("messages/<str:number>/", message_views.message_detail, name="websites_message"),
    path("correction/", message_views.correction_write, name="websites_correction"),
    path("xxgk/", disclosure_views.catalogue, name="websites_disclosure"),  # 信息公开: the catalogue
    path("xxgk/apply/", disclosure_views.apply, name="websites_disclosure_apply"),
    path("xxgk/query/", disclosure_views.query, name="websites_disclosure_query"),
    path("opendata/", include("digigov.opendata.urls")),  # 数据开放 (S3), in the frame of the site it is opened on
    path("zwfw/licences/", include("digigov.licenses.verify_urls")),  # 证照核验 (issue 12 item 5)
    path("zwfw/", include("digigov.eservices.urls")),  # 网上办事大厅 (S4), likewise
    path("zwfw/", include("digigov.eservices.hall_case_urls")),  # 网上办事大厅: the applicant's pages
    path("zwfw/", include("digigov.eservices.hall_service_urls")),  # 网上咨询 and 预约 (R4.7)
    # 卡包 (R4.8): licences sit below websites, so the composition root hands them the page frame
    path("zwfw/wallet/", include("digigov.licenses.wallet_urls"), {"chrome": chrome_for}),
    # 12345 网上诉求 (R5.1): the hotline sits below websites, so the composition root hands it the page frame too
    path("hotline/", include("digigov.hotline.public_urls"), {"chrome": chrome_for}),
    re_path(r"^(?P<column_path>(?:[\w\-]+/)+)rss\.xml$", feed_at_path, name="websites_feed"),  # a column's RSS
    path("", include(wagtail_urls)),  # the sites' pages (websites app)
]

# Refused and failed requests get the platform's Chinese page (core/error.html), or the API's error shape under
# /api/; Wagtail's admin shows the same page for its own 404s (core/templates/wagtailadmin/404.html).
handler400 = "digigov.core.views.bad_request"
handler403 = "digigov.core.views.permission_denied"
handler404 = "digigov.core.views.page_not_found"
handler500 = "digigov.core.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only Wagtail's images are public media; job results and private uploads are served by checked views.
    urlpatterns = [
        *static(f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images"),
        *static(f"{settings.MEDIA_URL}original_images/", document_root=settings.MEDIA_ROOT / "original_images"),
        *urlpatterns,
    ]

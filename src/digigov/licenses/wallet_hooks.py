"""The back-office screens of licence use (电子证照 › 用证核验, R6.2), registered with Wagtail from
`LicensesConfig.ready()`."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from digigov.core.staff_pages import StaffMenuItem
from digigov.licenses import counter_views


@hooks.register("register_admin_urls")
def wallet_admin_urls():
    return [
        path("licenses/check/", counter_views.CheckView.as_view(), name="licenses_check"),
        path("licenses/uses/<int:pk>/", counter_views.UseDetailView.as_view(), name="licenses_use_detail"),
        path("licenses/uses/<int:pk>/copy.pdf", counter_views.UseCopyView.as_view(), name="licenses_use_copy"),
        path("licenses/counter/record/", counter_views.CounterRecordView.as_view(), name="licenses_counter_record"),
        path("licenses/counter/pending/", counter_views.PendingView.as_view(), name="licenses_counter_pending"),
        path("licenses/counter/scans/<int:pk>/", counter_views.ScanView.as_view(), name="licenses_counter_scan"),
    ]


@hooks.register("register_admin_menu_item")
def licence_check_menu_item():
    return StaffMenuItem(_("Licence check"), reverse("licenses_check"), icon_name="doc-full", order=330)

"""Wires the exchange's screens into the back office: data services, applications, grants, error reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from digigov.core import search_registry
from digigov.core.staff_pages import StaffMenuItem
from digigov.exchange import call_log_views, supervision_views, views, workbench_search

search_registry.register("exchange.applications", _("Share applications"), workbench_search.application_hits, order=30)


@hooks.register("register_admin_urls")
def urls():
    return [
        path("exchange/services/", views.ServiceListView.as_view(), name="exchange_services"),
        path("exchange/services/new/", views.ServiceCreateView.as_view(), name="exchange_service_create"),
        path("exchange/services/<int:pk>/", views.ServiceDetailView.as_view(), name="exchange_service_detail"),
        path("exchange/applications/", views.ApplicationListView.as_view(), name="exchange_applications"),
        path("exchange/applications/new/", views.ApplicationCreateView.as_view(), name="exchange_application_create"),
        path(
            "exchange/applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="exchange_application_detail"
        ),
        path("exchange/grants/", views.GrantListView.as_view(), name="exchange_grants"),
        path("exchange/error-reports/", views.ErrorReportListView.as_view(), name="exchange_error_reports"),
        path("exchange/error-reports/new/", views.ErrorReportCreateView.as_view(), name="exchange_error_report_create"),
        path(
            "exchange/error-reports/<int:pk>/",
            views.ErrorReportDetailView.as_view(),
            name="exchange_error_report_detail",
        ),
        path("exchange/supervision/", supervision_views.SupervisionView.as_view(), name="exchange_supervision"),
        path("exchange/supervision/report/", supervision_views.annual_report, name="exchange_annual_report"),
        path("exchange/calls/", call_log_views.CallLogView.as_view(), name="exchange_call_log"),
    ]


@hooks.register("register_admin_menu_item")
def exchange_menu():
    items = [
        StaffMenuItem(_("Data services"), reverse("exchange_services"), icon_name="link", order=10),
        StaffMenuItem(_("Share applications"), reverse("exchange_applications"), icon_name="form", order=20),
        StaffMenuItem(_("Grants"), reverse("exchange_grants"), icon_name="key", order=30),
        StaffMenuItem(_("Error reports"), reverse("exchange_error_reports"), icon_name="warning", order=40),
        StaffMenuItem(_("Sharing supervision"), reverse("exchange_supervision"), icon_name="view", order=50),
        StaffMenuItem(_("Call log"), reverse("exchange_call_log"), icon_name="list-ul", order=60),
    ]
    return SubmenuMenuItem(_("Data sharing"), Menu(items=items), icon_name="resubmit", order=310)

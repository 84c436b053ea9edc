"""Wires the service-item screens into the back office under one "政务服务" menu (R4.1)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from digigov.core.staff_pages import StaffMenuItem
from digigov.eservices import (
    appointment_views,
    case_views,
    consultation_views,
    counter_views,
    delivery_views,
    figures_views,
    payment_views,
    rating_views,
    views,
)
from digigov.eservices.permissions import is_staff_member


@hooks.register("register_admin_urls")
def urls():
    return [
        path("eservices/cases/", case_views.CaseListView.as_view(), name="eservices_cases"),
        path("eservices/cases/<int:pk>/", case_views.CaseDetailView.as_view(), name="eservices_case_detail"),
        path(
            "eservices/cases/<int:pk>/payment/",
            payment_views.PaymentActionView.as_view(),
            name="eservices_case_payment",
        ),
        path(
            "eservices/cases/<int:pk>/delivery/",
            delivery_views.DeliverySendView.as_view(),
            name="eservices_case_delivery",
        ),
        path("eservices/counter/", counter_views.CounterStartView.as_view(), name="eservices_counter"),
        path("eservices/counter/<int:pk>/", counter_views.CounterCaseView.as_view(), name="eservices_counter_case"),
        path(
            "eservices/cases/<int:pk>/receipt.pdf",
            counter_views.CounterReceiptView.as_view(),
            name="eservices_counter_receipt",
        ),
        path("eservices/monitor/", case_views.MonitorView.as_view(), name="eservices_monitor"),
        path(
            "eservices/consultations/",
            consultation_views.ConsultationListView.as_view(),
            name="eservices_consultations",
        ),
        path(
            "eservices/consultations/<int:pk>/",
            consultation_views.ConsultationDetailView.as_view(),
            name="eservices_consultation",
        ),
        path("eservices/appointments/", appointment_views.AppointmentListView.as_view(), name="eservices_appointments"),
        path("eservices/items/", views.ItemListView.as_view(), name="eservices_items"),
        path("eservices/items/new/", views.ItemFormView.as_view(), name="eservices_item_new"),
        path("eservices/items/<int:pk>/", views.ItemDetailView.as_view(), name="eservices_item"),
        path("eservices/items/<int:pk>/edit/", views.ItemFormView.as_view(), name="eservices_item_edit"),
        path(
            "eservices/items/<int:pk>/versions/<int:number>/",
            views.ItemVersionView.as_view(),
            name="eservices_item_version",
        ),
        path("eservices/ratings/", rating_views.RatingListView.as_view(), name="eservices_ratings"),
        path("eservices/ratings/<int:pk>/", rating_views.RatingDetailView.as_view(), name="eservices_rating_detail"),
        path("eservices/figures/", figures_views.FiguresView.as_view(), name="eservices_figures"),
    ]


class ServicesMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)


@hooks.register("register_admin_menu_item")
def eservices_menu():
    items = [
        StaffMenuItem(_("Cases"), reverse("eservices_cases"), icon_name="tasks", order=5),
        StaffMenuItem(_("Counter intake"), reverse("eservices_counter"), icon_name="user", order=5),
        StaffMenuItem(_("Efficiency monitor"), reverse("eservices_monitor"), icon_name="time", order=6),
        StaffMenuItem(_("Ratings"), reverse("eservices_ratings"), icon_name="pick", order=7),
        StaffMenuItem(_("Online questions"), reverse("eservices_consultations"), icon_name="help", order=7),
        StaffMenuItem(_("Appointments"), reverse("eservices_appointments"), icon_name="date", order=8),
        StaffMenuItem(_("Service items"), reverse("eservices_items"), icon_name="list-ul", order=10),
        StaffMenuItem(_("Case and item figures"), reverse("eservices_figures"), icon_name="table", order=20),
    ]
    return ServicesMenu(_("Government services"), Menu(items=items), icon_name="form", order=320)

"""Wires the hotline's screens into the back office under one 12345 热线 menu (R5.1)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from digigov.core.staff_pages import StaffMenuItem
from digigov.hotline import admin_views, analysis_views
from digigov.hotline.permissions import centre_ids, handler_department_ids, is_agent, is_supervisor


@hooks.register("register_admin_urls")
def urls():
    return [
        path("hotline/intake/", admin_views.IntakeView.as_view(), name="hotline_intake"),
        path("hotline/tickets/", admin_views.TicketListView.as_view(), name="hotline_tickets"),
        path("hotline/department/", admin_views.TicketListView.as_view(department=True), name="hotline_department"),
        path("hotline/tickets/<int:pk>/", admin_views.TicketDetailView.as_view(), name="hotline_ticket"),
        path("hotline/routing/", admin_views.RoutingRulesView.as_view(), name="hotline_routing"),
        # analysis (issue 13 items 8, 9)
        path("hotline/analysis/", analysis_views.AnalysisView.as_view(), name="hotline_analysis"),
        path("hotline/analysis/weekly/", analysis_views.WeeklyReportView.as_view(), name="hotline_weekly_report"),
        path("hotline/tickets/export/", analysis_views.TicketExportView.as_view(), name="hotline_ticket_export"),
    ]


class AgentMenuItem(StaffMenuItem):
    def is_shown(self, request):
        return is_agent(request.user)


class DepartmentMenuItem(StaffMenuItem):
    def is_shown(self, request):
        return bool(handler_department_ids(request.user))


class SupervisorMenuItem(StaffMenuItem):
    def is_shown(self, request):
        return any(is_supervisor(request.user, c) for c in centre_ids())


class HotlineMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_agent(request.user) or bool(handler_department_ids(request.user))


@hooks.register("register_admin_menu_item")
def hotline_menu():
    items = [
        AgentMenuItem(_("Register a call"), reverse("hotline_intake"), icon_name="plus", order=1),
        AgentMenuItem(_("Hotline tickets"), reverse("hotline_tickets"), icon_name="list-ul", order=2),
        DepartmentMenuItem(_("Tickets of my department"), reverse("hotline_department"), icon_name="tasks", order=3),
        SupervisorMenuItem(_("Routing rules"), reverse("hotline_routing"), icon_name="cogs", order=10),
        SupervisorMenuItem(_("12345 analysis"), reverse("hotline_analysis"), icon_name="table", order=11),
    ]
    return HotlineMenu(_("12345 hotline"), Menu(items=items), icon_name="mobile-alt", order=340)

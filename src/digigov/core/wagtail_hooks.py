"""Wires the shared kernel into the one back office: workbench panels, master data, calendar, rules, ledger."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.search import SearchArea

from digigov.core import admin_views, background_views, search_registry, search_views
from digigov.core.permissions import is_platform_admin, is_staff_member
from digigov.core.workbench import CalendarWarningPanel, NotificationPanel, TodoPanel

admin_views.register_policies()
division_viewset = admin_views.DivisionViewSet()
organisation_viewset = admin_views.OrganisationViewSet()
membership_viewset = admin_views.MembershipViewSet()
calendar_day_viewset = admin_views.CalendarDayViewSet()
calendar_year_viewset = admin_views.CalendarYearViewSet()
ledger_viewset = admin_views.LedgerViewSet()
VIEWSETS = [
    division_viewset,
    organisation_viewset,
    membership_viewset,
    calendar_day_viewset,
    calendar_year_viewset,
    ledger_viewset,
]


@hooks.register("insert_global_admin_js")
def date_choosers_js():
    """Starts Wagtail's date pickers without the inline script the Content-Security-Policy refuses."""
    return format_html('<script src="{}" defer></script>', static("core/date-choosers.js"))


@hooks.register("construct_homepage_panels")
def workbench_panels(request, panels):
    panels[:0] = [CalendarWarningPanel(request), TodoPanel(request), NotificationPanel(request)]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return VIEWSETS


@hooks.register("register_admin_urls")
def urls():
    return [
        path("workbench/todos/<int:pk>/", admin_views.TodoView.as_view(), name="workbench_todo"),
        path("platform/rules/", admin_views.RulesView.as_view(), name="core_rules"),
        path("jobs/", background_views.JobListView.as_view(), name="core_jobs"),
        path("jobs/<int:pk>/", background_views.JobView.as_view(), name="core_job"),
        path("jobs/<int:pk>/status.json", background_views.job_status, name="core_job_status"),
        path("jobs/<int:pk>/file", background_views.job_file, name="core_job_file"),
        path("search/", search_views.WorkbenchSearchView.as_view(), name="core_search"),
    ]


search_registry.register("core.todos", _("My to-dos"), search_views.todo_hits, order=10)


class WorkbenchSearchArea(SearchArea):
    """The back office's search box for every staff member. Wagtail's own (pages) needs page permissions and answers
    无权限 to everyone else; ordered first, this one is the box in the sidebar and on the dashboard."""

    def is_shown(self, request):
        return is_staff_member(request.user)


@hooks.register("register_admin_search_area")
def workbench_search_area():
    return WorkbenchSearchArea(_("Workbench"), reverse("core_search"), name="workbench", icon_name="search", order=50)


class PlatformAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return is_platform_admin(request.user)


@hooks.register("register_admin_menu_item")
def platform_menu():
    items = [
        MenuItem(
            _("Organisations"),
            reverse(organisation_viewset.get_url_name("index")),
            icon_name="group",
            order=10,
        ),
        MenuItem(_("Divisions"), reverse(division_viewset.get_url_name("index")), icon_name="site", order=20),
        PlatformAdminMenuItem(
            _("Staff roles"), reverse(membership_viewset.get_url_name("index")), icon_name="user", order=30
        ),
        PlatformAdminMenuItem(
            _("Working-day calendar"),
            reverse(calendar_day_viewset.get_url_name("index")),
            icon_name="date",
            order=40,
        ),
        PlatformAdminMenuItem(
            _("Calendar years"),
            reverse(calendar_year_viewset.get_url_name("index")),
            icon_name="calendar",
            order=45,
        ),
        PlatformAdminMenuItem(_("Rule parameters"), reverse("core_rules"), icon_name="cogs", order=50),
        PlatformAdminMenuItem(
            _("Audit ledger"), reverse(ledger_viewset.get_url_name("index")), icon_name="history", order=60
        ),
    ]
    return SubmenuMenuItem(_("Platform"), Menu(items=items), icon_name="cog", order=900)


@hooks.register("register_admin_menu_item")
def jobs_menu():
    return MenuItem(_("My background jobs"), reverse("core_jobs"), icon_name="time", order=950)


SITE_MENUS = {"explorer", "images", "documents"}


def edits_sites(user) -> bool:
    """Site editors are people a Wagtail group gives page, image or document permissions; being a superuser (the
    platform administrator) is not enough: until the websites app, nobody else needs 页面/图片/文档 (issue 8, B6)."""
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    groups = user.groups.all()
    return (
        GroupPagePermission.objects.filter(group__in=groups).exists()
        or GroupCollectionPermission.objects.filter(
            group__in=groups, permission__content_type__app_label__in=("wagtailimages", "wagtaildocs")
        ).exists()
    )


@hooks.register("construct_main_menu")
def hide_wagtail_help(request, menu_items):
    """Wagtail's help menu points at wagtail.org (release notes, editor guide): unreachable from a government intranet
    and about the tool, not the platform. Pages, images and documents are shown to site editors only."""
    hidden = {"help"} if edits_sites(request.user) else {"help", *SITE_MENUS}
    menu_items[:] = [item for item in menu_items if item.name not in hidden]


@hooks.register("construct_homepage_summary_items", order=1000)  # after Wagtail adds its items
def site_summary_for_site_editors(request, summary_items):
    """The counts of pages, images and documents mean something to site editors only."""
    if not edits_sites(request.user):
        summary_items.clear()

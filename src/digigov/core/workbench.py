"""The workbench (统一工作台) panels on the Wagtail admin home: to-dos from every module, notifications."""

from wagtail.admin.ui.components import Component

from digigov.core import calendar, selectors
from digigov.core.choices import DeadlineState
from digigov.core.permissions import is_platform_admin, memberships

TODO_LIMIT = 50


class TodoPanel(Component):
    template_name = "core/workbench/todos.html"
    order = 10

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        items = list(selectors.inbox_for(user)[: TODO_LIMIT + 1])
        for item in items:
            item.state = calendar.deadline_state(item.deadline)
            item.is_overdue = item.state == DeadlineState.OVERDUE
            item.is_due_soon = item.state == DeadlineState.DUE_SOON
        return {
            "items": items[:TODO_LIMIT],
            "more": len(items) > TODO_LIMIT,
            "overdue_count": sum(i.is_overdue for i in items),
            "memberships": memberships(user),
        }


class NotificationPanel(Component):
    template_name = "core/workbench/notifications.html"
    order = 20

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {"notifications": list(selectors.notifications_for(self.request.user)[:20])}


class CalendarWarningPanel(Component):
    """Flags years without an official holiday schedule to the platform administrator (R0.3)."""

    template_name = "core/workbench/calendar_warning.html"
    order = 5

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {"years": calendar.years_without_schedule()}

    def render_html(self, parent_context=None):
        if not is_platform_admin(self.request.user) or not calendar.years_without_schedule():
            return ""
        return super().render_html(parent_context)

"""Back-office screens of the shared kernel inside the Wagtail admin: master data, calendar, rules, to-dos.

Every create, edit and delete made here is written to the audit ledger in the same transaction (R0.4).
"""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Concat
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from digigov.core import audit_actions, calendar, inbox, ledger, rules
from digigov.core.errors import DomainError
from digigov.core.models import (
    CalendarDay,
    CalendarYear,
    Division,
    InboxItem,
    LedgerEntry,
    Membership,
    Organisation,
)
from digigov.core.permissions import acting_organisation, is_platform_admin


class PlatformAdminPolicy(BasePermissionPolicy):
    """Master data of the platform: platform administrators change it; other staff may only look."""

    def user_has_permission(self, user, action):
        if action == "view":
            return user.is_authenticated and user.is_active
        return is_platform_admin(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_superuser=True)


def _snapshot(instance, fields=None) -> dict:
    return {k: v for k, v in model_to_dict(instance, fields=fields).items() if not isinstance(v, list)}


def _after_change(obj) -> None:
    """Working-day counts are cached per process; drop them once a calendar edit commits."""
    if isinstance(obj, CalendarDay | CalendarYear):
        transaction.on_commit(calendar.invalidate)


class AuditedCreateView(CreateView):
    def save_instance(self):
        obj = super().save_instance()
        _after_change(obj)
        ledger.record(
            action=f"{obj._meta.label_lower}.created",
            actor=self.request.user,
            organisation=acting_organisation(self.request.user),
            obj=obj,
            after=_snapshot(obj),
        )
        return obj


class AuditedEditView(EditView):
    def save_instance(self):
        changed = list(self.form.changed_data)
        before = {f: self.form.initial.get(f) for f in changed}
        obj = super().save_instance()
        _after_change(obj)
        ledger.record(
            action=f"{obj._meta.label_lower}.changed",
            actor=self.request.user,
            organisation=acting_organisation(self.request.user),
            obj=obj,
            before=before,
            after=_snapshot(obj, changed),
        )
        return obj


class AuditedDeleteView(DeleteView):
    def delete_action(self):
        from django.db import transaction

        with transaction.atomic():
            ledger.record(
                action=f"{self.object._meta.label_lower}.deleted",
                actor=self.request.user,
                organisation=acting_organisation(self.request.user),
                obj=self.object,
                before=_snapshot(self.object),
            )
            _after_change(self.object)
            super().delete_action()


class AuditedViewSet(ModelViewSet):
    add_view_class = AuditedCreateView
    edit_view_class = AuditedEditView
    delete_view_class = AuditedDeleteView
    add_to_admin_menu = False


class DivisionViewSet(AuditedViewSet):
    model = Division
    icon = "site"
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    form_fields = ["code", "name", "level", "parent"]
    name = "core_division"


class OrganisationViewSet(AuditedViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "kind", "uscc", "division", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "uscc"]
    form_fields = [
        "name",
        "short_name",
        "kind",
        "uscc",
        "division",
        "parent",
        "is_platform_operator",
        "is_active",
    ]
    name = "core_organisation"


class MembershipViewSet(AuditedViewSet):
    model = Membership
    icon = "user"
    list_display = ["user", "organisation", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "organisation__name"]
    form_fields = ["user", "organisation", "role", "title"]
    name = "core_membership"


class CalendarDayViewSet(AuditedViewSet):
    model = CalendarDay
    icon = "date"
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    form_fields = ["date", "kind", "name"]
    name = "core_calendarday"


class CalendarYearViewSet(AuditedViewSet):
    model = CalendarYear
    icon = "calendar"
    list_display = ["year", "source", "updated_at"]
    form_fields = ["year", "source"]
    name = "core_calendaryear"


class LedgerPolicy(BasePermissionPolicy):
    """The ledger is read by platform administrators and never changed through any screen."""

    def user_has_permission(self, user, action):
        return action == "view" and is_platform_admin(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_superuser=True)


def register_policies() -> None:
    for model in (Division, Organisation, Membership, CalendarDay, CalendarYear):
        register_permission_policy(model, PlatformAdminPolicy(model))
    register_permission_policy(LedgerEntry, LedgerPolicy(LedgerEntry))


class LedgerFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=audit_actions.choices)

    class Meta:
        model = LedgerEntry
        fields = ["action"]


def _described(attribute: str):
    return lambda entry: getattr(entry.described, attribute)


class LedgerIndexView(IndexView):
    """The ledger as people read it: 张敏 · 同意授权 · a sentence; the stored key and JSON stay on the inspect page.
    Newest first: an administrator opens it to see what just happened."""

    default_ordering = "-seq"

    def search_queryset(self, queryset):
        """Find entries the way the screen names them: by person (张敏), by action label (催办), or by the stored
        login name, key or object id."""
        if not self.is_searching:
            return queryset
        q = self.search_query.strip()
        people = (
            get_user_model()
            .objects.annotate(full=Concat("last_name", "first_name"))
            .filter(Q(full__contains=q) | Q(username__icontains=q))
            .values("pk")
        )
        actions = [key for key, label in audit_actions.choices() if q in label]
        return queryset.filter(
            Q(actor_id__in=people)
            | Q(action__in=actions)
            | Q(action__icontains=q)
            | Q(actor_name__icontains=q)
            | Q(object_id=q)
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, entries, more = super().paginate_queryset(queryset, page_size)
        entries = list(entries)
        for entry, description in zip(entries, audit_actions.describe_many(entries), strict=True):
            entry.described = description
        return paginator, page, entries, more


class LedgerInspectView(InspectView):
    """One entry: what it says in words first, then every stored field an auditor re-hashes (docs/audit.md)."""

    READABLE = {
        "described_label": _("What happened"),
        "described_person": _("Person"),
        "described_sentence": _("Summary"),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.described = audit_actions.describe(self.object)

    def get_page_subtitle(self):
        return f"#{self.object.seq} {self.described.label}"

    def get_fields(self):
        return [*self.READABLE, *super().get_fields()]

    def get_field_label(self, field_name, field):
        if field_name in self.READABLE:
            return self.READABLE[field_name]
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        if field_name in self.READABLE:
            return getattr(self.described, field_name.removeprefix("described_")) or "—"
        return super().get_field_display_value(field_name, field)


class LedgerViewSet(ModelViewSet):
    model = LedgerEntry
    icon = "history"
    index_view_class = LedgerIndexView
    inspect_view_class = LedgerInspectView
    filterset_class = LedgerFilterSet
    list_display = [
        "seq",
        "at",
        Column("person", label=_("Person"), accessor=_described("person"), width="9%"),
        Column("label", label=_("Action"), accessor=_described("label"), width="13%"),
        Column("sentence", label=_("Summary"), accessor=_described("sentence")),
        "ip",
    ]
    search_fields = ["action", "actor_name", "object_id"]
    inspect_view_enabled = True
    form_fields = []
    name = "core_ledger"
    add_to_admin_menu = False
    copy_view_enabled = False


class RuleForm(forms.Form):
    value = forms.CharField(label=_("Value"), max_length=1000, required=False)  # text rules: lists of hosts

    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule

    def clean_value(self):
        return self.rule.parse(self.cleaned_data["value"])


class AdminPage(WagtailAdminTemplateMixin, TemplateView):
    """A back-office page whose breadcrumb ends with its own title."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class RulesView(AdminPage):
    """Every configurable rule with its source and value in force; platform administrators change them."""

    template_name = "core/rules.html"
    page_title = _("Rule parameters")
    header_icon = "cogs"

    def dispatch(self, request, *args, **kwargs):
        if not is_platform_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = rules.rules_table()
        return context

    def post(self, request, *args, **kwargs):
        rule = rules.REGISTRY.get(request.POST.get("key", ""))
        if rule is None:
            raise PermissionDenied
        form = RuleForm(request.POST, rule=rule)
        if form.is_valid():
            rules.rule_set(actor=request.user, key=rule.key, value=form.cleaned_data["value"])
            messages.success(
                request,
                _("“%(label)s” is now %(value)s.") % {"label": rule.label, "value": form.cleaned_data["value"]},
            )
        else:
            messages.error(request, f"{rule.label}: {'；'.join(form.errors['value'])}")
        return redirect("core_rules")


class TodoView(AdminPage):
    """A to-do on its own page: what, for whom, by when; the assignee marks it done here."""

    template_name = "core/todo.html"
    page_title = _("To-do")
    header_icon = "tasks"

    def get_item(self):
        item = get_object_or_404(InboxItem.objects.select_related("assignee_org", "done_by"), pk=self.kwargs["pk"])
        if not (inbox.can_handle(self.request.user, item) or is_platform_admin(self.request.user)):
            raise PermissionDenied
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.get_item()
        item.state = calendar.deadline_state(item.deadline)
        context.update(item=item, can_complete=item.done_at is None and inbox.can_handle(self.request.user, item))
        return context

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        try:
            inbox.inbox_complete(actor=request.user, item=item)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Marked as done."))
        return redirect("wagtailadmin_home")


def validation_messages(exc: ValidationError) -> str:
    return "；".join(exc.messages)

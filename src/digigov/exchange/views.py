"""Back-office screens of the exchange inside the Wagtail admin (R1.4–R1.7). Thin: parse, call one service or
selector, render. The to-dos of the workbench link to the detail screens here."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from digigov.catalog import api as catalog
from digigov.core.calendar import deadline_state
from digigov.core.errors import DomainError
from digigov.core.permissions import acting_organisation, organisation_ids
from digigov.core.staff_pages import StaffPage
from digigov.exchange import selectors, services
from digigov.exchange.choices import ApplicationStatus, ServiceKind
from digigov.exchange.lifecycle import allowed_actions
from digigov.exchange.permissions import PROVIDER_DECIDERS, is_operator
from digigov.exchange.timeline import application_timeline, service_history
from digigov.identity.models import SystemClient


def _date(value: str):
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


class ServiceListView(StaffPage):
    template_name = "exchange/service_list.html"
    page_title = _("Data services")
    header_icon = "link"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["services"] = selectors.service_list(actor=self.request.user).prefetch_related("mount_set__resource")
        return context


class ServiceCreateView(StaffPage):
    template_name = "exchange/service_form.html"
    page_title = _("Register a data service")
    header_icon = "link"

    def post(self, request, *args, **kwargs):
        p, org = request.POST, acting_organisation(request.user)
        if p.get("kind") == ServiceKind.HOSTED_TABLE:
            upload = request.FILES.get("file")
            service = self.act(
                lambda: services.service_register_table(
                    actor=request.user,
                    provider=org,
                    name=p.get("name", ""),
                    filename=upload.name if upload else "",
                    content=upload.read() if upload else b"",
                    key_column=p.get("key_column", ""),
                ),
                _("The table was loaded."),
            )
        else:
            service = self.act(
                lambda: services.service_register_upstream(
                    actor=request.user,
                    provider=org,
                    name=p.get("name", ""),
                    endpoint=p.get("endpoint", ""),
                    probe_url=p.get("probe_url", ""),
                ),
                _("The data service was registered."),
            )
        if service:
            return redirect("exchange_service_detail", service.pk)
        return self.get(request, *args, **kwargs)


def _rows_by_column(service, limit: int = 20) -> list:
    """The first rows of a hosted table, each with its cells in the table's column order (not a Python dict)."""
    if not service.table_id:
        return []
    columns = service.table.columns
    rows = list(service.table.rows.all()[:limit])
    for row in rows:
        row.cells = [row.data.get(c, "") for c in columns]
    return rows


class ServiceDetailView(StaffPage):
    template_name = "exchange/service_detail.html"
    page_title = _("Data service")
    header_icon = "link"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = selectors.service_get(actor=self.request.user, pk=self.kwargs["pk"])
        resource_id = self.request.GET.get("resource")
        resource = items = fields = None
        if resource_id and resource_id.isdigit():
            try:
                resource = catalog.published_resource_get(int(resource_id))
                items = catalog.resource_items(resource)
                fields = services.dataservices.service_fields(service)
            except DomainError as exc:
                messages.error(self.request, exc.message)
        context.update(
            service=service,
            mounts=selectors.mount_list(actor=self.request.user, service=service),
            probes=service.probes.all()[:10],
            resource=resource,
            items=items,
            fields=fields,
            resource_options=[] if resource else catalog.published_resource_options(provider_id=service.provider_id),
            rows=_rows_by_column(service),
            history=service_history(service),
        )
        return context

    def post(self, request, *args, **kwargs):
        service = selectors.service_get(actor=request.user, pk=kwargs["pk"])
        p, op = request.POST, request.POST.get("op")
        if op == "mount":
            resource_id = int(p.get("resource") or 0)
            field_map = {k[4:]: v for k, v in p.items() if k.startswith("map:")}
            self.act(
                lambda: services.service_mount(
                    actor=request.user, service=service, resource_id=resource_id, field_map=field_map
                ),
                _("Mounted."),
            )
        elif op == "unmount":
            mount = selectors.mount_get(actor=request.user, pk=int(p.get("mount") or 0))
            self.act(lambda: services.service_unmount(actor=request.user, mount=mount), _("Unmounted."))
        elif op == "reload":
            upload = request.FILES.get("file")
            self.act(
                lambda: services.table_reload(
                    actor=request.user,
                    service=service,
                    filename=upload.name if upload else "",
                    content=upload.read() if upload else b"",
                ),
                _("The table was reloaded."),
            )
        elif op == "probe":
            probe = services.probe_service(service)
            (messages.success if probe.ok else messages.error)(
                request, _("Probe: %(result)s") % {"result": _("available") if probe.ok else probe.error}
            )
        return redirect("exchange_service_detail", service.pk)


ROLE_TABS = (("mine", _("My applications")), ("to_me", _("To answer")), ("operator", _("To check")))


class ApplicationListView(StaffPage):
    template_name = "exchange/application_list.html"
    page_title = _("Share applications")
    header_icon = "form"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, tab = self.request.user, self.request.GET.get("tab", "")
        tabs = [(k, label) for k, label in ROLE_TABS if k != "operator" or is_operator(user)]
        tab = tab if tab in dict(tabs) else ("operator" if is_operator(user) else "mine")
        status = self.request.GET.get("status", "")
        qs = {
            "mine": selectors.applications_mine,
            "to_me": selectors.applications_to_me,
            "operator": selectors.applications_for_operator,
        }[tab](actor=user)
        if status in ApplicationStatus.values:
            qs = qs.filter(status=status)
        elif tab == "operator":
            qs = qs.filter(status__in=[ApplicationStatus.OPERATOR_CHECK, ApplicationStatus.PROVIDER_REVIEW])
        rows = list(qs[:200])
        for app in rows:
            app.state = deadline_state(app.deadline) if app.status not in _FINAL else ""
        context.update(tabs=tabs, tab=tab, rows=rows, statuses=ApplicationStatus.choices, status=status)
        return context


_FINAL = {ApplicationStatus.GRANTED, ApplicationStatus.REFUSED, ApplicationStatus.RETURNED, ApplicationStatus.WITHDRAWN}


class ApplicationCreateView(StaffPage):
    template_name = "exchange/application_form.html"
    shareable_only = True  # not-shared resources cannot be applied for (R1.2)
    page_title = _("Apply for a resource")
    header_icon = "form"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resource_id = self.request.GET.get("resource") or self.request.POST.get("resource")
        resource = None
        if resource_id and str(resource_id).isdigit():
            try:
                resource = catalog.published_resource_get(int(resource_id))
            except DomainError as exc:
                messages.error(self.request, exc.message)
        org = acting_organisation(self.request.user)
        context.update(
            resource=resource,
            items=catalog.resource_items(resource) if resource else [],
            resource_options=[] if resource else catalog.published_resource_options(shareable_only=self.shareable_only),
            systems=SystemClient.objects.filter(organisation=org, is_active=True) if org else [],
            form=self.request.POST,
        )
        return context

    def post(self, request, *args, **kwargs):
        p = request.POST
        app = self.act(
            lambda: services.application_submit(
                actor=request.user,
                consumer=acting_organisation(request.user),
                resource_id=int(p.get("resource") or 0),
                item_ids=[int(i) for i in p.getlist("items") if i.isdigit()],
                purpose=p.get("purpose", ""),
                legal_basis=p.get("legal_basis", ""),
                period_start=_date(p.get("period_start")),
                period_end=_date(p.get("period_end")),
                system_id=int(p.get("system") or 0),
                raw_values=p.get("raw_values") == "on",
            ),
            _("The application was submitted."),
        )
        if app:
            return redirect("exchange_application_detail", app.pk)
        return self.get(request, *args, **kwargs)


class ApplicationDetailView(StaffPage):
    template_name = "exchange/application_detail.html"
    page_title = _("Share application")
    header_icon = "form"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        app = selectors.application_get(actor=user, pk=self.kwargs["pk"])
        allowed = set(allowed_actions(app.status))
        mine = app.consumer_id in organisation_ids(user)
        provider = app.resource.provider_id in organisation_ids(user, PROVIDER_DECIDERS)
        operator = is_operator(user)
        overdue = app.deadline is not None and deadline_state(app.deadline) == "overdue"
        buttons = {
            "forward": operator and "forward" in allowed,
            "return": operator and "return" in allowed,
            "urge": operator and "urge" in allowed,
            "escalate": operator and "escalate" in allowed and overdue and app.escalated_at is None,
            "grant": provider and "grant" in allowed,
            "refuse": provider and "refuse" in allowed,
            "withdraw": mine and "withdraw" in allowed,
        }
        context.update(
            app=app,
            state=deadline_state(app.deadline) if app.status not in _FINAL else "",
            timeline=application_timeline(app),
            buttons=buttons,
            grant=getattr(app, "grant", None) if app.status == ApplicationStatus.GRANTED else None,
            items=app.items.all(),
        )
        return context

    def post(self, request, *args, **kwargs):
        app = selectors.application_get(actor=request.user, pk=kwargs["pk"])
        op, reason, user = request.POST.get("op"), request.POST.get("reason", ""), request.user
        calls = {
            "forward": lambda: services.application_forward(actor=user, application=app),
            "return": lambda: services.application_return(actor=user, application=app, reason=reason),
            "grant": lambda: services.application_grant(actor=user, application=app),
            "refuse": lambda: services.application_refuse(actor=user, application=app, reason=reason),
            "urge": lambda: services.application_urge(actor=user, application=app, note=reason),
            "escalate": lambda: services.application_escalate(actor=user, application=app, note=reason),
            "withdraw": lambda: services.application_withdraw(actor=user, application=app),
        }
        if op in calls:
            self.act(calls[op], _("Done."))
        return redirect("exchange_application_detail", app.pk)


class GrantListView(StaffPage):
    template_name = "exchange/grant_list.html"
    page_title = _("Grants")
    header_icon = "key"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["grants"] = selectors.grant_list(actor=self.request.user)[:200]
        return context

    def post(self, request, *args, **kwargs):
        grant = selectors.grant_get(actor=request.user, pk=int(request.POST.get("grant") or 0))
        self.act(
            lambda: services.grant_revoke(actor=request.user, grant=grant, reason=request.POST.get("reason", "")),
            _("The grant was revoked."),
        )
        return redirect("exchange_grants")


class ErrorReportListView(StaffPage):
    template_name = "exchange/error_report_list.html"
    page_title = _("Error reports")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(selectors.error_report_list(actor=self.request.user)[:200])
        for r in rows:
            r.state = deadline_state(r.deadline) if r.status == "submitted" else ""
        context["rows"] = rows
        return context


class ErrorReportCreateView(ApplicationCreateView):
    template_name = "exchange/error_report_form.html"
    shareable_only = False
    page_title = _("Report doubtful data")
    header_icon = "warning"

    def post(self, request, *args, **kwargs):
        p = request.POST
        report = self.act(
            lambda: services.error_report_submit(
                actor=request.user,
                reporter=acting_organisation(request.user),
                resource_id=int(p.get("resource") or 0),
                record_key=p.get("record_key", ""),
                item_id=int(p.get("item") or 0),
                claimed_value=p.get("claimed_value", ""),
                evidence=p.get("evidence", ""),
                attachment=request.FILES.get("attachment"),
            ),
            _("The error report was sent to the provider."),
        )
        if report:
            return redirect("exchange_error_report_detail", report.pk)
        return self.get(request, *args, **kwargs)


class ErrorReportDetailView(StaffPage):
    template_name = "exchange/error_report_detail.html"
    page_title = _("Error report")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = selectors.error_report_get(actor=self.request.user, pk=self.kwargs["pk"])
        context.update(
            report=report,
            state=deadline_state(report.deadline) if report.status == "submitted" else "",
            can_answer=report.status == "submitted"
            and report.resource.provider_id in organisation_ids(self.request.user),
        )
        return context

    def post(self, request, *args, **kwargs):
        report = selectors.error_report_get(actor=request.user, pk=kwargs["pk"])
        p = request.POST
        self.act(
            lambda: services.error_report_answer(
                actor=request.user,
                report=report,
                corrected=p.get("outcome") == "corrected",
                answer=p.get("answer", ""),
                corrected_value=p.get("corrected_value", ""),
            ),
            _("The answer was sent to the reporting department."),
        )
        return redirect("exchange_error_report_detail", report.pk)

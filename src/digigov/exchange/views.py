"""Back-office screens of the exchange inside the Wagtail admin (R1.4–R1.7). Thin: parse, call one service or
selector, render. The to-dos of the workbench link to the detail screens here."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from digigov.catalog import api as catalog
from digigov.core.calendar import deadline_state
from digigov.core.errors import DomainError
from digigov.core.permissions import acting_organisation
from digigov.core.staff_pages import StaffPage
from digigov.exchange import selectors, services, tasks
from digigov.exchange.choices import ApplicationStatus, ServiceKind
from digigov.exchange.forms import (
    ApplicationForm,
    DecisionForm,
    ErrorAnswerForm,
    ErrorReportForm,
    RevokeForm,
    ServiceForm,
    ServiceOpForm,
)
from digigov.exchange.lifecycle import APPLICATION, ERROR_REPORT, FINAL_STATES, GRANT, Action, GrantAction
from digigov.exchange.permissions import is_operator
from digigov.exchange.timeline import application_timeline, service_history
from digigov.identity.api import SystemClient

UPLOAD_STARTED = _("The file was received; it is being checked and imported. This page shows how far.")


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ServiceForm())
        return context

    def post(self, request, *args, **kwargs):
        form, org = ServiceForm(request.POST, request.FILES), acting_organisation(request.user)

        if form.is_valid() and form.cleaned_data["kind"] == ServiceKind.HOSTED_TABLE:
            # A table of any size is checked and stored by a background job; the page follows its progress (R1.4).
            data = form.cleaned_data
            job = self.submit(
                form,
                lambda: tasks.hosted_table_register_start(
                    actor=request.user,
                    provider=org,
                    name=data["name"],
                    key_column=data["key_column"],
                    upload=data["file"],
                ),
                UPLOAD_STARTED,
            )
            return redirect(job) if job else self.render_to_response(self.get_context_data(form=form))

        def register():
            data = form.cleaned_data
            return services.service_register_upstream(
                actor=request.user,
                provider=org,
                name=data["name"],
                endpoint=data["endpoint"],
                probe_url=data["probe_url"],
            )

        service = self.submit(form, register, _("The data service was registered."))
        if service:
            return redirect("exchange_service_detail", service.pk)
        return self.render_to_response(self.get_context_data(form=form))


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
        form = ServiceOpForm(request.POST, request.FILES)
        if not form.is_valid():
            raise PermissionDenied  # only a forged request sends an unknown button
        data, op = form.cleaned_data, form.cleaned_data["op"]
        if op == "mount":
            self.act(
                lambda: services.service_mount(
                    actor=request.user,
                    service=service,
                    resource_id=data["resource"] or 0,
                    field_map=form.field_map(),
                ),
                _("Mounted."),
            )
        elif op == "unmount":
            mount = selectors.mount_get(actor=request.user, pk=data["mount"] or 0)
            self.act(lambda: services.service_unmount(actor=request.user, mount=mount), _("Unmounted."))
        elif op == "reload":
            job = self.act(
                lambda: tasks.hosted_table_reload_start(actor=request.user, service=service, upload=data["file"]),
                UPLOAD_STARTED,
            )
            if job:
                return redirect(job)
        elif op == "download":
            job = self.act(
                lambda: tasks.hosted_table_download_start(actor=request.user, service=service, fmt=data["fmt"]),
                _("The file is being written. This page shows how far."),
            )
            if job:
                return redirect(job)
        else:
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
            app.state = deadline_state(app.deadline) if app.status not in FINAL_STATES else ""
        context.update(tabs=tabs, tab=tab, rows=rows, statuses=ApplicationStatus.choices, status=status)
        return context


class ResourceChoiceMixin:
    """Forms about one published resource: picked first with a searchable list (?q= by name or code), then the
    form itself for `?resource=` (a link from the catalogue's resource page lands here directly)."""

    shareable_only = True  # not-shared resources cannot be applied for (R1.2)

    def chosen_resource(self):
        resource_id = self.request.GET.get("resource") or self.request.POST.get("resource")
        if resource_id and str(resource_id).isdigit():
            try:
                return catalog.published_resource_get(int(resource_id))
            except DomainError as exc:
                messages.error(self.request, exc.message)
        return None

    def picker_context(self) -> dict:
        q = self.request.GET.get("q", "").strip()
        options = catalog.published_resource_options(shareable_only=self.shareable_only, q=q)
        return {"resource_options": options, "q": q}


class ApplicationCreateView(ResourceChoiceMixin, StaffPage):
    template_name = "exchange/application_form.html"
    page_title = _("Apply for a resource")
    header_icon = "form"

    def make_form(self, resource, data=None):
        org = acting_organisation(self.request.user)
        systems = SystemClient.objects.filter(organisation=org, is_active=True) if org else []
        return ApplicationForm(
            data, items=catalog.resource_items(resource), systems=systems, initial={"resource": resource.pk}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resource = kwargs.get("resource", self.chosen_resource())
        context["resource"] = resource
        if resource is None:
            context.update(self.picker_context())
        else:
            context.setdefault("form", self.make_form(resource))
        return context

    def post(self, request, *args, **kwargs):
        resource = self.chosen_resource()
        if resource is None:
            return self.render_to_response(self.get_context_data(resource=None))
        form = self.make_form(resource, request.POST)

        def submit():
            data = form.cleaned_data
            return services.application_submit(
                actor=request.user,
                consumer=acting_organisation(request.user),
                resource_id=resource.pk,
                item_ids=data["items"],
                purpose=data["purpose"],
                legal_basis=data["legal_basis"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                system_id=data["system"],
                raw_values=data["raw_values"],
            )

        app = self.submit(form, submit, _("The application was submitted."))
        if app:
            return redirect("exchange_application_detail", app.pk)
        return self.render_to_response(self.get_context_data(resource=resource, form=form))


# The buttons of the application screen, in the order shown; which of them a person sees is the lifecycle's answer.
DECISIONS = (
    (Action.FORWARD, _("Forward to the provider"), "button"),
    (Action.RETURN, _("Return to the applicant"), "button button-secondary"),
    (Action.GRANT, _("Grant"), "button"),
    (Action.REFUSE, _("Refuse"), "button no"),
    (Action.URGE, _("Urge (催办)"), "button button-secondary"),
    (Action.ESCALATE, _("Escalate (督办)"), "button no"),
    (Action.WITHDRAW, _("Withdraw"), "button button-secondary"),
)


class ApplicationDetailView(StaffPage):
    template_name = "exchange/application_detail.html"
    page_title = _("Share application")
    header_icon = "form"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        app = kwargs.get("app") or selectors.application_get(actor=self.request.user, pk=self.kwargs["pk"])
        allowed = APPLICATION.actions_for(self.request.user, app)
        context.update(
            app=app,
            state=deadline_state(app.deadline) if app.status not in FINAL_STATES else "",
            timeline=application_timeline(app),
            buttons=[(action, label, css) for action, label, css in DECISIONS if action in allowed],
            # withdrawing needs no words; every other step takes a reason, comment or note
            takes_text=any(action != Action.WITHDRAW for action in allowed),
            form=kwargs.get("form") or DecisionForm(),
            grant=getattr(app, "grant", None) if app.status == ApplicationStatus.GRANTED else None,
            items=app.items.all(),
        )
        return context

    def post(self, request, *args, **kwargs):
        app = selectors.application_get(actor=request.user, pk=kwargs["pk"])
        form, user = DecisionForm(request.POST), request.user
        text = form.cleaned_data.get("reason", "") if form.is_valid() else ""
        # A button this person was not shown (a stale page, a forged request) is refused by the service itself.
        calls = {
            Action.FORWARD: lambda: services.application_forward(actor=user, application=app, comment=text),
            Action.RETURN: lambda: services.application_return(actor=user, application=app, reason=text),
            Action.GRANT: lambda: services.application_grant(actor=user, application=app, comment=text),
            Action.REFUSE: lambda: services.application_refuse(actor=user, application=app, reason=text),
            Action.URGE: lambda: services.application_urge(actor=user, application=app, note=text),
            Action.ESCALATE: lambda: services.application_escalate(actor=user, application=app, note=text),
            Action.WITHDRAW: lambda: services.application_withdraw(actor=user, application=app),
        }
        if self.submit(form, lambda: calls[form.cleaned_data["op"]](), _("Done.")):
            return redirect("exchange_application_detail", app.pk)
        return self.render_to_response(self.get_context_data(app=app, form=form))


class GrantListView(StaffPage):
    template_name = "exchange/grant_list.html"
    page_title = _("Grants")
    header_icon = "key"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grants = list(selectors.grant_list(actor=self.request.user)[:200])
        failed = kwargs.get("form")
        for g in grants:
            g.can_revoke = GRANT.may(self.request.user, g, GrantAction.REVOKE)
            bound = failed is not None and failed.data.get("grant") == str(g.pk)
            g.revoke_form = failed if bound else RevokeForm(initial={"grant": g.pk})
        context.update(grants=grants, failed=failed)
        return context

    def post(self, request, *args, **kwargs):
        form = RevokeForm(request.POST)
        grant_id = form.data.get("grant", "")
        grant = selectors.grant_get(actor=request.user, pk=int(grant_id) if grant_id.isdigit() else 0)
        if self.submit(
            form,
            lambda: services.grant_revoke(actor=request.user, grant=grant, reason=form.cleaned_data["reason"]),
            _("The grant was revoked."),
        ):
            return redirect("exchange_grants")
        return self.render_to_response(self.get_context_data(form=form))


class ErrorReportListView(StaffPage):
    template_name = "exchange/error_report_list.html"
    page_title = _("Error reports")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(selectors.error_report_list(actor=self.request.user)[:200])
        for r in rows:
            r.state = deadline_state(r.deadline) if r.status == "submitted" else ""
            r.shown_key = services.feedback.masked_record_key(r)  # lists travel: keys masked as the to-dos are
        context["rows"] = rows
        return context


class ErrorReportCreateView(ResourceChoiceMixin, StaffPage):
    template_name = "exchange/error_report_form.html"
    shareable_only = False
    page_title = _("Report doubtful data")
    header_icon = "warning"

    def make_form(self, resource, data=None, files=None):
        items = catalog.resource_items(resource)
        return ErrorReportForm(data, files, items=items, initial={"resource": resource.pk})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resource = kwargs.get("resource", self.chosen_resource())
        context["resource"] = resource
        if resource is None:
            context.update(self.picker_context())
        else:
            context.setdefault("form", self.make_form(resource))
        return context

    def post(self, request, *args, **kwargs):
        resource = self.chosen_resource()
        if resource is None:
            return self.render_to_response(self.get_context_data(resource=None))
        form = self.make_form(resource, request.POST, request.FILES)

        def submit():
            data = form.cleaned_data
            return services.error_report_submit(
                actor=request.user,
                reporter=acting_organisation(request.user),
                resource_id=resource.pk,
                record_key=data["record_key"],
                item_id=data["item"],
                claimed_value=data["claimed_value"],
                evidence=data["evidence"],
                attachment=data["attachment"],
            )

        report = self.submit(form, submit, _("The error report was sent to the provider."))
        if report:
            return redirect("exchange_error_report_detail", report.pk)
        return self.render_to_response(self.get_context_data(resource=resource, form=form))


class ErrorReportDetailView(StaffPage):
    template_name = "exchange/error_report_detail.html"
    page_title = _("Error report")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = kwargs.get("report") or selectors.error_report_get(actor=self.request.user, pk=self.kwargs["pk"])
        context.update(
            report=report,
            state=deadline_state(report.deadline) if report.status == "submitted" else "",
            can_answer=bool(ERROR_REPORT.actions_for(self.request.user, report)),
            form=kwargs.get("form") or ErrorAnswerForm(initial={"corrected_value": report.claimed_value}),
        )
        return context

    def post(self, request, *args, **kwargs):
        report = selectors.error_report_get(actor=request.user, pk=kwargs["pk"])
        form = ErrorAnswerForm(request.POST)
        done = self.submit(
            form,
            lambda: services.error_report_answer(
                actor=request.user,
                report=report,
                corrected=form.cleaned_data["outcome"] == "corrected",
                answer=form.cleaned_data["answer"],
                corrected_value=form.cleaned_data["corrected_value"],
            ),
            _("The answer was sent to the reporting department."),
        )
        if done:
            return redirect("exchange_error_report_detail", report.pk)
        return self.render_to_response(self.get_context_data(report=report, form=form))

"""Back-office screens of the exchange inside the Wagtail admin (R1.4–R1.7). Thin: parse, call one service or
selector, render. The to-dos of the workbench link to the detail screens here."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from digigov.catalog import api as catalog
from digigov.core.calendar import deadline_state
from digigov.core.errors import DomainError
from digigov.core.permissions import acting_organisation, can
from digigov.core.staff_pages import StaffPage
from digigov.exchange import selectors, services, tasks
from digigov.exchange.choices import ApplicationStatus, ServiceKind
from digigov.exchange.forms import (
    ApplicationForm,
    DecisionForm,
    ErrorAnswerForm,
    ErrorReportForm,
    MountForm,
    ResourcePickForm,
    RevokeForm,
    ServiceForm,
    ServiceOpForm,
)
from digigov.exchange.lifecycle import APPLICATION, ERROR_REPORT, FINAL_STATES, GRANT, Action, GrantAction
from digigov.exchange.permissions import APPLICANTS, PROVIDER_STAFF, is_operator
from digigov.exchange.timeline import application_timeline, service_history
from digigov.identity import api as identity


class OwnOrganisationForm(StaffPage):
    """A form that acts for the person's own organisation (its services apply the same rule): shown only to those
    holding one of `roles` there, so nobody fills in a form whose sending would be refused (issue 9, item 10)."""

    roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, self.roles, acting_organisation(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


UPLOAD_STARTED = _("The file was received; it is being checked and imported. This page shows how far.")


class ServiceListView(StaffPage):
    template_name = "exchange/service_list.html"
    page_title = _("Data services")
    header_icon = "link"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = list(selectors.service_list(actor=self.request.user).prefetch_related("mount_set__resource"))
        for service in found:
            _mark_serving(service.mount_set.all())
        context["services"] = found
        context["can_register"] = can(self.request.user, PROVIDER_STAFF, acting_organisation(self.request.user))
        return context


def _mark_serving(mounts) -> None:
    """`mount.stop`: why the mounted resource is no longer served (withdrawn, not shared), or None (R1.2, R1.9)."""
    for mount in mounts:
        mount.stop = catalog.sharing_stop(mount.resource)


class ServiceCreateView(OwnOrganisationForm):
    roles = PROVIDER_STAFF

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

    def mount_form(self, service, resource, data=None) -> MountForm | None:
        """The field map form for `resource`, offering the service's fields; None (with the reason shown) if the
        service cannot say which fields it has."""
        try:
            fields = services.dataservices.service_fields(service)
        except DomainError as exc:
            messages.error(self.request, exc.message)
            return None
        items = catalog.resource_items(resource)
        return MountForm(data, items=items, fields=fields, initial={"resource": resource.pk})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = kwargs.get("service") or selectors.service_get(actor=self.request.user, pk=self.kwargs["pk"])
        mounts = list(selectors.mount_list(actor=self.request.user, service=service))
        _mark_serving(mounts)
        # the operator reads every service; only its provider's staff mount, unmount and reload it
        can_manage = can(self.request.user, PROVIDER_STAFF, service.provider_id)
        resource, mount_form = kwargs.get("resource"), kwargs.get("mount_form")
        pick = ResourcePickForm(self.request.GET)
        if can_manage and resource is None and pick.is_valid():
            try:
                resource = catalog.published_resource_get(pick.cleaned_data["resource"])
            except DomainError as exc:
                messages.error(self.request, exc.message)
        if resource is not None and mount_form is None:
            mount_form = self.mount_form(service, resource)
        context.update(
            service=service,
            mounts=mounts,
            probes=service.probes.all()[:10],
            resource=resource,
            mount_form=mount_form,
            resource_options=[]
            if mount_form or not can_manage
            else catalog.published_resource_options(provider_id=service.provider_id),
            can_manage=can_manage,
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
            return self.mount(service)
        if op == "unmount":
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

    def mount(self, service):
        pick = ResourcePickForm(self.request.POST)
        if not pick.is_valid():
            raise Http404
        resource = catalog.published_resource_get(pick.cleaned_data["resource"])
        form = self.mount_form(service, resource, self.request.POST)
        if form is None:
            return self.render_to_response(self.get_context_data(service=service, resource=resource))
        mounted = self.submit(
            form,
            lambda: services.service_mount(
                actor=self.request.user, service=service, resource_id=resource.pk, field_map=form.field_map()
            ),
            _("Mounted."),
        )
        if mounted:
            return redirect("exchange_service_detail", service.pk)
        return self.render_to_response(self.get_context_data(service=service, resource=resource, mount_form=form))


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
        context["can_apply"] = can(user, APPLICANTS, acting_organisation(user))
        return context


class ResourceChoiceMixin:
    """Forms about one published resource: picked first with a searchable list (?q= by name or code), then the
    form itself for `?resource=` (a link from the catalogue's resource page lands here directly)."""

    shareable_only = True  # not-shared resources cannot be applied for (R1.2)

    def chosen_resource(self):
        pick = ResourcePickForm(self.request.POST if self.request.method == "POST" else self.request.GET)
        if pick.is_valid():
            try:
                return catalog.published_resource_get(pick.cleaned_data["resource"])
            except DomainError as exc:
                messages.error(self.request, exc.message)
        return None

    def picker_context(self) -> dict:
        q = self.request.GET.get("q", "").strip()
        options = catalog.published_resource_options(shareable_only=self.shareable_only, q=q)
        return {"resource_options": options, "q": q}


class ApplicationCreateView(ResourceChoiceMixin, OwnOrganisationForm):
    roles = APPLICANTS
    template_name = "exchange/application_form.html"
    page_title = _("Apply for a resource")
    header_icon = "form"

    def make_form(self, resource, data=None):
        org = acting_organisation(self.request.user)
        systems = identity.system_clients_of(org) if org else []
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
    (Action.WITHDRAW, _("Withdraw the application"), "button button-secondary"),
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
        failed_id = failed.cleaned_data.get("grant") if failed is not None else None
        for g in grants:
            g.can_revoke = GRANT.may(self.request.user, g, GrantAction.REVOKE)
            g.revoke_form = failed if g.pk == failed_id else RevokeForm(grant_id=g.pk)
        context.update(grants=grants, failed=failed)
        return context

    def post(self, request, *args, **kwargs):
        form = RevokeForm(request.POST)
        form.is_valid()  # the grant is needed even when the reason is missing, to show the error on its row
        grant_id = form.cleaned_data.get("grant")
        if grant_id is None:
            raise Http404
        form.auto_id = f"id_revoke{grant_id}_%s"
        grant = selectors.grant_get(actor=request.user, pk=grant_id)
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
        context["can_report"] = can(self.request.user, APPLICANTS, acting_organisation(self.request.user))
        return context


class ErrorReportCreateView(ResourceChoiceMixin, OwnOrganisationForm):
    roles = APPLICANTS
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

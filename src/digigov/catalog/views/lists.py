"""The three lists in the back office (R1.3): tables, Excel import with every row error shown, Excel export."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.catalog import selectors, services
from digigov.catalog.lifecycle import DEMAND, DemandAction
from digigov.catalog.permissions import is_operator
from digigov.catalog.services.list_io import KINDS, TITLES, ImportRejectedError
from digigov.catalog.views.forms import DemandActionForm, ImportForm
from digigov.catalog.views.resources import CataloguePage
from digigov.core.errors import DomainError
from digigov.core.models import Organisation
from digigov.core.rules import rule
from digigov.core.staff_pages import error_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SELECTORS = {
    "responsibility": selectors.responsibility_list,
    "demand": selectors.demand_list,
    "negative": selectors.negative_list,
}


class ListView(CataloguePage):
    template_name = "catalog/list.html"
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in KINDS:
            raise Http404
        self.kind = kwargs["kind"]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return TITLES[self.kind]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = list(SELECTORS[self.kind](actor=self.request.user))
        today = timezone.localdate()
        for entry in entries:
            if self.kind == "responsibility":
                entry.state = selectors.responsibility_state(entry, today)
        context.update(
            kind=self.kind,
            entries=entries,
            form=kwargs.get("form") or ImportForm(),
            row_errors=kwargs.get("row_errors"),
            can_import=self.kind != "responsibility" or is_operator(self.request.user),
            max_mb=rule("catalog.import_max_mb"),
            kinds=[(k, TITLES[k]) for k in KINDS],
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        row_errors = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(int(rule("catalog.import_max_mb")) * 1024 * 1024 + 1)
            try:
                created = services.list_import(actor=request.user, kind=self.kind, data=data)
            except ImportRejectedError as exc:
                row_errors = exc.rows
                messages.error(request, exc.message)
            except DomainError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, _("%(n)s entries imported.") % {"n": created})
                return redirect("catalog_list", kind=self.kind)
        return self.render_to_response(self.get_context_data(form=form, row_errors=row_errors))


def list_export(request, kind):
    if kind not in KINDS:
        raise Http404
    data = services.list_export(actor=request.user, kind=kind)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="catalog-{kind}-{dt.date.today():%Y%m%d}.xlsx"'  # noqa: DTZ011
    return response


class DemandView(CataloguePage):
    """One demand: the operator matches it (with suggestions by name) or asks the provider, who responds."""

    template_name = "catalog/demand.html"
    page_title = _("Demand list entry")
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.entry = selectors.demand_list(actor=request.user).filter(pk=kwargs["pk"]).first()
        if self.entry is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        operator = is_operator(self.request.user)
        entry = self.entry
        context.update(
            entry=entry,
            suggestions=selectors.demand_suggestions(entry) if operator else [],
            providers=Organisation.objects.filter(is_active=True, parent__isnull=True).order_by("name"),
            can_decide=bool(DEMAND.actions_for(self.request.user, entry, only=[DemandAction.MATCH, DemandAction.ASK])),
            can_respond=bool(
                DEMAND.actions_for(self.request.user, entry, only=[DemandAction.PLAN, DemandAction.DECLINE])
            ),
            form=kwargs.get("form") or DemandActionForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        user, entry, form = request.user, self.entry, DemandActionForm(request.POST)
        if not form.is_valid() and "action" in form.errors:
            raise Http404  # only a forged request sends an unknown button

        def act():
            data, action = form.cleaned_data, form.cleaned_data["action"]
            if action == "match":
                resource = selectors.resource_detail(actor=user, pk=data["resource"] or 0)
                return services.demand_match(actor=user, entry=entry, resource=resource)
            if action == "ask":
                return services.demand_ask(actor=user, entry=entry, provider=data["provider"] or entry.provider)
            return services.demand_respond(
                actor=user, entry=entry, planned=action == "planned", response=data["response"]
            )

        if self.submit(form, act, _("Saved.")):
            return redirect("catalog_demand", pk=entry.pk)
        return self.render_to_response(self.get_context_data(form=form))

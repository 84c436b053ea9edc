"""The three lists in the back office (R1.3): tables, Excel import as a background job (every bad cell shown on
its page), export as Excel or CSV."""

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.catalog import selectors, services, tasks
from digigov.catalog.lifecycle import DEMAND, DemandAction
from digigov.catalog.permissions import is_operator
from digigov.catalog.services.list_io import KINDS, TITLES
from digigov.catalog.views.forms import DemandActionForm, ImportForm
from digigov.catalog.views.resources import CataloguePage
from digigov.core.models import Organisation
from digigov.core.rules import rule

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
            can_import=self.kind != "responsibility" or is_operator(self.request.user),
            max_mb=rule("catalog.import_max_mb"),
            kinds=[(k, TITLES[k]) for k in KINDS],
        )
        return context

    def post(self, request, *args, **kwargs):
        """The file's size and type are checked here; its rows by a background job, whose page shows the progress
        and then the result or every bad cell (R1.3)."""
        form = ImportForm(request.POST, request.FILES)
        job = self.submit(
            form,
            lambda: tasks.list_import_start(actor=request.user, kind=self.kind, upload=form.cleaned_data["file"]),
            _("The file was received; it is being checked and imported. This page shows how far."),
        )
        if job:
            return redirect(job)
        return self.render_to_response(self.get_context_data(form=form))


CONTENT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}


def list_export(request, kind):
    fmt = request.GET.get("format", "xlsx")
    if kind not in KINDS or fmt not in CONTENT_TYPES:
        raise Http404
    data = services.list_export(actor=request.user, kind=kind, fmt=fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="catalog-{kind}-{dt.date.today():%Y%m%d}.{fmt}"'  # noqa: DTZ011
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

"""The back office's call log (调用日志, R1.8): the platform operator sees every gateway call, a provider department the
calls to its own resources; filtered by consumer, resource, status and time, paged, exported to Excel with personal
data masked (`services.call_log`), in the background when large."""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core.background import launch
from digigov.core.errors import DomainError
from digigov.core.permissions import acting_organisation
from digigov.core.rules import rule
from digigov.core.staff_pages import StaffPage
from digigov.exchange import selectors, services, tasks
from digigov.exchange.forms import CallLogFilterForm
from digigov.exchange.permissions import is_operator
from digigov.exchange.services.call_log import export_filename

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
FILTERS = ("consumer", "resource", "status", "since", "until")


def _form(request, data) -> CallLogFilterForm:
    actor = request.user
    return CallLogFilterForm(
        data,
        consumers=selectors.call_consumer_options(actor=actor),
        resources=selectors.call_resource_options(actor=actor),
    )


def _filters(form: CallLogFilterForm) -> services.CallFilters:
    data = form.cleaned_data
    until = data.get("until")
    return services.CallFilters(
        consumer_id=data.get("consumer"),
        resource_id=data.get("resource"),
        status=data.get("status") or "",
        since=data.get("since"),
        until=until + dt.timedelta(minutes=1) if until else None,  # "until 10:00" includes the calls of 10:00
    )


def _query_data(request):
    """The filters asked for; a first visit (no filter at all) opens on the last `exchange.call_log_default_days`."""
    data = request.GET.copy() if request.method == "GET" else request.POST.copy()
    if not any(name in data for name in FILTERS):
        start = timezone.localtime() - dt.timedelta(days=rule("exchange.call_log_default_days"))
        data["since"] = start.strftime("%Y-%m-%dT%H:%M")
    return data


class CallLogView(StaffPage):
    """GET: the filtered, paged log. POST (the same filters): the export, at once when small, else a background job
    whose progress page the owner is sent to (`exchange.call_log_export_inline_rows`)."""

    template_name = "exchange/call_log.html"
    page_title = gettext_lazy("Call log")
    header_icon = "list-ul"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        data = _query_data(self.request)
        form = _form(self.request, data)
        page = None
        if form.is_valid():
            calls = services.call_query(actor=actor, filters=_filters(form))
            page = Paginator(calls, PAGE_SIZE).get_page(self.request.GET.get("page"))
            page.rows = services.call_rows(page.object_list)
        query = data.copy()
        query.pop("page", None)
        context.update(form=form, page=page, query=query, operator=is_operator(actor))
        return context

    def post(self, request, *args, **kwargs):
        data = _query_data(request)
        form = _form(request, data)
        back = reverse("exchange_call_log") + "?" + data.urlencode()  # the same filters, shown again
        if not form.is_valid():
            return redirect(back)  # the screen shows the same form's errors
        filters = _filters(form)
        count = services.call_query(actor=request.user, filters=filters).count()
        most = rule("exchange.call_log_export_max_rows")
        if count > most:
            messages.error(
                request,
                _("%(n)s calls match; one export holds at most %(most)s. Narrow the time range or the filters.")
                % {"n": count, "most": most},
            )
            return redirect(back)
        if count > rule("exchange.call_log_export_inline_rows"):
            job = launch(
                tasks.call_log_export_job,
                owner=request.user,
                organisation=acting_organisation(request.user),
                label=_("Call log export (%(n)s calls)") % {"n": count},
                filters=filters.as_params(),
            )
            return redirect(job)
        try:
            content, _rows = services.call_log_export(actor=request.user, filters=filters)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect(back)
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, export_filename())
        return response

"""The hotline's back-office screens (R5.1) under the 12345 热线 menu: the agent's intake screen (caller, place,
request, the knowledge base and the caller's earlier tickets beside the form), the centre's ticket list with
filters, a ticket's page with its history and the buttons its state allows, and a department's tickets."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import FieldErrors, NotFoundError
from digigov.core.models import Organisation
from digigov.core.staff_pages import StaffPage
from digigov.hotline import deadlines, redirects, selectors, services
from digigov.hotline.choices import TicketAction
from digigov.hotline.duplicates import duplicate_candidates
from digigov.hotline.forms import IntakeForm, RoutingRuleForm, StepForm, TicketFilterForm
from digigov.hotline.lifecycle import TICKET
from digigov.hotline.masking import normalise_phone
from digigov.hotline.permissions import agent_centre_ids, centre_ids, is_agent, is_supervisor
from digigov.knowledge.api import Category, article_search, article_suggestions


def category_id_of(code: str) -> int | None:
    return Category.objects.filter(code=code).values_list("pk", flat=True).first()


class HotlinePage(StaffPage):
    header_icon = "mobile-alt"


class IntakeView(HotlinePage):
    """来电登记 (issue 13 §1): the agent types while talking; 'search' and 'look up' keep what was typed."""

    template_name = "hotline/intake.html"
    page_title = _("Register a call")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_agent(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or IntakeForm()
        context.update(form=form, articles=[], history=[], matter=None, duplicates=[], seen="")
        if form.is_bound:
            terms = (form["search"].value() or "").strip() or (form["content"].value() or "").strip()[:40]
            context["articles"] = article_search(terms=terms, limit=8) if terms else []
            try:
                phone = normalise_phone(form["caller_phone"].value() or "")
            except Exception:  # noqa: BLE001  (an unfinished number simply finds nothing)
                phone = ""
            context["history"] = selectors.caller_history(actor=self.request.user, phone=phone)
            matter = redirects.recognise(form["content"].value() or "")
            context["matter"] = matter and redirects.WORDING[matter]
            found = self.duplicates(form)
            context.update(duplicates=found, seen=",".join(str(d.ticket.pk) for d in found))
        return context

    def duplicates(self, form) -> list:
        """并案 (acceptance 6): open tickets of the agent's centre that look like this call, from what is typed."""
        if not hasattr(self, "_duplicates"):
            centres = agent_centre_ids(self.request.user)
            code = (form["category_code"].value() or "").strip()
            self._duplicates = (
                duplicate_candidates(
                    centre_id=min(centres),
                    caller_phone=form["caller_phone"].value() or "",
                    division_code=form["division_code"].value() or "",
                    category_id=category_id_of(code) if code else None,
                    content=form["content"].value() or "",
                )
                if centres
                else []
            )
        return self._duplicates

    def post(self, request, *args, **kwargs):
        form = IntakeForm(request.POST)
        if form.is_lookup():
            return self.render_to_response(self.get_context_data(form=form))
        if form.is_valid() and form.cleaned_data["merge_into"]:
            return self.register_merged(form)
        if form.is_valid() and {d.ticket.pk for d in self.duplicates(form)} - form.seen_ids():
            # possible duplicates the agent has not seen yet: show them first, register nothing
            return self.render_to_response(self.get_context_data(form=form, duplicate_warning=True))
        ticket = self.submit(
            form,
            lambda: services.ticket_create(actor=request.user, **form.ticket_fields()),
            _("Ticket registered."),
        )
        if ticket:
            return redirect("hotline_ticket", pk=ticket.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def register_merged(self, form):
        """'Register and merge': the call becomes a ticket merged into the one the agent chose, in one step."""
        try:
            into = selectors.ticket_get(actor=self.request.user, pk=form.cleaned_data["merge_into"])
        except NotFoundError:
            raise Http404 from None
        ticket = self.submit(
            form,
            lambda: services.ticket_create_merged(actor=self.request.user, into=into, **form.ticket_fields()),
            _("Ticket registered and merged into %(number)s.") % {"number": into.number},
        )
        if ticket:
            return redirect("hotline_ticket", pk=ticket.pk)
        return self.render_to_response(self.get_context_data(form=form))


class TicketListView(HotlinePage):
    """工单列表: the centre's tickets (or a department's, `department=True`) with status, kind and overdue filters."""

    template_name = "hotline/ticket_list.html"
    page_title = _("Hotline tickets")
    department = False

    def get_page_title(self):
        return _("Tickets of my department") if self.department else self.page_title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        filters = TicketFilterForm(self.request.GET or None)
        values = filters.cleaned_data if filters.is_valid() else {}
        if self.department:
            qs = selectors.department_ticket_list(actor=user)
        else:
            qs = selectors.ticket_list(
                actor=user,
                status=values.get("status", ""),
                kind=values.get("kind", ""),
                overdue=values.get("overdue", False),
                due_soon=values.get("due_soon", False),
                q=values.get("q", ""),
            )
        page = Paginator(qs, 50).get_page(self.request.GET.get("page"))
        today = timezone.localdate()
        context.update(
            filters=filters,
            page=page,
            rows=[(t, deadlines.state(t.due_on, today) if t.is_open else "") for t in page],
            department=self.department,
            can_register=is_agent(user),
        )
        return context


def dispatchable_departments():
    return Organisation.objects.filter(is_active=True, parent__isnull=True).exclude(pk__in=centre_ids())


class RoutingRulesView(HotlinePage):
    """派单规则 (R5.1): category × division → department, kept by a centre's reviewers and leaders; the ticket page
    suggests the department of the most specific rule."""

    template_name = "hotline/routing_rules.html"
    page_title = _("Routing rules")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not any(is_supervisor(request.user, c) for c in centre_ids()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=kwargs.get("form") or RoutingRuleForm(departments=dispatchable_departments()),
            rules=selectors.routing_rule_list(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = RoutingRuleForm(request.POST, departments=dispatchable_departments())
        saved = self.submit(
            form,
            lambda: services.routing_rule_save(
                actor=request.user,
                category_code=form.cleaned_data["category_code"],
                division_code=form.cleaned_data["division_code"],
                department_id=form.cleaned_data["department"].pk,
            ),
            _("Routing rule saved."),
        )
        if saved:
            return redirect("hotline_routing")
        return self.render_to_response(self.get_context_data(form=form))


class TicketDetailView(HotlinePage):
    """工单详情: the request, the caller (masked unless the person took or handles it), the departments, the
    history, and one form per step the person may take now."""

    template_name = "hotline/ticket_detail.html"

    def get_page_title(self):
        return _("Ticket %(number)s") % {"number": self.ticket.number}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            try:
                self.ticket = selectors.ticket_get(actor=request.user, pk=kwargs["pk"])
            except NotFoundError:
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def departments(self):
        return dispatchable_departments()

    def main_ticket(self, number: str):
        """The ticket to merge into, by its number as the agent typed or chose it; another centre's looks missing."""
        try:
            return selectors.ticket_get(actor=self.request.user, number=(number or "").strip().upper())
        except NotFoundError:
            raise FieldErrors.one("into", _("No ticket of your centre has this number.")) from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        t, user = self.ticket, self.request.user
        allowed = TICKET.actions_for(user, t)
        suggested = selectors.suggest_department(category_id=t.category_id, division_code=t.division_id)
        form = kwargs.get("form") or StepForm(
            departments=self.departments(),
            initial={"department": suggested, "matter": redirects.recognise(t.content)},
        )
        form.label_for(allowed)
        may_merge = TicketAction.MERGE in allowed
        context.update(
            merged=t.merged.order_by("created_at") if not t.merged_into_id else [],
            may_merge=may_merge,
            merge_suggestions=[
                d
                for d in duplicate_candidates(
                    centre_id=t.centre_id,
                    caller_phone=t.caller_phone,
                    division_code=t.division_id,
                    category_id=t.category_id,
                    content=t.content,
                    exclude_pk=t.pk,
                    on=t.created_at,
                )
                if d.can_merge
            ]
            if may_merge
            else [],
        )
        context.update(
            ticket=t,
            caller=services.caller_details(actor=user, ticket=t),
            assignments=t.assignments.select_related("department"),
            extensions=selectors.ticket_extensions(ticket=t),
            events=selectors.ticket_events(ticket=t),
            allowed=allowed,
            buttons=[(a, TicketAction(a).label) for a in allowed if a != TicketAction.MERGE],
            form=form,
            suggested=suggested,
            articles=article_suggestions(text=t.content, limit=5) if TicketAction.ANSWER in allowed else [],
            state=deadlines.state(t.due_on) if t.is_open else "",
            history=selectors.caller_history(actor=user, phone=t.caller_phone, exclude_pk=t.pk, limit=5),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = StepForm(request.POST, departments=self.departments())
        t, user = self.ticket, request.user

        def run():
            d = form.cleaned_data
            action = d["action"]
            calls = {
                TicketAction.ANSWER: lambda: services.ticket_answer(
                    actor=user, ticket=t, article_id=d["article_id"] or 0, answer=d["note"]
                ),
                TicketAction.REDIRECT: lambda: services.ticket_redirect(
                    actor=user, ticket=t, matter=d["matter"], note=d["note"]
                ),
                TicketAction.DISPATCH: lambda: services.ticket_dispatch(
                    actor=user,
                    ticket=t,
                    department_id=d["department"].pk if d["department"] else 0,
                    instructions=d["note"],
                    co_department_ids=[o.pk for o in d["co_department_ids"]],
                ),  # fmt: skip
                TicketAction.ACCEPT: lambda: services.ticket_accept(actor=user, ticket=t),
                TicketAction.HAND_BACK: lambda: services.ticket_hand_back(actor=user, ticket=t, reason=d["reason"]),
                TicketAction.APPROVE_HAND_BACK: lambda: services.hand_back_decide(
                    actor=user, ticket=t, approve=True, note=d["note"]
                ),
                TicketAction.REFUSE_HAND_BACK: lambda: services.hand_back_decide(
                    actor=user, ticket=t, approve=False, note=d["note"]
                ),
                TicketAction.REPLY: lambda: services.ticket_reply(actor=user, ticket=t, reply=d["reply"]),
                TicketAction.APPROVE_REPLY: lambda: services.reply_review(
                    actor=user, ticket=t, approve=True, note=d["note"]
                ),
                TicketAction.RETURN_REPLY: lambda: services.reply_review(
                    actor=user, ticket=t, approve=False, note=d["note"]
                ),
                TicketAction.VISIT: lambda: services.ticket_visit(
                    actor=user, ticket=t, satisfaction=d["satisfaction"], note=d["note"]
                ),
                TicketAction.REOPEN: lambda: services.ticket_reopen(actor=user, ticket=t, note=d["note"]),
                TicketAction.CLOSE: lambda: services.ticket_close(actor=user, ticket=t, note=d["note"]),
                TicketAction.CO_ACCEPT: lambda: services.co_accept(actor=user, ticket=t),
                TicketAction.CO_HAND_BACK: lambda: services.co_hand_back(actor=user, ticket=t, reason=d["reason"]),
                TicketAction.CO_REPLY: lambda: services.ticket_co_reply(actor=user, ticket=t, reply=d["reply"]),
                TicketAction.REQUEST_EXTENSION: lambda: services.extension_request(
                    actor=user, ticket=t, days=d["days"] or 0, reason=d["reason"]
                ),
                TicketAction.APPROVE_EXTENSION: lambda: services.extension_decide(
                    actor=user, ticket=t, approve=True, note=d["note"]
                ),
                TicketAction.REFUSE_EXTENSION: lambda: services.extension_decide(
                    actor=user, ticket=t, approve=False, note=d["note"]
                ),
                TicketAction.URGE: lambda: services.ticket_urge(actor=user, ticket=t, note=d["note"]),
                TicketAction.MERGE: lambda: services.ticket_merge(
                    actor=user, ticket=t, into=self.main_ticket(d["into"]), note=d["note"]
                ),
            }
            if action not in calls:
                raise PermissionDenied
            return calls[action]()

        if self.submit(form, run, _("Done.")):
            return redirect("hotline_ticket", pk=t.pk)
        self.ticket = selectors.ticket_get(actor=user, pk=t.pk)
        form.label_for(TICKET.actions_for(user, self.ticket))
        return self.render_to_response(self.get_context_data(form=form))

"""12345 网上诉求 (R5.1; issue 13 acceptance 1): the hotline's web and phone page under `/hotline/`, phone-first in
the public frame (`public/base.html`): the number and hours to call, the request form (a signed-in citizen's name
and mobile come from the account), the receipt, 查询办理进度 by ticket number and mobile, and 我的诉求 for the
signed-in citizen, where the caller rates the answer.

The frame comes from the composition root (`urls.py` passes `chrome=websites.api.chrome_for`): the hotline sits
below websites, so it does not import it. The services check and record everything; these views carry input and
show the Chinese errors at their fields. A ticket is shown only to whoever proved it theirs in this browser session
(number and mobile), or to the account that submitted it; to anyone else the look-up form answers as for an unknown
number.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core.errors import DomainError, NotFoundError
from digigov.core.middleware import client_ip
from digigov.core.public import PublicChrome, QueryPager
from digigov.core.ratelimit import RateLimited
from digigov.core.rules import rule
from digigov.core.staff_pages import add_domain_errors
from digigov.hotline.choices import Satisfaction, TicketKind
from digigov.hotline.deadlines import limit_days
from digigov.hotline.models import Ticket
from digigov.hotline.services import public
from digigov.identity import api as identity

HOME = "/hotline/"
SESSION_KEY = "hotline_tickets"  # the tickets this browser session proved to be its own
PAGE_SIZE = 20


def _chrome(request, chrome) -> PublicChrome:
    return chrome(request, HOME) if callable(chrome) else PublicChrome.plain()


def _page(request, chrome, template: str, status: int = 200, **extra) -> TemplateResponse:
    context = {
        "chrome": _chrome(request, chrome), "request": request, "phone_number": rule("hotline.phone_number"),
        "service_hours": rule("hotline.service_hours"), **extra,
    }  # fmt: skip
    return TemplateResponse(request, f"hotline/public/{template}", context, status=status)


def _crumbs(*pairs) -> list[tuple[str, str]]:
    return [(_("12345 hotline"), HOME), *pairs]


def _refused(request, chrome, error: RateLimited) -> TemplateResponse:
    return _page(request, chrome, "refused.html", status=429, message=error.message,
                 breadcrumbs=_crumbs((_("Please try again later"), "")))  # fmt: skip


def _mark_errors(form: forms.Form) -> None:
    """aria-describedby naming each field's help and error (the template shows them under the field), aria-invalid
    on a field with an error."""
    for name, field in form.fields.items():
        described = [f"{form[name].auto_id}-help"] if field.help_text else []
        if name in form.errors:
            described.append(f"{form[name].auto_id}-error")
            field.widget.attrs["aria-invalid"] = "true"
        if described and not isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs["aria-describedby"] = " ".join(described)


def _prove(request, ticket: Ticket) -> None:
    proved = [pk for pk in request.session.get(SESSION_KEY, []) if pk != ticket.pk][-19:]
    request.session[SESSION_KEY] = [*proved, ticket.pk]


def _citizen(request):
    """The signed-in citizen (or legal person), else None: a staff account submits as anyone does."""
    return request.user if identity.party_of(request.user) is not None else None


def _own_ticket(request, number: str) -> Ticket | None:
    ticket = Ticket.objects.filter(number=number).select_related("centre").first()
    if ticket is None:
        return None
    citizen = _citizen(request)
    if ticket.pk in request.session.get(SESSION_KEY, []) or (citizen is not None and ticket.citizen_id == citizen.pk):
        return ticket
    return None


# --------------------------------------------------------------------------- the page


def home(request, chrome=None):
    citizen = _citizen(request)
    recent = list(public.caller_tickets(citizen)[:3]) if citizen is not None else []
    return _page(request, chrome, "home.html", citizen=citizen,
                 recent=[public.public_view(t) for t in recent], breadcrumbs=_crumbs())  # fmt: skip


class RequestForm(forms.Form):
    """The fields only; the service checks them all at once (services.public.ticket_submit), in the caller's words."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind of request"), choices=TicketKind.choices,
                             widget=forms.RadioSelect, initial=TicketKind.CONSULTATION)  # fmt: skip
    content = forms.CharField(
        label=gettext_lazy("Details of your request"), required=False,
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": public.CONTENT_MAX}),
        help_text=gettext_lazy("What, when, who is concerned, and what you would like done."),
    )  # fmt: skip
    division_code = forms.CharField(label=gettext_lazy("Where it happened"), required=False, widget=forms.Select)
    address = forms.CharField(
        label=gettext_lazy("Address"), required=False, widget=forms.TextInput(attrs={"maxlength": 200}),
        help_text=gettext_lazy("Street, building or landmark, so the department can find the place."),
    )  # fmt: skip
    caller_name = forms.CharField(label=gettext_lazy("Your name"), required=False,
                                  widget=forms.TextInput(attrs={"maxlength": 50, "autocomplete": "name"}))  # fmt: skip
    caller_phone = forms.CharField(
        label=gettext_lazy("Mobile number"), required=False,
        widget=forms.TextInput(attrs={"maxlength": 20, "inputmode": "tel", "autocomplete": "tel"}),
        help_text=gettext_lazy("The centre may call you back; with the ticket number it lets you follow the request."),
    )  # fmt: skip
    caller_id_number = forms.CharField(
        label=gettext_lazy("ID number (optional)"), required=False, widget=forms.TextInput(attrs={"maxlength": 18}),
        help_text=gettext_lazy("Only if the matter concerns your own records, e.g. social insurance."),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=gettext_lazy(
            "I agree that the hotline centre and the departments handling my request see what I wrote and my "
            "contact details, and use them only to handle it."
        ),
        required=False,
    )

    def __init__(self, *args, citizen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division_code"].widget.choices = [("", _("Choose the city or county")), *public.division_choices()]
        if citizen is not None:  # the account's name and mobile are used; they are shown, not typed
            del self.fields["caller_name"], self.fields["caller_phone"]


def new(request, chrome=None):
    citizen = _citizen(request)
    form = RequestForm(request.POST if request.method == "POST" else None, citizen=citizen)
    party = identity.party_of(citizen) if citizen is not None else None
    crumbs = _crumbs((_("Submit a request"), ""))
    if request.method == "POST" and form.is_valid():
        try:
            values = dict(form.cleaned_data)
            if party is not None:  # the account's name and mobile, not typed
                values.update(caller_name=party.name, caller_phone=party.phone)
            ticket = public.ticket_submit(citizen=citizen, client_address=client_ip(request) or None, **values)
        except RateLimited as error:
            return _refused(request, chrome, error)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            _prove(request, ticket)
            return redirect(reverse("hotline_public_receipt", args=[ticket.number]))
    _mark_errors(form)
    status = 400 if request.method == "POST" else 200
    return _page(request, chrome, "new.html", status=status, form=form, party=party, breadcrumbs=crumbs)


def receipt(request, number: str, chrome=None):
    ticket = _own_ticket(request, number)
    if ticket is None:
        raise Http404
    view = public.public_view(ticket)
    return _page(request, chrome, "receipt.html", ticket=view, days=limit_days(ticket.kind, ticket.urgency),
                 breadcrumbs=_crumbs((_("Request received"), "")))  # fmt: skip


def track(request, chrome=None):
    """查询办理进度: the ticket number and the mobile given with it (POST: the mobile is never in an address)."""
    number, problem, status = "", "", 200
    if request.method == "POST":
        number = request.POST.get("number", "").strip()[:20]
        try:
            ticket = public.ticket_lookup(number=number, phone=request.POST.get("phone", "")[:20],
                                          client_address=client_ip(request) or None)  # fmt: skip
        except RateLimited as error:
            return _refused(request, chrome, error)
        except NotFoundError as error:
            problem, status = error.message, 404
        else:
            _prove(request, ticket)
            return redirect(reverse("hotline_public_ticket", args=[ticket.number]))
    return _page(request, chrome, "track.html", status=status, number=number, problem=problem,
                 breadcrumbs=_crumbs((_("Follow a request"), "")))  # fmt: skip


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(label=gettext_lazy("How satisfied are you with the answer?"),
                                     choices=Satisfaction.choices, widget=forms.RadioSelect)  # fmt: skip


def ticket_page(request, number: str, chrome=None):
    """One ticket as its caller sees it; the rating (the return visit) while it waits for one."""
    ticket = _own_ticket(request, number)
    if ticket is None:  # not proved in this session: the look-up form, as for an unknown number
        return redirect(reverse("hotline_public_track"))
    citizen = _citizen(request)
    form = RatingForm(request.POST if request.method == "POST" else None)
    rated = False
    if request.method == "POST" and form.is_valid():
        try:
            ticket = public.caller_rate(ticket=ticket, satisfaction=form.cleaned_data["satisfaction"], citizen=citizen)
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            rated = True
    else:
        public.ticket_followed(ticket=ticket, citizen=citizen)
    _mark_errors(form)
    status = 400 if request.method == "POST" and not rated else 200
    return _page(request, chrome, "ticket.html", status=status, ticket=public.public_view(ticket), form=form,
                 rated=rated, breadcrumbs=_crumbs((_("Follow a request"), reverse("hotline_public_track")),
                                                  (ticket.number, "")))  # fmt: skip


def mine(request, chrome=None):
    """我的诉求: the signed-in citizen's tickets, newest first."""
    citizen = _citizen(request)
    if citizen is None:
        return redirect_to_login(request.get_full_path(), reverse("identity:login"))
    pages = Paginator(public.caller_tickets(citizen), PAGE_SIZE)
    number = request.GET.get("page", "1")
    page = pages.get_page(number if number.isdigit() else 1)
    return _page(request, chrome, "mine.html", tickets=[public.public_view(t) for t in page.object_list],
                 pager=QueryPager({}, page.number, pages.num_pages),
                 breadcrumbs=_crumbs((_("My requests"), "")))  # fmt: skip

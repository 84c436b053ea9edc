"""Citizens' letters (R8.4 政民互动): received from a site's public form, answered by the site's unit within the rule's
working days, published with the reply when the writer agreed. Every letter is plain text (escaped wherever shown);
one address may send only a few an hour; a reading of the writer's name and number by staff is in the ledger."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.calendar import add_working_days
from digigov.core.divisions import installation_division
from digigov.core.errors import DomainError, FieldErrors
from digigov.core.models import Division
from digigov.core.numbering import next_in_year
from digigov.core.permissions import is_platform_admin, organisation_ids, require
from digigov.core.ratelimit import limit_per_address
from digigov.core.rules import rule
from digigov.core.validators import validate_mobile
from digigov.hotline import api as hotline
from digigov.hotline.choices import Channel, TicketKind
from digigov.websites.choices import LETTER_KINDS, CorrectionKind, MessageKind, MessageState
from digigov.websites.models import Message, SiteProfile
from digigov.websites.permissions import EDITORS

REPLY_MIN = 10  # characters: a reply says something
LETTER_KIND = "websites.letter"  # the unit's to-do: answer it by its date


@transaction.atomic
def message_send(
    *, site: SiteProfile, kind: str, title: str, body: str, name: str, phone: str, public: bool,
    citizen=None, address: str | None = None,
) -> Message:  # fmt: skip
    """A letter to `site`'s unit; its number and answer date are the writer's receipt."""
    errors = FieldErrors()
    title = (title or "").strip()
    if kind not in LETTER_KINDS:
        errors.add("kind", _("Choose consultation, complaint or suggestion."))
    if not title:
        errors.add("title", _("Give your letter a subject."))
    elif len(title) > 100:
        errors.add("title", _("The subject is at most 100 characters."))
    return _receive(
        errors, site=site, kind=kind, title=title, body=body, name=name, phone=phone, public=public, citizen=citizen,
        address=address, reply_days="websites.message_reply_days",
    )  # fmt: skip


@transaction.atomic
def correction_send(
    *, site: SiteProfile, category: str, page_url: str, body: str, name: str, phone: str, citizen=None,
    address: str | None = None,
) -> Message:  # fmt: skip
    """网民纠错 (R8.6): a mistake on one of the site's pages, answered within its own, shorter rule."""
    errors = FieldErrors()
    page_url = (page_url or "").strip()
    if category not in CorrectionKind.values:
        errors.add("category", _("Choose what is wrong."))
    if not _is_page_address(page_url):
        errors.add("page_url", _("Give the page's address as the browser shows it, e.g. /news/ or https://…"))
    label = str(CorrectionKind(category).label) if category in CorrectionKind.values else ""
    return _receive(
        errors, site=site, kind=MessageKind.CORRECTION, title=label, body=body, name=name, phone=phone, public=False,
        citizen=citizen, address=address, page_url=page_url, reply_days="websites.error_report_reply_days",
    )  # fmt: skip


def _is_page_address(value: str) -> bool:
    """A path on the site, or an http(s) address: nothing else is ever shown as a link to staff."""
    if not value or len(value) > 300 or any(c.isspace() for c in value):
        return False
    if value.startswith("/"):
        return not value.startswith("//")
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def sender_checked(errors: FieldErrors, body: str, name: str, phone: str, *, too_short, too_long):
    """What the public sends with their name and mobile number (a letter, an opinion): text of 10 to 2,000
    characters, a name, a valid number; each problem at its field. Returns the cleaned values."""
    body, name = (body or "").strip(), (name or "").strip()
    if len(body) < 10:
        errors.add("body", too_short)
    elif len(body) > 2000:
        errors.add("body", too_long)
    if not name or len(name) > 50:
        errors.add("name", _("Give your name (at most 50 characters)."))
    try:
        phone = validate_mobile(phone)
    except ValidationError as error:
        errors.add("phone", error.messages[0])
    return body, name, phone


def _receive(
    errors: FieldErrors, *, site, kind, title, body, name, phone, public, citizen, address, reply_days,
    page_url: str = "",
) -> Message:  # fmt: skip
    body, name, phone = sender_checked(
        errors, body, name, phone,
        too_short=_("Write at least 10 characters, so that the unit can answer."),
        too_long=_("A letter is at most 2,000 characters."),
    )  # fmt: skip
    errors.raise_if_any()
    limit_per_address(Message.objects.all(), "received_at", address, "websites.message_hourly_limit",
                      _("Too many letters were sent from your network in the last hour. Please try again later, or "
                        "call the 12345 hotline."))  # fmt: skip
    now = timezone.now()
    today = timezone.localdate(now)
    number = f"{today.year}{next_in_year('websites.message', today.year):06d}"
    message = Message.objects.create(
        site=site, unit=site.organiser, number=number, kind=kind, title=title, body=body, name=name, phone=phone,
        citizen=citizen if getattr(citizen, "is_authenticated", False) else None, public=public, address=address,
        page_url=page_url, received_at=now, due_on=add_working_days(today, rule(reply_days)),
    )  # fmt: skip
    letter_todo(message)
    ledger.record(
        action="websites.message.received",
        actor=message.citizen,
        organisation=message.unit,
        obj=message,
        after={"number": number, "kind": kind, "title": title},
    )
    if rule("websites.letters_to_hotline") and kind in HOTLINE_KINDS:  # routed straight to 12345 (R5.1)
        try:
            return _to_hotline(message, actor=None)
        except DomainError:  # no hotline centre takes it (none configured): the unit answers the letter itself
            return message
    return message


def letter_todo(message: Message) -> None:
    """The unit's to-do: answer the letter (or the error report) by its date; closed by the reply."""
    if message.kind == MessageKind.CORRECTION:
        title = gettext_lazy("Answer error report %(number)s: %(title)s")
    else:
        title = gettext_lazy("Answer citizen's letter %(number)s: %(title)s")
    inbox.inbox_register(
        source="websites",
        kind=LETTER_KIND,
        title=inbox.lazy_text(title, number=message.number, title=message.title),
        url=reverse("websites_letter", args=[message.pk]),
        assignee_org=message.unit,
        deadline=message.due_on,
        obj=message,
    )


@transaction.atomic
def message_reply(*, actor, message: Message, reply: str) -> Message:
    """The unit's answer (答复): published with the letter when its writer agreed."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    require(actor, EDITORS, message.unit)
    if message.state == MessageState.REPLIED:
        raise DomainError(_("This letter has already been answered."), code="conflict")
    if message.state == MessageState.TRANSFERRED:
        raise DomainError(_("This letter was transferred to the 12345 hotline, which answers it."), code="conflict")
    reply = (reply or "").strip()
    if len(reply) < REPLY_MIN:
        raise FieldErrors.one("reply", _("Write the reply (at least %(n)d characters).") % {"n": REPLY_MIN})
    message.reply, message.replied_at, message.replied_by = reply, timezone.now(), actor
    message.state = MessageState.REPLIED
    message.save(update_fields=["reply", "replied_at", "replied_by", "state"])
    inbox.inbox_complete_for(obj=message, kind=LETTER_KIND)
    ledger.record(
        action="websites.message.replied",
        actor=actor,
        organisation=message.unit,
        obj=message,
        after={"number": message.number, "late": timezone.localdate(message.replied_at) > message.due_on},
    )
    return message


def messages_for(actor) -> QuerySet[Message]:
    """The letters the actor's units answer; every letter for the platform operator."""
    letters = Message.objects.select_related("site", "unit")
    return letters if is_platform_admin(actor) else letters.filter(unit_id__in=organisation_ids(actor, EDITORS))


@transaction.atomic
def message_for_staff(actor, pk: int) -> Message | None:
    """One letter with its writer's name and number: the reading is in the ledger (personal data, R0.4)."""
    message = messages_for(actor).filter(pk=pk).first()
    if message is not None:
        ledger.record(
            action="websites.message.viewed", actor=actor, organisation=message.unit, obj=message,
            after={"number": message.number},
        )  # fmt: skip
    return message


def public_messages(site: SiteProfile) -> QuerySet[Message]:
    """What the site shows (信件选登): answered letters whose writers agreed, newest answer first."""
    return (
        Message.objects.filter(site=site, state=MessageState.REPLIED, public=True, kind__in=LETTER_KINDS)
        .select_related("unit")
        .order_by("-replied_at", "-pk")
    )


# -- 转12345热线: letters routed to the hotline (R5.1, R8.4) ----------------------------------------------------

HOTLINE_KINDS = {  # a letter's kind → the hotline's kind of request
    MessageKind.CONSULTATION: TicketKind.CONSULTATION,
    MessageKind.COMPLAINT: TicketKind.COMPLAINT,
    MessageKind.SUGGESTION: TicketKind.SUGGESTION,
}
SOURCE_PREFIX = "websites.message:"  # Ticket.source_ref of a letter routed in
_CHOOSABLE = ("province", "city", "county")  # the hotline takes divisions down to county


@transaction.atomic
def message_to_hotline(*, actor, message: Message) -> Message:
    """The site's unit hands an open letter to the 12345 hotline: it becomes a ticket (channel 政府网站留言) in the
    intake queue of the centre for the site's division; the letter keeps the ticket number, the unit's to-do ends,
    and the ticket's final answer comes back as the letter's reply (`ticket_answered`, below)."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    require(actor, EDITORS, message.unit)
    if message.state != MessageState.RECEIVED:
        raise DomainError(_("Only a letter not yet answered or transferred can be transferred."), code="conflict")
    if message.kind not in HOTLINE_KINDS:
        raise DomainError(_("Only consultations, complaints and suggestions go to the 12345 hotline."),
                          code="invalid")  # fmt: skip
    return _to_hotline(message, actor=actor)


def _letter_division(message: Message) -> Division | None:
    """Where the letter's matter is: the division of the site's unit (up to its county), else the installation's."""
    division = message.unit.division
    while division is not None and division.level not in _CHOOSABLE:
        division = division.parent
    return division or installation_division()


def _to_hotline(message: Message, *, actor) -> Message:
    division = _letter_division(message)
    ticket = hotline.ticket_submit(
        kind=HOTLINE_KINDS[MessageKind(message.kind)],
        content=f"{message.title}\n{message.body}",
        division_code=division.code if division is not None else "",
        caller_name=message.name,
        caller_phone=message.phone,
        channel=Channel.WEBSITE_MESSAGE,
        citizen=message.citizen,
        source_ref=f"{SOURCE_PREFIX}{message.pk}",
        via=f"{message.site.name} {message.number}"[:100],
    )
    message.state, message.ticket_number, message.transferred_at = (
        MessageState.TRANSFERRED, ticket.number, timezone.now(),
    )  # fmt: skip
    message.save(update_fields=["state", "ticket_number", "transferred_at"])
    inbox.inbox_complete_for(obj=message, kind=LETTER_KIND)
    ledger.record(
        action="websites.message.transferred", actor=actor, organisation=message.unit, obj=message,
        after={"number": message.number, "ticket": ticket.number, "automatic": actor is None},
    )  # fmt: skip
    return message


def ticket_answered(sender, *, ticket, actor, **kwargs) -> None:
    """The hotline's answer to a letter routed in is the letter's reply: it shows as answered on the site (with the
    letter, if its writer agreed to publication). Connected in WebsitesConfig.ready(); runs in the hotline step's
    transaction."""
    if not ticket.source_ref.startswith(SOURCE_PREFIX):
        return
    pk = ticket.source_ref.removeprefix(SOURCE_PREFIX)
    message = Message.objects.select_for_update().filter(pk=int(pk) if pk.isdigit() else 0).first()
    if message is None or message.state != MessageState.TRANSFERRED:
        return
    person = actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    message.reply, message.replied_at, message.replied_by = ticket.answer, timezone.now(), person
    message.state = MessageState.REPLIED
    message.save(update_fields=["reply", "replied_at", "replied_by", "state"])
    ledger.record(
        action="websites.message.replied", actor=actor, organisation=message.unit, obj=message,
        after={"number": message.number, "ticket": ticket.number,
               "late": timezone.localdate(message.replied_at) > message.due_on},
    )  # fmt: skip

"""Disclosure on request (依申请公开, R8.8, 《政府信息公开条例》2019): an application sent from a site's public form
reaches the site's unit with a number and a reply date 20 working days on (rule), which a reviewer or leader may
extend once by up to 20 more (第三十三条). The unit may ask once for a correction (补正, 第三十条): the clock stops
and starts again on the day the applicant corrects through the public query page, by a deadline in working days
(rule); with none by then the daily job closes the application as deemed withdrawn (视为放弃申请). Every other
application ends in one formal reply (答复告知书, 第三十六条), a PDF the applicant downloads with number and mobile
number.

The applicant's name, numbers and addresses are personal data: a staff reading is in the ledger; the public query
shows the state and the dates only, to at most the rule's lookups per address and hour."""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Case, QuerySet, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.calendar import add_working_days
from digigov.core.errors import ConflictError, FieldErrors
from digigov.core.lifecycle import Lifecycle
from digigov.core.numbering import next_in_year
from digigov.core.permissions import can, is_platform_admin, organisation_ids
from digigov.core.ratelimit import limit_per_address
from digigov.core.rules import rule
from digigov.core.validators import validate_id_number, validate_mobile, validate_uscc
from digigov.websites.choices import (
    ApplicantKind,
    DeliveryForm,
    DisclosureAction,
    DisclosureState,
    ReceiptWay,
    RefusalBasis,
    ReplyType,
)
from digigov.websites.models import DisclosureApplication, DisclosureLookup, SiteProfile
from digigov.websites.permissions import DISCLOSURE_EXTENDERS, EDITORS

INBOX_KIND = "websites.disclosure"  # the unit's to-do: answer it by its date
NUMBER_KEY = "websites.gk"  # numbering's key (at most 16 characters): GK<year><6 digits>
TEXT_MIN = 10  # characters: a description, a reply or a reason says something
NEEDS_BASIS = (ReplyType.PARTLY, ReplyType.REFUSED)

log = logging.getLogger(__name__)

S, A = DisclosureState, DisclosureAction
APPLICATION = Lifecycle(
    {
        (S.RECEIVED, A.EXTEND): S.RECEIVED,
        (S.RECEIVED, A.REQUEST_CORRECTION): S.CORRECTION,
        (S.CORRECTION, A.CORRECT): S.RECEIVED,
        (S.RECEIVED, A.REPLY): S.REPLIED,
        (S.CORRECTION, A.REPLY): S.REPLIED,  # e.g. 申请内容不明确 when no correction came
        (S.CORRECTION, A.ABANDON): S.ABANDONED,  # 视为放弃申请: no correction by its deadline
    },
    noun=gettext_lazy("application for disclosure"),
    states=DisclosureState,
    actions=DisclosureAction,
    state_of=lambda application: application.state,
)
APPLICATION.permit(
    A.EXTEND,
    who=lambda actor, a: can(actor, DISCLOSURE_EXTENDERS, a.unit_id),
    when=lambda a: gettext_lazy("The time limit has already been extended once.") if a.extended_at else None,
)
APPLICATION.permit(
    A.REQUEST_CORRECTION,
    who=lambda actor, a: can(actor, EDITORS, a.unit_id),
    when=lambda a: gettext_lazy("A correction has already been requested once.") if a.correction_requested_at else None,
)

CLOSED = (S.REPLIED, S.ABANDONED)


def correction_overdue(application: DisclosureApplication) -> bool:
    """Still waiting after its deadline day (which itself counts); one asked before deadlines existed has none."""
    due = application.correction_due_on
    return application.state == S.CORRECTION and due is not None and timezone.localdate() > due


def _too_late(application: DisclosureApplication) -> str | None:
    if not correction_overdue(application):
        return None
    return _(
        "The time for the correction ended on %(date)s: under Article 30 of the Regulations the application is "
        "deemed withdrawn. If you still need the information, please apply again."
    ) % {"date": f"{application.correction_due_on:%Y-%m-%d}"}


APPLICATION.permit(A.CORRECT, who=lambda actor, a: True, when=_too_late)  # the applicant, by number and mobile
APPLICATION.permit(A.REPLY, who=lambda actor, a: can(actor, EDITORS, a.unit_id))
APPLICATION.permit(
    A.ABANDON,
    who=lambda actor, a: actor is None,  # the daily job; staff close an application with a reply
    when=lambda a: None if correction_overdue(a) else gettext_lazy("The time for the correction has not ended."),
)


def _todo(application: DisclosureApplication) -> None:
    inbox.inbox_register(
        source="websites",
        kind=INBOX_KIND,
        title=inbox.lazy_text(gettext_lazy("Answer application for disclosure %(number)s"), number=application.number),
        url=reverse("websites_disclosure_application", args=[application.pk]),
        assignee_org=application.unit,
        deadline=application.due_on,
        obj=application,
    )


def _record(action: str, actor, application: DisclosureApplication, **after) -> None:
    ledger.record(
        action=action,
        actor=actor,
        organisation=application.unit,
        obj=application,
        after={"number": application.number, **after},
    )


def _check_text(errors: FieldErrors, field: str, text: str, message: str, maximum: int = 2000) -> str:
    text = (text or "").strip()
    if len(text) < TEXT_MIN:
        errors.add(field, message)
    elif len(text) > maximum:
        errors.add(field, _("At most %(n)d characters.") % {"n": maximum})
    return text


@transaction.atomic
def application_submit(
    *,
    site: SiteProfile,
    applicant_kind: str,
    name: str,
    id_number: str = "",
    uscc: str = "",
    phone: str,
    postal_address: str = "",
    email: str = "",
    description: str,
    delivery_form: str,
    receipt_way: str,
    citizen=None,
    address: str | None = None,
) -> DisclosureApplication:
    """An application to `site`'s unit; its number and reply date are the applicant's receipt. Every field is
    checked at once, each problem at its field."""
    errors = FieldErrors()
    name, postal_address, email = (name or "").strip(), (postal_address or "").strip(), (email or "").strip()
    if applicant_kind not in ApplicantKind.values:
        errors.add("applicant_kind", _("Choose citizen or legal person / other organisation."))
    if not name or len(name) > 100:
        errors.add("name", _("Give the applicant's name (at most 100 characters)."))
    if applicant_kind == ApplicantKind.ORGANISATION:
        id_number = ""
        try:
            uscc = validate_uscc(uscc or "")
        except ValidationError as error:
            errors.add("uscc", error.messages[0] if uscc else _("Give the organisation's unified social credit code."))
    else:
        uscc = ""
        try:
            id_number = validate_id_number(id_number or "")
        except ValidationError as error:
            errors.add("id_number", error.messages[0] if id_number else _("Give your resident ID number."))
    try:
        phone = validate_mobile(phone)
    except ValidationError as error:
        errors.add("phone", error.messages[0])
    if len(postal_address) > 200:
        errors.add("postal_address", _("At most %(n)d characters.") % {"n": 200})
    if len(email) > 100:
        errors.check_lengths(DisclosureApplication, {"email": email})  # PostgreSQL would refuse it with a 500
    elif email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("email", _("This is not an e-mail address, e.g. zhang@example.cn."))
    if receipt_way == ReceiptWay.POST and not postal_address:
        errors.add("postal_address", _("Give the postal address the reply is to be sent to."))
    elif receipt_way == ReceiptWay.EMAIL and not email:
        errors.add("email", _("Give the e-mail address the reply is to be sent to."))
    elif not postal_address and not email:
        errors.add("postal_address", _("Give a postal address or an e-mail address."))
    description = _check_text(
        errors,
        "description",
        description,
        _("Describe the information you seek (at least %(n)d characters): its title, document number or subject.")
        % {"n": TEXT_MIN},
    )
    if delivery_form not in DeliveryForm.values:
        errors.add("delivery_form", _("Choose paper or electronic."))
    if receipt_way not in ReceiptWay.values:
        errors.add("receipt_way", _("Choose post, e-mail or collection in person."))
    errors.raise_if_any()
    now = timezone.now()
    limit_per_address(
        DisclosureApplication.objects.all(),
        "received_at",
        address,
        "websites.disclosure_hourly_limit",
        _("Too many applications were sent from your network in the last hour. Please try again later."),
    )
    today = timezone.localdate(now)
    application = DisclosureApplication.objects.create(
        site=site,
        unit=site.organiser,
        number=f"GK{today.year}{next_in_year(NUMBER_KEY, today.year):06d}",
        applicant_kind=applicant_kind,
        name=name,
        id_number=id_number,
        uscc=uscc,
        phone=phone,
        postal_address=postal_address,
        email=email,
        description=description,
        delivery_form=delivery_form,
        receipt_way=receipt_way,
        citizen=citizen if getattr(citizen, "is_authenticated", False) else None,
        address=address,
        received_at=now,
        due_on=add_working_days(today, rule("websites.disclosure_reply_days")),
    )
    _todo(application)
    _record("websites.disclosure.received", application.citizen, application, due_on=application.due_on.isoformat())
    return application


def _locked(application: DisclosureApplication) -> DisclosureApplication:
    return DisclosureApplication.objects.select_for_update().select_related("unit", "site").get(pk=application.pk)


@transaction.atomic
def application_extend(*, actor, application: DisclosureApplication, days: int, reason: str):
    """Once, by at most the rule's working days, with the reason the applicant is told (第三十三条第二款)."""
    application = _locked(application)
    APPLICATION.check(actor, application, A.EXTEND)
    errors = FieldErrors()
    limit = rule("websites.disclosure_extension_days")
    if not isinstance(days, int) or not 1 <= days <= limit:
        errors.add("days", _("Extend by 1 to %(n)d working days.") % {"n": limit})
    reason = _check_text(errors, "reason", reason, _("Give the reason (at least %(n)d characters).") % {"n": TEXT_MIN})
    errors.raise_if_any()
    application.due_on = add_working_days(application.due_on, days)
    application.extended_at, application.extension_days, application.extension_reason = timezone.now(), days, reason
    application.save(update_fields=["due_on", "extended_at", "extension_days", "extension_reason"])
    inbox.inbox_reschedule_for(obj=application, kind=INBOX_KIND, deadline=application.due_on)
    _record(
        "websites.disclosure.extended",
        actor,
        application,
        days=days,
        due_on=application.due_on.isoformat(),
        reason=reason,
    )
    return application


@transaction.atomic
def application_request_correction(*, actor, application: DisclosureApplication, missing: str):
    """补正 (第三十条), once: the clock stops until the applicant answers, at the latest on the deadline the notice
    gives (rule, in working days from today); the unit's to-do waits with it."""
    application = _locked(application)
    application.state = APPLICATION.check(actor, application, A.REQUEST_CORRECTION)
    errors = FieldErrors()
    missing = _check_text(
        errors, "missing", missing, _("Say what is missing or unclear (at least %(n)d characters).") % {"n": TEXT_MIN}
    )
    errors.raise_if_any()
    application.correction_request, application.correction_requested_at = missing, timezone.now()
    application.correction_due_on = add_working_days(
        timezone.localdate(application.correction_requested_at), rule("websites.disclosure_correction_days")
    )
    application.save(update_fields=["state", "correction_request", "correction_requested_at", "correction_due_on"])
    inbox.inbox_complete_for(obj=application, kind=INBOX_KIND)
    _record(
        "websites.disclosure.correction_requested",
        actor,
        application,
        correction_due_on=application.correction_due_on.isoformat(),
        note=missing,
    )
    return application


@transaction.atomic
def application_correct(*, application: DisclosureApplication, correction: str):
    """The applicant's answer to a 补正 (through the query page), by its deadline: the time limit counts again from
    today."""
    application = _locked(application)
    application.state = APPLICATION.check(None, application, A.CORRECT)
    errors = FieldErrors()
    correction = _check_text(
        errors, "correction", correction, _("Write your correction (at least %(n)d characters).") % {"n": TEXT_MIN}
    )
    errors.raise_if_any()
    days = rule("websites.disclosure_reply_days") + (application.extension_days or 0)
    application.correction, application.corrected_at = correction, timezone.now()
    application.due_on = add_working_days(timezone.localdate(application.corrected_at), days)
    application.save(update_fields=["state", "correction", "corrected_at", "due_on"])
    _todo(application)
    _record("websites.disclosure.corrected", None, application, due_on=application.due_on.isoformat())
    return application


@transaction.atomic
def application_reply(
    *,
    actor,
    application: DisclosureApplication,
    reply_type: str,
    reply_text: str,
    reply_basis: str = "",
    responsible_body: str = "",
) -> DisclosureApplication:
    """The formal reply (答复告知书, 第三十六条): one of six types; withholding names its legal basis, a referral
    names the body responsible. It closes the unit's to-do."""
    application = _locked(application)
    application.state = APPLICATION.check(actor, application, A.REPLY)
    errors = FieldErrors()
    if reply_type not in ReplyType.values:
        errors.add("reply_type", _("Choose the type of the reply."))
    reply_text = _check_text(
        errors,
        "reply_text",
        reply_text,
        _("Write the reply (at least %(n)d characters).") % {"n": TEXT_MIN},
        maximum=4000,
    )
    if reply_type in NEEDS_BASIS:
        if reply_basis not in RefusalBasis.values:
            errors.add("reply_basis", _("Withholding information needs its legal basis."))
    else:
        reply_basis = ""
    responsible_body = (responsible_body or "").strip()
    if reply_type == ReplyType.NOT_OURS:
        if not 2 <= len(responsible_body) <= 100:
            errors.add("responsible_body", _("Name the body responsible for disclosing this information."))
    else:
        responsible_body = ""
    errors.raise_if_any()
    application.reply_type, application.reply_text, application.reply_basis = reply_type, reply_text, reply_basis
    application.responsible_body, application.replied_at, application.replied_by = (
        responsible_body,
        timezone.now(),
        actor,
    )
    application.save(
        update_fields=[
            "state",
            "reply_type",
            "reply_text",
            "reply_basis",
            "responsible_body",
            "replied_at",
            "replied_by",
        ]
    )
    inbox.inbox_complete_for(obj=application, kind=INBOX_KIND)
    late = timezone.localdate(application.replied_at) > application.due_on
    _record("websites.disclosure.replied", actor, application, reply_type=reply_type, late=late)
    return application


@transaction.atomic
def application_abandon(*, application: DisclosureApplication) -> DisclosureApplication:
    """视为放弃申请 (第三十条: 申请人无正当理由逾期不补正的): the daily job closes an application whose correction
    did not come by its deadline; any to-do on it closes, and the applicant's query says so."""
    application = _locked(application)
    application.state = APPLICATION.check(None, application, A.ABANDON)
    application.abandoned_at = timezone.now()
    application.save(update_fields=["state", "abandoned_at"])
    inbox.inbox_complete_for(obj=application, kind=INBOX_KIND)
    _record(
        "websites.disclosure.abandoned",
        None,
        application,
        correction_due_on=f"{application.correction_due_on:%Y-%m-%d}",
    )
    return application


def close_abandoned() -> int:
    """The daily job: every application whose correction is overdue, each in its own transaction. Returns how many."""
    overdue = DisclosureApplication.objects.filter(
        state=S.CORRECTION, correction_due_on__lt=timezone.localdate()
    ).order_by("pk")
    closed = 0
    for application in overdue:
        try:
            application_abandon(application=application)
        except ConflictError:  # corrected or replied since the query; the applicant or the unit came first
            log.info("application %s changed before it was closed", application.number)
        else:
            closed += 1
    return closed


def applications_for(actor) -> QuerySet[DisclosureApplication]:
    """The applications the actor's units answer; every one for the platform operator."""
    found = DisclosureApplication.objects.select_related("site", "unit")
    return found if is_platform_admin(actor) else found.filter(unit_id__in=organisation_ids(actor, EDITORS))


def open_first(found: QuerySet[DisclosureApplication]) -> QuerySet[DisclosureApplication]:
    """Open applications first (waiting for a correction, then being handled), each by its date; the closed after."""
    return found.order_by(Case(When(state__in=CLOSED, then=1), default=0), "state", "due_on", "pk")


@transaction.atomic
def application_for_staff(actor, pk: int) -> DisclosureApplication | None:
    """One application with its applicant's personal data: the reading is in the ledger (R0.4)."""
    application = applications_for(actor).filter(pk=pk).first()
    if application is not None:
        _record("websites.disclosure.viewed", actor, application)
    return application


def application_lookup(
    site: SiteProfile | None, number: str, phone: str, address: str | None = None
) -> DisclosureApplication | None:
    """The applicant's own application, known by its number and the mobile number given with it. Every lookup from
    an address counts, found or not: at most the rule's number an hour, so numbers cannot be guessed in bulk."""
    limit_per_address(
        DisclosureLookup.objects.all(),
        "looked_up_at",
        address,
        "websites.disclosure_lookup_hourly_limit",
        _("Too many lookups were made from your network in the last hour. Please try again later."),
    )
    if address:
        DisclosureLookup.objects.create(address=address, looked_up_at=timezone.now())
    try:
        phone = validate_mobile(phone)
    except ValidationError:
        return None
    found = DisclosureApplication.objects.select_related("unit", "site").filter(number=(number or "").strip().upper())
    if site is not None:
        found = found.filter(site=site)
    return found.filter(phone=phone).first()


def lookups_forget() -> int:
    """The daily job: lookups older than the hour the limit looks at are of no use, and an address is personal."""
    deleted, _kinds = DisclosureLookup.objects.filter(looked_up_at__lt=timezone.now() - dt.timedelta(hours=1)).delete()
    return deleted


def notice_pdf(application: DisclosureApplication) -> bytes:
    """The 答复告知书 as a PDF: the unit, the number, the applicant, the reply and its basis, the date."""
    from weasyprint import HTML  # imported on use: loading pango costs ~0.3 s

    html = render_to_string("websites/disclosure_notice.html", {"application": application})
    return HTML(string=html).write_pdf()

"""网上咨询 (R4.7): a signed-in citizen or legal person asks about a published item; the item's department answers
within `eservices.consultation_answer_days` working days (a to-do with that deadline for its handlers) and may
publish the answer as a FAQ in a public wording free of personal data. The asker is notified of the answer."""

import datetime as dt
import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.calendar import add_working_days, working_days_between
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, FieldErrors, PermissionDeniedError
from digigov.core.inbox import lazy_text
from digigov.core.permissions import can
from digigov.core.ratelimit import RateLimited, limit_per_address
from digigov.core.rules import rule
from digigov.eservices.choices import ConsultationStatus
from digigov.eservices.models import Consultation, ServiceItem
from digigov.identity import api as identity

ANSWER_TASK = "consultation"
FAQ_QUESTION_MAX = 300  # the column's length
ANSWERERS = (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)
# What a public wording must not carry: a resident ID number, a mobile number, an e-mail address.
PERSONAL = [
    re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
]


def staff_url(consultation: Consultation) -> str:
    return reverse("eservices_consultation", args=[consultation.pk])


def _check_question(question: str) -> str:
    question = (question or "").strip()
    shortest, longest = rule("eservices.consultation_min_chars"), rule("eservices.consultation_max_chars")
    if len(question) < shortest or len(question) > longest:
        raise FieldErrors.one(
            "question",
            _("Write your question in %(min)s to %(max)s characters.") % {"min": shortest, "max": longest},
        )
    return question


def _limit(actor, address: str | None) -> None:
    """At most the rule's number of questions an hour from one person and from one address."""
    message = gettext_lazy("You have asked many questions in the last hour. Please try again later.")
    since = timezone.now() - dt.timedelta(hours=1)
    if Consultation.objects.filter(asker=actor, asked_at__gte=since).count() >= rule(
        "eservices.consultation_hourly_limit"
    ):
        raise RateLimited(message)
    limit_per_address(Consultation.objects.all(), "asked_at", address, "eservices.consultation_hourly_limit", message)


@transaction.atomic
def consultation_ask(*, actor, item: ServiceItem, question: str, address: str | None = None) -> Consultation:
    """The question goes to the item's department: a to-do for its handlers due in the rule's working days."""
    if identity.party_of(actor) is None:
        raise PermissionDeniedError(_("Only citizens and legal persons ask questions online."))
    question = _check_question(question)
    _limit(actor, address)
    now = timezone.now()
    consultation = Consultation.objects.create(
        item=item,
        organisation_id=item.organisation_id,
        asker=actor,
        question=question,
        address=address or None,
        asked_at=now,
        due_on=add_working_days(timezone.localdate(now), rule("eservices.consultation_answer_days")),
    )
    inbox.inbox_register(
        source="eservices",
        kind=ANSWER_TASK,
        title=lazy_text(gettext_lazy("Answer a question about %(item)s"), item=item.name),
        url=staff_url(consultation),
        assignee_org=item.organisation,
        assignee_role=Role.HANDLER,
        deadline=consultation.due_on,
        obj=consultation,
    )
    ledger.record(
        action="eservices.consultation.asked",
        actor=actor,
        organisation=item.organisation_id,
        obj=consultation,
        after={"item": item.name, "due_on": consultation.due_on},
    )
    return consultation


@transaction.atomic
def consultation_opened(*, actor, consultation: Consultation) -> None:
    """A department's staff read a question (personal data: who asked, what)."""
    ledger.record(
        action="eservices.consultation.viewed",
        actor=actor,
        organisation=consultation.organisation_id,
        obj=consultation,
        after={"item": consultation.item.name},
    )


def personal_data_in(text: str, names: list[str]) -> bool:
    """Whether `text` carries an ID number, a mobile number, an e-mail address or one of `names`."""
    return any(p.search(text) for p in PERSONAL) or any(n and len(n) >= 2 and n in text for n in names)


def _check_faq(consultation: Consultation, faq_question: str, faq_answer: str) -> tuple[str, str]:
    errors = FieldErrors()
    faq_question, faq_answer = (faq_question or "").strip(), (faq_answer or "").strip()
    party = identity.party_of(consultation.asker)
    names = [party.name] if party is not None else []
    for field, text in (("faq_question", faq_question), ("faq_answer", faq_answer)):
        if not text:
            errors.add(field, _("Write the public wording to publish the answer as a FAQ."))
        elif personal_data_in(text, names):
            errors.add(
                field,
                _("The public wording must hold no personal data (name, ID number, phone, e-mail). Rewrite it."),
            )
    if len(faq_question) > FAQ_QUESTION_MAX:
        errors.add("faq_question", _("Write the public question in at most 300 characters."))
    errors.raise_if_any()
    return faq_question, faq_answer


@transaction.atomic
def consultation_answer(
    *,
    actor,
    consultation: Consultation,
    answer: str,
    publish: bool = False,
    faq_question: str = "",
    faq_answer: str = "",
) -> Consultation:
    """The department's answer; the asker is notified. With `publish`, the public wording shows on the guide."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not can(actor, ANSWERERS, consultation.organisation_id):
        raise PermissionDeniedError()
    if consultation.status != ConsultationStatus.WAITING:
        raise ConflictError(_("This question has been answered already."))
    answer = (answer or "").strip()
    if not answer or len(answer) > 4000:
        raise FieldErrors.one("answer", _("Write the answer in at most 4000 characters."))
    if publish:
        faq_question, faq_answer = _check_faq(consultation, faq_question, faq_answer)
    now = timezone.now()
    consultation.answer, consultation.answered_at, consultation.answered_by = answer, now, actor
    consultation.status = ConsultationStatus.ANSWERED
    if publish:
        consultation.faq_question, consultation.faq_answer, consultation.faq_published = faq_question, faq_answer, True
    consultation.save()
    inbox.inbox_complete_for(obj=consultation, kind=ANSWER_TASK)
    days = working_days_between(timezone.localdate(consultation.asked_at), timezone.localdate(now))
    ledger.record(
        action="eservices.consultation.answered",
        actor=actor,
        organisation=consultation.organisation_id,
        obj=consultation,
        after={"item": consultation.item.name, "days": days, "late": timezone.localdate(now) > consultation.due_on},
    )
    if publish:
        ledger.record(
            action="eservices.consultation.faq_published",
            actor=actor,
            organisation=consultation.organisation_id,
            obj=consultation,
            after={"faq": faq_question},
        )
    inbox.notify(
        recipient=consultation.asker,
        title=lazy_text(gettext_lazy("Your question about %(item)s has been answered"), item=consultation.item.name),
        body=answer,
        url=reverse("eservices_hall_consultations"),
    )
    return consultation

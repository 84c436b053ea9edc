"""Reads for counter and assisted cases (窗口受理, 帮办代办, R4.2): a clerk's open counter drafts, the applicant's open
requests for consent in 我的办件, a case's consent as its screens show it, and who may open the scanned authorisation
(the clerk who filed it, the lead department, the applicant)."""

from django.db.models import QuerySet
from django.urls import reverse

from digigov.core.errors import NotFoundError
from digigov.eservices.case_selectors import staff_case_get
from digigov.eservices.choices import CaseStatus, Channel, ConsentStatus
from digigov.eservices.models import Case, Consent


def consent_requests_for(actor) -> QuerySet[Consent]:
    """The requests waiting for `actor` (a citizen or legal person) to confirm or decline, oldest first."""
    if actor is None or not actor.is_authenticated:
        return Consent.objects.none()
    return (
        Consent.objects.filter(case__applicant=actor, status=ConsentStatus.REQUESTED, case__status=CaseStatus.DRAFT)
        .select_related("case", "case__item", "case__organisation", "requested_by")
        .order_by("requested_at")
    )


def consent_of(case: Case) -> Consent | None:
    return Consent.objects.filter(case_id=case.pk).select_related("requested_by").first()


def consent_file_find(actor, name: str) -> Consent | None:
    consent = Consent.objects.select_related("case").filter(file=name).first()
    if consent is None:
        return None
    if actor.pk in (consent.requested_by_id, consent.case.applicant_id):
        return consent
    if consent.case.status == CaseStatus.DRAFT:
        return None
    try:
        view = staff_case_get(actor, consent.case_id)
    except NotFoundError:
        return None
    return consent if view.lead else None


COUNTER_CHANNELS = (Channel.COUNTER, Channel.ASSISTED)


def counter_drafts(actor) -> QuerySet[Case]:
    """The counter and assisted applications the clerk started and has not submitted yet, newest first."""
    return (
        Case.objects.filter(agent_id=actor.pk, status=CaseStatus.DRAFT, channel__in=COUNTER_CHANNELS)
        .select_related("item", "organisation")
        .order_by("-created_at")
    )


def staff_counter_context(case: Case, *, lead: bool) -> dict:
    """What the staff case screen adds for a counter or assisted case: its consent, and the receipt to print."""
    if case.channel not in COUNTER_CHANNELS or not lead:
        return {}
    return {"consent": consent_of(case), "receipt_url": reverse("eservices_counter_receipt", args=[case.pk])}


def hall_counter_context(case: Case) -> dict:
    """What the applicant's case page adds: the consent they (or their signed paper) gave to an assisted case."""
    return {"consent": consent_of(case)} if case.channel == Channel.ASSISTED else {}

"""Reads of 帮办代办 consents (R4.2): the applicant's open requests in 我的办件, a case's consent as its screens show
it, and who may open the scanned authorisation (the clerk who filed it, the lead department, the applicant)."""

from django.db.models import QuerySet

from digigov.core.errors import NotFoundError
from digigov.eservices.case_selectors import staff_case_get
from digigov.eservices.choices import CaseStatus, ConsentStatus
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

"""帮办代办 consent (R4.2): a clerk applies on someone's behalf (`Case.agent`, channel assisted) only once the applicant
consented, recorded before submission: a signed paper authorisation scanned and uploaded by the clerk, or the
applicant's own confirmation online (their account sees the request in 我的办件 and confirms or declines). Each consent
says what the clerk may do and until when (at most `eservices.consent_max_days`). Every step is in the ledger."""

import datetime as dt
from typing import cast

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger, uploads
from digigov.core.errors import ConflictError, FieldErrors, NotFoundError
from digigov.core.inbox import lazy_text
from digigov.core.rules import rule
from digigov.eservices.choices import CaseStatus, Channel, ConsentMethod, ConsentStatus
from digigov.eservices.models import Case, Consent
from digigov.eservices.services import cases, counter

SCOPE_MAX = 300


def consent_problem(case: Case, today: dt.date) -> str:
    """Why an assisted case cannot be submitted yet (empty: it can): no consent, not yet confirmed, declined or
    expired."""
    consent = Consent.objects.filter(case_id=case.pk).first()
    if consent is None:
        return _("Record the applicant's consent to assisted handling before submitting.")
    if consent.status == ConsentStatus.REQUESTED:
        return _("The applicant has not yet confirmed their consent online.")
    if consent.status == ConsentStatus.DECLINED:
        return _("The applicant declined assisted handling; the application cannot be submitted for them.")
    if consent.valid_until < today:
        return _("The applicant's consent expired on %(date)s; record a new one.") % {
            "date": consent.valid_until.isoformat()
        }
    return ""


def _clean(scope: str, valid_until: dt.date | None, today: dt.date) -> tuple[str, dt.date]:
    errors = FieldErrors()
    scope = (scope or "").strip()
    if not scope:
        errors.add("scope", _("Say what the clerk may do for the applicant."))
    elif len(scope) > SCOPE_MAX:
        errors.add("scope", _("At most %(n)s characters.") % {"n": SCOPE_MAX})
    longest = today + dt.timedelta(days=rule("eservices.consent_max_days"))
    if valid_until is None:
        errors.add("valid_until", _("Give the date the consent ends."))
    elif valid_until < today:
        errors.add("valid_until", _("The consent must still be valid today."))
    elif valid_until > longest:
        errors.add("valid_until", _("A consent is valid until %(date)s at the latest.") % {"date": longest.isoformat()})
    errors.raise_if_any()
    return scope, cast(dt.date, valid_until)  # not None: refused above


def _assisted_draft(actor, case: Case) -> Case:
    case = cases._own_draft(actor, case)  # the clerk's own draft, locked
    if case.channel != Channel.ASSISTED:
        raise FieldErrors.one("consent", _("Only an assisted application needs the applicant's consent."))
    return case


def _record(action: str, actor, case: Case, consent: Consent) -> None:
    ledger.record(
        action=action,
        actor=actor,
        organisation=case.organisation_id,
        obj=case,
        after={
            "applicant": case.applicant_name,
            "method": consent.method,
            "scope": consent.scope,
            "valid_until": consent.valid_until.isoformat(),
        },
    )


@transaction.atomic
def consent_record_paper(
    *, actor, case: Case, scope: str, valid_until: dt.date | None, filename: str, data: bytes
) -> Consent:
    """The applicant signed a paper authorisation; the clerk uploads its scan (checked like every upload)."""
    today = timezone.localdate()
    scope, valid_until = _clean(scope, valid_until, today)
    case = _assisted_draft(actor, case)
    if not data:
        raise FieldErrors.one("consent_file", _("Upload the scan of the signed authorisation."))
    kind = uploads.check_upload(
        data, filename=filename, kinds=uploads.EVIDENCE, max_mb=rule("eservices.upload_max_mb"), field="consent_file"
    )
    old = Consent.objects.filter(case=case).first()
    if old is not None:
        old.file.delete(save=False)
        old.delete()
    consent = Consent(
        case=case,
        method=ConsentMethod.PAPER,
        status=ConsentStatus.GIVEN,
        scope=scope,
        valid_until=valid_until,
        filename=(filename or "file").replace("/", "_")[-120:],
        requested_by=actor,
        answered_at=timezone.now(),
    )
    consent.file.save(f"{case.pk}.{kind}", ContentFile(data), save=False)
    consent.save()
    _record("eservices.consent.recorded", actor, case, consent)
    return consent


@transaction.atomic
def consent_request_online(*, actor, case: Case, scope: str, valid_until: dt.date | None) -> Consent:
    """Ask the applicant to confirm online: only for an applicant with an account of their own (linked to the case)."""
    today = timezone.localdate()
    scope, valid_until = _clean(scope, valid_until, today)
    case = _assisted_draft(actor, case)
    if case.applicant_id is None:
        raise FieldErrors.one(
            "method", _("The applicant has no account on the platform: scan their signed paper authorisation instead.")
        )
    old = Consent.objects.filter(case=case).first()
    if old is not None:
        old.file.delete(save=False)
        old.delete()
    consent = Consent.objects.create(
        case=case,
        method=ConsentMethod.ONLINE,
        status=ConsentStatus.REQUESTED,
        scope=scope,
        valid_until=valid_until,
        requested_by=actor,
    )
    _record("eservices.consent.requested", actor, case, consent)
    inbox.notify(
        recipient=case.applicant,
        title=lazy_text(
            gettext_lazy("Please confirm: a clerk applies for “%(item)s” on your behalf"), item=case.item.name
        ),
        body=scope,
        url="/zwfw/cases/",
    )
    return consent


@transaction.atomic
def consent_answer(*, actor, consent_id: int, agree: bool) -> Consent:
    """The applicant confirms or declines a request for their consent (their own only: anyone else gets 404)."""
    consent = Consent.objects.select_for_update().select_related("case", "case__item").filter(pk=consent_id).first()
    if consent is None or consent.case.applicant_id is None or consent.case.applicant_id != actor.pk:
        raise NotFoundError()
    if consent.status != ConsentStatus.REQUESTED or consent.case.status != CaseStatus.DRAFT:
        raise ConflictError(_("This request has been answered already."))
    if consent.valid_until < timezone.localdate():
        raise ConflictError(_("This request has expired; the clerk may ask again."))
    consent.status = ConsentStatus.GIVEN if agree else ConsentStatus.DECLINED
    consent.answered_at = timezone.now()
    consent.save(update_fields=["status", "answered_at"])
    action = "eservices.consent.given" if agree else "eservices.consent.declined"
    _record(action, actor, consent.case, consent)
    inbox.notify(
        recipient=consent.requested_by,
        title=lazy_text(
            gettext_lazy("%(name)s answered your request for consent: %(answer)s"),
            name=consent.case.applicant_name,
            answer=ConsentStatus(consent.status).label,
        ),
        url=counter.counter_url(consent.case),
    )
    return consent

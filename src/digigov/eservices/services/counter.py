"""窗口受理 (R4.2): what a clerk at the counter enters for a walk-in applicant. The applicant is checked as a real-name
party (GB 11643 ID number, GB 32100 credit code); each material is recorded as paper received at the counter, an
uploaded scan (`cases.material_attach`) or 容缺 to follow. Starting, filling in and submitting are the same services as
online (`cases.case_start(channel=…, party=…)`, `case_save_draft`, `case_submit`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from digigov.core import ledger
from digigov.core.errors import FieldErrors, NotFoundError
from digigov.core.permissions import can, is_platform_admin, organisation_ids
from digigov.core.validators import validate_id_number, validate_mobile, validate_uscc
from digigov.eservices.choices import CaseStatus, MaterialRequirement, Provision
from digigov.eservices.counter_selectors import COUNTER_CHANNELS
from digigov.eservices.models import Case, CaseMaterial, Material, ServiceItem
from digigov.eservices.permissions import CLERKS
from digigov.eservices.services import cases
from digigov.identity import api as identity

CITIZEN, LEGAL_PERSON = "citizen", "legal_person"  # identity's AccountKind values, as Case.applicant_kind holds them
MARKS = (Provision.COUNTER, Provision.TOLERATED)


def party_checked(
    *, kind: str, name: str, code: str, phone: str, representative: str = "", representative_id: str = ""
) -> identity.Party:
    """The applicant as the clerk typed them, each problem at its field: a citizen's real name and ID number, or a
    legal person's name, credit code and legal representative; a mobile phone for both."""
    errors = FieldErrors()
    name, code, phone, representative = (v.strip() for v in (name, code, phone, representative))
    if kind not in (CITIZEN, LEGAL_PERSON):
        errors.add("kind", _("Choose a citizen or a legal person."))
    if not name:
        errors.add("name", _("This field is required."))
    elif len(name) > 200:
        errors.add("name", _("At most %(n)s characters.") % {"n": 200})
    validate = validate_uscc if kind == LEGAL_PERSON else validate_id_number
    try:
        code = validate(code)
    except ValidationError as error:
        errors.add("code", error.messages[0])
    try:
        phone = validate_mobile(phone)
    except ValidationError as error:
        errors.add("phone", error.messages[0])
    rep_id = ""
    if kind == LEGAL_PERSON:
        if not representative:
            errors.add("representative", _("Name the legal representative."))
        elif len(representative) > 100:
            errors.add("representative", _("At most %(n)s characters.") % {"n": 100})
        if representative_id.strip():
            try:
                rep_id = validate_id_number(representative_id)
            except ValidationError as error:
                errors.add("representative_id", error.messages[0])
    errors.raise_if_any()
    if kind == CITIZEN:
        return identity.Party(CITIZEN, name, code, phone)
    return identity.Party(LEGAL_PERSON, name, code, phone, representative, rep_id)


def counter_items(actor):
    """The published items a clerk may take applications for: those of the departments where they are a handler."""
    items = ServiceItem.objects.published().filter(form__current__isnull=False)
    if not is_platform_admin(actor):
        items = items.filter(organisation_id__in=organisation_ids(actor, CLERKS))
    return items.select_related("organisation").order_by("organisation__name", "name")


@transaction.atomic
def counter_start(*, actor, item: ServiceItem, channel: str, party: identity.Party) -> Case:
    """A clerk (a handler of the item's department) starts a counter or assisted application for `party`."""
    if channel not in COUNTER_CHANNELS:
        raise FieldErrors.one("channel", _("Choose the counter or assisted handling."))
    if not can(actor, CLERKS, item.organisation_id):
        raise NotFoundError()  # another department's item is not theirs to take in
    return cases.case_start(actor=actor, item=item, channel=channel, party=party)


@transaction.atomic
def material_mark(*, actor, case: Case, material_id: int, provided: str) -> CaseMaterial | None:
    """Record a material of a counter draft as paper received at the counter or as 容缺 to follow (only a material
    the guide lists as tolerated), or clear the mark (`provided` empty). Uploaded scans stay as they are."""
    case = cases._own_draft(actor, case)
    field = f"material-{material_id}"
    material = Material.objects.filter(pk=material_id, item_id=case.item_id).first()
    if material is None:
        raise FieldErrors.one(field, _("This item asks for no such material."))
    if case.channel not in COUNTER_CHANNELS:
        raise FieldErrors.one(field, _("Only a counter application records paper materials."))
    CaseMaterial.objects.filter(case=case, material=material, provided__in=MARKS).delete()
    if not provided:
        return None
    if provided not in MARKS:
        raise FieldErrors.one(field, _("Choose how the material was provided."))
    if provided == Provision.TOLERATED and material.required != MaterialRequirement.TOLERATED:
        raise FieldErrors.one(field, _("The guide does not allow this material to follow later (容缺)."))
    row = CaseMaterial.objects.create(case=case, material=material, name=material.name, provided=provided)
    ledger.record(
        action="eservices.case.material_marked",
        actor=actor,
        organisation=case.organisation_id,
        obj=case,
        after={"material": material.name, "provided": provided},
    )
    return row


def counter_url(case: Case) -> str:
    """The clerk's page of a counter draft (the staff case screen once submitted)."""
    from django.urls import reverse

    if case.status != CaseStatus.DRAFT:
        return cases.staff_url(case)
    return reverse("eservices_counter_case", args=[case.pk])


@transaction.atomic
def receipt_printed(*, actor, case: Case) -> None:
    """A clerk printed a counter case's receipt (it names the applicant: an access to personal data, R0.4)."""
    ledger.record(
        action="eservices.case.receipt_printed",
        actor=actor,
        organisation=case.organisation_id,
        obj=case,
        after={"number": case.number or ""},
    )

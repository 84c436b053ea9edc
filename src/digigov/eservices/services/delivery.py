"""Result mailing (证照寄送, R4.7): the applicant chooses to collect the result (自取) or to have it mailed (邮寄) to an
address they give, if the item offers mailing; once the case is concluded with approval the lead department records
the carrier and tracking number as it sends, and the applicant is told. The address is personal data: only the lead
department sees it, and each reading on the staff screen is recorded (`delivery_address_read`).

Tracking-number formats (as the carriers print them; ours to confirm with each carrier's interface): EMS 13 digits
starting with 1, or an international S10 number (two letters, 8 digits, its check digit, CN); SF Express SF and 13
digits; JD Logistics JD, up to two letters and 11–13 digits."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.errors import ConflictError, FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.inbox import lazy_text
from digigov.core.models import Division
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.core.validators import division_level_of, validate_division_code, validate_mobile
from digigov.eservices.choices import LEAD_PART, CaseStatus, Decision
from digigov.eservices.models import Carrier, Case, Delivery, DeliveryMethod
from digigov.eservices.selectors import version_get
from digigov.eservices.services.cases import applicant_url, lock

CHOOSABLE = (CaseStatus.SUBMITTED, CaseStatus.SUPPLEMENTING, CaseStatus.IN_PROGRESS, CaseStatus.CONCLUDED)
_S10 = re.compile(r"[A-Z]{2}(\d{8})(\d)CN")
_PATTERNS: dict[str, re.Pattern[str]] = {
    Carrier.EMS: re.compile(r"1\d{12}"),
    Carrier.SF: re.compile(r"SF\d{13}"),
    Carrier.JD: re.compile(r"JD[A-Z]{0,2}\d{11,13}"),
}
_EXAMPLES: dict[str, str] = {Carrier.EMS: "1100123456789", Carrier.SF: "SF1234567890123", Carrier.JD: "JDVA12345678901"}


def mailing_offered(case: Case) -> bool:
    """The item as the case applied under it offers mailing the result."""
    return bool(version_get(case.item, case.item_version).snapshot.get("fields", {}).get("mailing_offered"))


def s10_check_digit(serial: str) -> str:
    """UPU S10 check digit of the 8-digit serial (weights 8 6 4 2 3 5 9 7, mod 11)."""
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    return {10: "0", 11: "5"}.get(check, str(check))


def tracking_valid(carrier: str, number: str) -> bool:
    if carrier == Carrier.EMS:
        s10 = _S10.fullmatch(number)
        if s10:
            return s10_check_digit(s10.group(1)) == s10.group(2)
    pattern = _PATTERNS.get(carrier)
    return bool(pattern and pattern.fullmatch(number))


def _division(code: str, errors: FieldErrors) -> tuple[str, str]:
    """The code and its full name (湖北省武汉市江岸区) of a county, township or village that exists."""
    try:
        code = validate_division_code(code)
    except ValidationError as error:
        errors.add("division", error.messages[0])
        return "", ""
    if division_level_of(code) in ("province", "city"):
        errors.add("division", _("Give the code of the county or district (6 digits, for example 420102)."))
        return "", ""
    division = Division.objects.filter(code=code).select_related("parent__parent__parent__parent").first()
    if division is None:
        errors.add("division", _("No division has the code %(code)s.") % {"code": code})
        return "", ""
    names: list[str] = []
    node: Division | None = division
    while node is not None:
        names.append(node.name)
        node = node.parent
    return code, "".join(reversed(names))


@transaction.atomic
def delivery_choose(
    *, actor, case: Case, method: str, recipient: str = "", mobile: str = "", division: str = "", address: str = ""
) -> Delivery:
    """The applicant's choice: collect at the office, or mail to the address given (checked at each field)."""
    case = lock(case.pk)
    if actor is None or case.applicant_id != actor.pk:
        raise NotFoundError()
    if case.status not in CHOOSABLE or case.decision == Decision.REFUSED:
        raise ConflictError(_("The way of receiving the result can no longer be chosen for this application."))
    current = Delivery.objects.filter(case=case).first()
    if current is not None and current.sent_at is not None:
        raise ConflictError(_("The result has already been sent."))
    errors = FieldErrors()
    if method not in DeliveryMethod.values:
        errors.add("method", _("Choose how you receive the result."))
    elif method == DeliveryMethod.MAIL and not mailing_offered(case):
        errors.add("method", _("The result of this item cannot be mailed; please collect it at the office."))
    values = {"recipient": "", "mobile": "", "division": "", "division_name": "", "address": ""}
    if method == DeliveryMethod.MAIL and not errors.fields:
        recipient, address = (recipient or "").strip(), (address or "").strip()
        if not recipient or len(recipient) > 50:
            errors.add("recipient", _("Give the recipient's name (at most 50 characters)."))
        try:
            mobile = validate_mobile(mobile)
        except ValidationError as error:
            errors.add("mobile", error.messages[0])
        code, name = _division((division or "").strip(), errors)
        if len(address) < 5 or len(address) > 200:
            errors.add("address", _("Give the street, building and room (5 to 200 characters)."))
        values = {"recipient": recipient, "mobile": mobile, "division": code, "division_name": name, "address": address}
    errors.raise_if_any()
    delivery, _created = Delivery.objects.update_or_create(
        case=case, defaults={"method": method, "chosen_at": timezone.now(), **values}
    )
    ledger.record(
        action="eservices.delivery.chosen",
        actor=actor,
        organisation=case.organisation_id,
        obj=case,
        after={"number": case.number, "method": method},  # no address in the ledger: it is personal data
    )
    return delivery


def _lead_staff(actor, case: Case) -> None:
    if (
        not is_platform_admin(actor)
        and not case.parts.filter(part=LEAD_PART, organisation_id__in=organisation_ids(actor)).exists()
    ):
        raise PermissionDeniedError()


@transaction.atomic
def delivery_send(*, actor, case: Case, carrier: str, tracking_number: str) -> Delivery:
    """寄出: the lead department records the carrier and the tracking number; the applicant is told."""
    case = lock(case.pk)
    _lead_staff(actor, case)
    delivery = Delivery.objects.select_for_update().filter(case=case).first()
    if delivery is None or delivery.method != DeliveryMethod.MAIL:
        raise ConflictError(_("The applicant has not asked for the result to be mailed."))
    if case.status != CaseStatus.CONCLUDED or case.decision != Decision.APPROVED:
        raise ConflictError(_("The result is sent once the case is concluded with approval."))
    if delivery.sent_at is not None:
        raise ConflictError(_("The result has already been sent."))
    number = re.sub(r"\s", "", tracking_number or "").upper()
    errors = FieldErrors()
    if carrier not in Carrier.values:
        errors.add("carrier", _("Choose the carrier."))
    elif not tracking_valid(carrier, number):
        errors.add(
            "tracking_number",
            _("This is not a %(carrier)s tracking number (for example %(example)s).")
            % {"carrier": Carrier(carrier).label, "example": _EXAMPLES[Carrier(carrier)]},
        )
    errors.raise_if_any()
    delivery.carrier, delivery.tracking_number = carrier, number
    delivery.sent_at, delivery.sent_by = timezone.now(), actor
    delivery.save(update_fields=["carrier", "tracking_number", "sent_at", "sent_by"])
    ledger.record(
        action="eservices.delivery.sent",
        actor=actor,
        organisation=case.organisation_id,
        obj=case,
        after={"number": case.number, "carrier": carrier, "tracking_number": number},
    )
    if case.applicant_id is not None:
        inbox.notify(
            recipient=case.applicant,
            title=lazy_text(
                gettext_lazy("The result of application %(no)s has been mailed: %(carrier)s %(tracking)s"),
                no=case.number,
                carrier=Carrier(carrier).label,
                tracking=number,
            ),
            url=applicant_url(case),
        )
    return delivery


@transaction.atomic
def delivery_address_read(*, actor, case: Case, organisation_id: int) -> None:
    """Record that staff read the applicant's mailing address (personal data, R0.4)."""
    ledger.record(
        action="eservices.delivery.address_viewed",
        actor=actor,
        organisation=organisation_id,
        obj=case,
        after={"number": case.number or ""},
    )

"""What other apps may call on electronic licences (S6). Nothing else of `licenses` is public."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.actors import SystemActor
from digigov.core.choices import Role
from digigov.core.errors import DomainError, NotFoundError
from digigov.core.inbox import lazy_text
from digigov.licenses import identifiers, selectors
from digigov.licenses.choices import HolderKind, IssueSource
from digigov.licenses.models import LicenceType
from digigov.licenses.services import issuance
from digigov.licenses.services.batch import issue_bulk
from digigov.licenses.services.issuance import qr_signature_ensure

__all__ = [
    "IssuedLicence",
    "identifiers",
    "issue_bulk",
    "issue_for_case",
    "licence_type_by_code",
    "licences_for_case",
    "qr_signature_ensure",
]

logger = logging.getLogger(__name__)

# Who the ledger names when a concluded case issues its licence: the department's own platform, not a person.
CASE_SYSTEM_NAME = "办件办结自动签发"


@dataclass(frozen=True)
class IssuedLicence:
    number: str
    identifier: str
    name: str  # the licence type's name
    status: str


def licence_type_by_code(code: str) -> LicenceType | None:
    """The licence type with the national type code `code` (GB/T 36902), or None."""
    try:
        return selectors.type_get(code=code)
    except NotFoundError:
        return None


def _issued(licence) -> IssuedLicence:
    return IssuedLicence(licence.number, licence.identifier, licence.licence_type.name, licence.status)


def licences_for_case(case_number: str) -> list[IssuedLicence]:
    """The licences a concluded case issued (shown on the case's page)."""
    return [_issued(lc) for lc in selectors.licences_for_case(case_number)]


def issue_for_case(
    *,
    organisation,
    licence_type_code: str,
    applicant_kind: str,
    applicant_name: str,
    applicant_code: str,
    case_number: str,
    data: dict,
    today: dt.date | None = None,
) -> IssuedLicence | None:
    """Issue the licence a case concluded with approval results in (R6.1): by the item's lead department
    `organisation`, to the applicant, numbered with the case number, the type's items taken from the form answers
    of the same keys. Issued by the department's platform (a `SystemActor` of `organisation`).

    The conclusion stands whatever happens here: if the type is unknown, belongs to another department, or the
    licence cannot be issued (no seal in use, an item missing), nothing is issued, the reason goes to the ledger
    and a to-do asks the department's handlers to issue it by hand. Returns the licence, or None."""
    licence_type = licence_type_by_code(licence_type_code)
    try:
        if licence_type is None:
            raise DomainError(gettext_lazy("No licence type has the code %(code)s.") % {"code": licence_type_code})
        if licence_type.issuer_id != organisation.pk:
            raise DomainError(
                gettext_lazy("The licence type %(code)s is another department's.") % {"code": licence_type_code}
            )
        actor = SystemActor(
            client_id=0,
            name=CASE_SYSTEM_NAME,
            organisation_id=organisation.pk,
            roles=frozenset({Role.HANDLER}),
            channel="case",
        )
        # eservices records the party as identity names it: "citizen" (or "person") and "legal_person".
        holder_kind = HolderKind.LEGAL_PERSON if applicant_kind == HolderKind.LEGAL_PERSON else HolderKind.PERSON
        values = data if isinstance(data, dict) else {}
        own = {
            item["key"]: values[item["key"]] for item in licence_type.items if values.get(item["key"]) not in (None, "")
        }
        with transaction.atomic():
            licence = issuance.issue(
                actor=actor,
                licence_type=licence_type,
                holder_kind=holder_kind,
                holder_name=applicant_name,
                holder_code=applicant_code,
                number=case_number,
                issued_on=today or timezone.localdate(),
                valid_from=today or timezone.localdate(),
                data=own,
                source=IssueSource.CASE,
                source_ref=case_number,
                today=today,
            )
        return _issued(licence)
    except Exception as exc:  # noqa: BLE001  the case's conclusion must not be lost to a licence's failure
        if not isinstance(exc, DomainError):
            logger.exception("licence of case %s not issued", case_number)
        problem = str(exc.message) if isinstance(exc, DomainError) else str(gettext_lazy("The seal could not sign."))
        _tell_department(organisation, licence_type, licence_type_code, case_number, problem)
        return None


def _tell_department(organisation, licence_type, code: str, case_number: str, problem: str) -> None:
    url = reverse("licenses_issue")
    if licence_type is not None:
        url += f"?type={licence_type.pk}&case={case_number}"
    ledger.record(
        action="licenses.case_issue_failed",
        organisation=organisation,
        object_type="licenses.licencetype",
        object_id=licence_type.pk if licence_type is not None else code,
        after={"case": case_number, "problem": problem},
    )
    inbox.inbox_register(
        source="licenses",
        kind="licenses.case_issue",
        title=lazy_text(
            gettext_lazy("Case %(no)s was approved but its licence was not issued: %(problem)s"),
            no=case_number,
            problem=problem,
        ),
        url=url,
        assignee_org=organisation,
        assignee_role=Role.HANDLER,
    )


# --------------------------------------------------------------------------- wallet and uses in services (R6.2)
from digigov.licenses.case_use import (  # noqa: E402
    CaseLicence,
    HeldLicence,
    licence_case_use,
    licence_held,
    licence_in_case,
)

__all__ += ["CaseLicence", "HeldLicence", "licence_case_use", "licence_held", "licence_in_case"]

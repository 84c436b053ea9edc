"""One-form filling (一表式填报, R4.3, R1.7; docs/adr/0003-eservices-workflow.md §5): what the platform already holds
is filled in or not asked for, and the form says where each value came from.

- `prefill_for(applicant_user=, form_version=)` resolves the form's `prefill` sources (`forms.api.prefill_keys`):
  `applicant.<field>` from the signed-in citizen's or legal person's own account (`identity.api.party_of`), as
  `services.cases.applicant_prefill` fills them for a case applied for online; `shared:<resource code>.<item>` from
  the record of that catalogue resource keyed by the applicant's ID number or credit code, read through the
  exchange gateway.
- `materials_held(applicant_user=, item=)` names the item's materials whose substitute is shared data and whose
  record the gateway finds, as `services.cases.Held` (provided = shared, the source, the call's id as `source_ref`):
  `case_submit(held=…)` records them and does not ask for them.

Online services are a consumer system of the exchange like any other: every read goes through
`exchange.api.shared_record` as the `SystemClient` the rule `eservices.exchange_system` names, under that system's
grants, quotas and masking, and each leaves one `GatewayCall` row. A read that is refused (no grant, quota used up,
service interrupted …) or fails fills nothing and holds nothing: the person is asked, never shown an error. Reads
are grouped: one call per resource and key, however many fields or materials use it. Call both before a
transaction that may roll back (the row is written on the same connection), as the application page does before
`case_submit`.

A material whose substitute is an e-licence (`Material.licence_type`) is held when the applicant holds a valid
licence of that type (`licenses.api.licence_held`: not expired, not cancelled or revoked, of a trust grade services
accept): provided = licence, the licence's name and issuer as the source, its identifier as `source_ref`;
`case_submit` records its use with the case (R6.2).
"""

import logging
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from digigov.catalog import api as catalog
from digigov.core.errors import DomainError
from digigov.core.rules import rule
from digigov.eservices.choices import KeyKind, Provision, Substitute
from digigov.eservices.services.cases import Held
from digigov.exchange import api as exchange
from digigov.forms.api import Prefill, prefill_keys
from digigov.identity import api as identity
from digigov.identity.choices import AccountKind
from digigov.licenses import api as licenses

logger = logging.getLogger(__name__)

SYSTEM_RULE = "eservices.exchange_system"
APPLICANT = "applicant."
SHARED = "shared:"
PURPOSE_FORM = _("One-form filling")
PURPOSE_MATERIAL = _("One-form filling: “%(material)s” of “%(item)s” not asked for")
ACCOUNT_SOURCE = _("Your verified account")  # the source `services.cases.applicant_prefill` names online


def exchange_system():
    """The SystemClient online services read shared data as (rule `eservices.exchange_system`), or None when the
    rule names none or a system that is revoked or unknown (then nothing is read from shared data)."""
    system_id = rule(SYSTEM_RULE)
    if not system_id:
        return None
    system = identity.system_client_active(system_id)
    if system is None:
        logger.warning(
            "rule %s names no active application system (%s): no shared data is read", SYSTEM_RULE, system_id
        )
    return system


def _applicant_key(party, kind: str) -> str | None:
    """The applicant's own code a record of this key kind is looked up by (ID number or credit code), or None."""
    if party is None:
        return None
    if kind == KeyKind.ID_NUMBER and party.kind == AccountKind.CITIZEN:
        return party.code
    if kind == KeyKind.USCC and party.kind == AccountKind.LEGAL_PERSON:
        return party.code
    return None


def _from_account(party) -> dict[str, str]:
    """What each `applicant.<field>` is for this party: the same values `services.cases.applicant_prefill` takes
    from a case applied for online (a legal person's name and ID number are its legal representative's)."""
    citizen = party.kind == AccountKind.CITIZEN
    return {
        "name": party.name if citizen else party.representative,
        "id_number": party.code if citizen else party.representative_id_number,
        "mobile": party.phone,
        "org_name": "" if citizen else party.name,
        "uscc": "" if citizen else party.code,
        "legal_representative": "" if citizen else party.representative,
    }


class _Reader:
    """Reads shared records for one applicant, one gateway call per (resource, key) at most."""

    def __init__(self, party):
        self.party = party
        self.system = exchange_system() if party is not None else None
        self.read: dict[tuple[int, str], exchange.SharedRecord | None] = {}

    def record(self, resource_id: int, key_kind: str, purpose: str) -> "exchange.SharedRecord | None":
        if self.system is None:
            return None
        key = _applicant_key(self.party, key_kind)
        if not key:
            return None
        if (resource_id, key) not in self.read:
            try:
                found = exchange.shared_record(system=self.system, resource_id=resource_id, key=key, purpose=purpose)
            except DomainError as refused:
                # Logged by the gateway with its code; the person is simply asked for what was not found.
                logger.info("shared record of resource %s not read: %s", resource_id, refused.code)
                found = None
            self.read[(resource_id, key)] = found
        return self.read[(resource_id, key)]


def prefill_for(*, applicant_user, form_version) -> dict[str, Prefill]:
    """{field key: Prefill(value, source, locked)} for the fields of `form_version` whose prefill source the
    platform holds for this applicant, all locked (authoritative). Fields it cannot fill are left out (the person
    fills them in); staff and anonymous users get nothing."""
    wanted = prefill_keys(form_version)
    party = identity.party_of(applicant_user)
    found: dict[str, Prefill] = {}
    if not wanted or party is None:
        return found
    known = _from_account(party)
    shared: dict[str, list[tuple[str, str]]] = {}  # resource code → [(field key, item identifier)]
    for field_key, source in wanted.items():
        if source.startswith(APPLICANT):
            value = known.get(source.removeprefix(APPLICANT))
            if value:
                found[field_key] = Prefill(value, str(ACCOUNT_SOURCE))
        elif source.startswith(SHARED):
            code, _dot, identifier = source.removeprefix(SHARED).rpartition(".")
            shared.setdefault(code, []).append((field_key, identifier))
    if shared:
        found |= _shared_prefills(shared, _Reader(party))
    return found


def _resource_ids(codes: Iterable[str]) -> dict[str, int]:
    return dict(catalog.Resource.objects.filter(code__in=list(codes)).values_list("code", "pk"))


def _shared_prefills(shared: dict[str, list[tuple[str, str]]], reader: _Reader) -> dict[str, Prefill]:
    found = {}
    purpose = str(PURPOSE_FORM)
    for code, resource_id in _resource_ids(shared).items():
        record = reader.record(resource_id, exchange.resource_key_kind(resource_id), purpose)
        if record is None:
            continue
        for field_key, identifier in shared[code]:
            value = record.values.get(identifier)
            # A masked value (张*) is no value for a form: the grant must allow raw values for it to be filled.
            if value not in (None, "") and identifier not in record.masked:
                found[field_key] = Prefill(value, record.source, locked=True)
    return found


def materials_held(*, applicant_user, item) -> list[Held]:
    """The materials of `item` (a ServiceItem) the platform holds for this applicant, in the item's order: those
    whose substitute is an e-licence the applicant holds valid (provided = licence, `source_ref` = its
    identifier), and those whose substitute is shared data and whose record, looked up by the applicant's code
    (`Material.key`), the gateway finds with every information item the material names. Each is a
    `services.cases.Held` with provided = shared, the source ("省公安厅 人口基础信息") and the GatewayCall id as
    `source_ref`. Every other material is asked for."""
    party = identity.party_of(applicant_user)
    every = list(item.materials.all())
    held = [h for m in every if m.substitute == Substitute.LICENCE and (h := _licence_held(party, m)) is not None]
    materials = [m for m in every if m.substitute == Substitute.SHARED and m.resource_id]
    if not materials:
        return held
    reader = _Reader(party)
    for material in materials:
        purpose = str(PURPOSE_MATERIAL % {"material": material.name, "item": item.name})
        record = reader.record(material.resource_id, material.key, purpose)
        if record is None or any(identifier not in record.values for identifier in material.items):
            continue
        held.append(Held(material.pk, Provision.SHARED.value, record.source, str(record.call_id)))
    order = {m.pk: n for n, m in enumerate(every)}
    return sorted(held, key=lambda h: order.get(h.material_id, 0))


def _licence_held(party, material) -> Held | None:
    """The applicant's valid e-licence of the material's licence type, as a held material (R6.2), or None."""
    if party is None or not material.licence_type:
        return None
    found = licenses.licence_held(holder_code=party.code, type_code=material.licence_type)
    if found is None:
        return None
    return Held(material.pk, Provision.LICENCE.value, found.source, found.identifier)

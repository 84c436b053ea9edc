"""Issued licence versions for the documents' and verification's tests, made as issuance makes them: the snapshot
sealed with the issuer's seal (SES_Signature over `canonical(snapshot)`) and the QR text signed with its key."""

import datetime as dt

from django.db import transaction

from digigov.core.actors import SystemActor
from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory
from digigov.licenses import identifiers, qr, snapshot
from digigov.licenses.choices import HolderKind, IssueSource, LicenceStatus
from digigov.licenses.models import Licence, LicenceType, LicenceVersion
from digigov.signing import api as signing
from digigov.signing.tests import factories as signing_factories

_counter = [0]


def issuer_with_seal(name: str = "湖北省公安厅"):
    organisation = OrganisationFactory(name=name)
    return organisation, signing_factories.seal(organisation)


def system(organisation) -> SystemActor:
    return SystemActor(
        client_id=0, name="测试签发系统", organisation_id=organisation.pk, roles=frozenset({Role.HANDLER})
    )


def licence_type(issuer, **fields) -> LicenceType:
    _counter[0] += 1
    values = {
        "code": identifiers.type_code(issuer.uscc, _counter[0] % 999 + 1),
        "name": "机动车驾驶证",
        "issuer": issuer,
        "holder_kind": HolderKind.PERSON,
        "items": [{"key": "class", "label": "准驾车型", "kind": "text", "required": True}],
        "validity_years": 6,
        "appearance": {"title": "机动车驾驶证", "colour": "#1f4e9c"},
    }
    values.update(fields)
    return LicenceType.objects.create(**values)


def _seal_version(licence: Licence, number: int, seal, data: dict) -> LicenceVersion:
    ident = identifiers.make(
        type_code=licence.licence_type.code, issuer_code=licence.issuer.uscc, serial=licence.serial, version=number
    )
    snap = snapshot.build(licence_type=licence.licence_type, licence=licence, identifier=ident, data=data)
    actor = system(licence.issuer)
    sealed = signing.seal_sign(
        actor=actor, seal=seal, data=snapshot.canonical(snap), purpose=f"签发电子证照 {ident}", property_info=ident
    )
    qr_signature = signing.seal_sign_raw(
        actor=actor, seal=seal, data=qr.signed_text(snap, seal_code=seal.code), purpose=f"亮证二维码 {ident}"
    )
    return LicenceVersion.objects.create(
        licence=licence,
        version=number,
        identifier=ident,
        snapshot=snap,
        seal_code=seal.code,
        signature=signing.seal_signature_compact(sealed),
        qr_signature=qr_signature,
    )


@transaction.atomic
def issued_version(
    *,
    issuer=None,
    seal=None,
    holder_name: str = "张伟",
    holder_code: str = "420102199003071234",
    valid_until: dt.date | None = dt.date(2032, 1, 4),
    issued_on: dt.date = dt.date(2026, 1, 5),
    data: dict | None = None,
    kind=None,
) -> LicenceVersion:
    """Version 1 of a new licence of a new type of `issuer` (a new department with a seal if None)."""
    if issuer is None:
        issuer, seal = issuer_with_seal()
    seal = seal or signing.seal_for(issuer)
    ltype = kind or licence_type(issuer)
    serial = identifiers.new_serial()
    licence = Licence.objects.create(
        identifier=f"pending-{serial}",
        serial=serial,
        licence_type=ltype,
        number=serial[:12],
        holder_kind=ltype.holder_kind,
        holder_name=holder_name,
        holder_code=holder_code,
        issuer=issuer,
        issued_on=issued_on,
        valid_from=issued_on,
        valid_until=valid_until,
        data=data or {"class": "C1"},
        status=LicenceStatus.VALID,
        source=IssueSource.HAND,
    )
    version = _seal_version(licence, 1, seal, licence.data)
    licence.identifier = version.identifier
    licence.save(update_fields=["identifier"])
    return version


@transaction.atomic
def new_version(version: LicenceVersion, **changes) -> LicenceVersion:
    """A changed licence: version n+1 with `changes` applied; the older version stays as it was."""
    licence = version.licence
    for name, value in changes.items():
        setattr(licence, name, value)
    licence.version = version.version + 1
    seal = signing.seal_by_code(version.seal_code)
    newer = _seal_version(licence, licence.version, seal, licence.data)
    licence.identifier = newer.identifier
    licence.save()
    return newer

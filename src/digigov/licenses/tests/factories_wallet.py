"""Licences for the wallet's tests, written straight into the model rows (the issuance services are another
branch's): a type of a department, a licence of a holder with its first version and snapshot. Signatures stay empty
unless a test asks for the QR code's."""

from __future__ import annotations

import datetime as dt
import itertools

from digigov.core.tests.factories import OrganisationFactory
from digigov.licenses import identifiers, snapshot
from digigov.licenses.choices import HolderKind, IssueSource, LicenceStatus, TrustGrade
from digigov.licenses.models import Licence, LicenceType, LicenceUse, LicenceVersion

__all__ = ["LicenceUse", "licence", "licence_type"]  # LicenceUse: other apps' tests count uses

_numbers = itertools.count(1)


def licence_type(*, issuer=None, name="机动车驾驶证", holder_kind=HolderKind.PERSON, serial=None) -> LicenceType:
    issuer = issuer or OrganisationFactory(name=f"测试公安厅{next(_numbers)}")
    code = identifiers.type_code(issuer.uscc, serial or next(_numbers) % 999 + 1)
    return LicenceType.objects.create(code=code, name=name, issuer=issuer, holder_kind=holder_kind)


def licence(
    *,
    holder_code: str,
    holder_name: str = "张三",
    kind: LicenceType | None = None,
    grade: str = TrustGrade.A,
    status: str = LicenceStatus.VALID,
    issued_on: dt.date | None = None,
    valid_until: dt.date | None = None,
    qr_signature: bytes = b"",
    seal_code: str = "",
    signature: bytes = b"",
) -> Licence:
    kind = kind or licence_type()
    issued_on = issued_on or dt.date(2024, 3, 1)
    serial = identifiers.new_serial()
    identifier = identifiers.make(type_code=kind.code, issuer_code=kind.issuer.uscc, serial=serial, version=1)
    row = Licence.objects.create(
        identifier=identifier,
        serial=serial,
        licence_type=kind,
        number=f"N{next(_numbers):08d}",
        holder_kind=kind.holder_kind,
        holder_name=holder_name,
        holder_code=holder_code,
        issuer=kind.issuer,
        issued_on=issued_on,
        valid_from=issued_on,
        valid_until=valid_until,
        status=status,
        source=IssueSource.HAND,
        trust_grade=grade,
    )
    LicenceVersion.objects.create(
        licence=row,
        version=1,
        identifier=identifier,
        snapshot=snapshot.build(licence_type=kind, licence=row, identifier=identifier, data={}),
        seal_code=seal_code,
        signature=signature,
        qr_signature=qr_signature,
    )
    return row

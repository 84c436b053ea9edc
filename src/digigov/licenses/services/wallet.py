"""The holder's own acts on a licence in the wallet (卡包, R4.8): showing it (亮证) and downloading it. Each is a
`LicenceUse` the holder sees and a ledger entry. Only the holder acts here: anyone else's licence is not found."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from digigov.core.errors import ConflictError, DomainError, NotFoundError
from digigov.licenses import wallet_selectors
from digigov.licenses.choices import LicenceStatus, UseKind
from digigov.licenses.models import Licence, LicenceUse
from digigov.licenses.services.uses import PURPOSE_DOWNLOADED, PURPOSE_SHOWN, use_record

FORMATS = {"pdf": "application/pdf", "ofd": "application/ofd"}


def _own(actor, licence: Licence) -> Licence:
    """The licence, locked, if `actor` is its holder; NotFoundError otherwise."""
    code = wallet_selectors.holder_code(actor)
    found = Licence.objects.select_for_update().filter(pk=licence.pk, holder_code=code or "-").first()
    if not code or found is None:
        raise NotFoundError()
    return found


@transaction.atomic
def licence_show(*, actor, licence: Licence) -> LicenceUse:
    """亮证: the holder opens the full-screen view with the QR code for an on-site check. Refused for a licence that
    is expired, cancelled or revoked (a counter must not be shown one as if it held)."""
    licence = _own(actor, licence)
    standing = wallet_selectors.standing(licence)
    if not standing.usable:
        raise ConflictError(_("This licence is %(standing)s and cannot be shown.") % {"standing": standing.label})
    return use_record(licence=licence, kind=UseKind.SHOWN, actor=actor, purpose=str(PURPOSE_SHOWN))


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    data: bytes


def _document(version, fmt: str) -> bytes:
    """The document of `version` from the documents service (PDF, or OFD GB/T 33190); kept in one function so the
    rest of the wallet does not depend on it."""
    documents = importlib.import_module("digigov.licenses.services.documents")
    made = documents.pdf_of(version) if fmt == "pdf" else documents.ofd_of(version)
    if hasattr(made, "read"):
        made = made.read()
    return bytes(made)


@transaction.atomic
def licence_download(*, actor, licence: Licence, fmt: str) -> Download:
    """The holder's licence as PDF or OFD, recorded as a download. A cancelled or revoked licence is not handed out
    as a document any more; an expired one still is (it says its own validity)."""
    if fmt not in FORMATS:
        raise NotFoundError()
    licence = _own(actor, licence)
    if licence.status != LicenceStatus.VALID:
        raise ConflictError(_("This licence is no longer valid and cannot be downloaded."))
    version = wallet_selectors.current_version(licence)
    if version is None:
        raise DomainError(_("This licence has no document to download."))
    data = _document(version, fmt)
    use_record(
        licence=licence,
        kind=UseKind.DOWNLOADED,
        actor=actor,
        purpose=str(PURPOSE_DOWNLOADED % {"format": fmt.upper()}),
        extra={"format": fmt.upper()},
    )
    return Download(f"{licence.number or licence.pk}.{fmt}", FORMATS[fmt], data)

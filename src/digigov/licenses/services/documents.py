"""A licence version's documents (R6.1, R7.1): the PDF and the OFD, each sealed by the issuer's seal through
`signing` (GB/T 38540 SES_Signature), and the watermarked copies given out for one use (trust grades A, B: item 7).

`produce(version)` is called when a version is issued (issuance); `pdf_of` / `ofd_of` give the stored file or make
it on first request — the demo's 100,000 licences have none until someone asks. The seal is the one whose code the
version carries (it signed the snapshot and the QR text at issuance), or the department's current seal once that
one was re-issued or withdrawn; the platform makes a document as the issuing
department's document system (`SystemActor`), so a holder's download never needs a staff member's hand.
"""

from __future__ import annotations

import io
from typing import Any

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from digigov.core import ledger
from digigov.core.actors import SystemActor
from digigov.core.choices import Role
from digigov.core.errors import ConflictError
from digigov.licenses import ofd, pdf, qr
from digigov.licenses.models import LicenceVersion
from digigov.signing import api as signing

# Room for the SES_Signature in the PDF beyond the SESeal (which carries the seal's picture and certificates):
# TBS_Sign's fixed fields, the signer's certificate again, the SM2 signature value (about 1 KB; kept generous).
SIGNATURE_ROOM = 8192


def base_url() -> str:
    return str(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")


def verify_page_url() -> str:
    """Where anyone uploads a licence file or pastes a scanned QR text."""
    return base_url() + reverse("licenses_verify")


def qr_parameter(version: LicenceVersion) -> str:
    """The `p` parameter of the 亮证 QR: the signed text and the seal's signature made at issuance."""
    return qr.encode(qr.signed_text(version.snapshot, seal_code=version.seal_code), bytes(version.qr_signature))


def qr_url(version: LicenceVersion) -> str:
    """What a phone camera opens: the verification page for this QR."""
    return f"{base_url()}{reverse('licenses_verify_qr')}?p={qr_parameter(version)}"


def _seal(version: LicenceVersion):
    seal = signing.seal_by_code(version.seal_code) if version.seal_code else None
    if seal is None or seal.status != signing.SealStatus.ACTIVE:  # re-issued since: the department's current seal
        seal = signing.seal_for(version.licence.issuer)
    if seal is None:
        raise ConflictError(_no_seal_message())
    return seal


def _no_seal_message() -> str:
    from django.utils.translation import gettext as _

    return _("The issuing department has no electronic seal in use, so the document cannot be sealed.")


def _actor(version: LicenceVersion, actor: Any) -> Any:
    """Who seals the document: the given staff member, or the issuing department's document system."""
    if actor is not None and getattr(actor, "is_authenticated", False) and not getattr(actor, "is_system", False):
        return actor
    issuer = version.licence.issuer
    return SystemActor(
        client_id=0,
        name="电子证照文档服务",
        organisation_id=issuer.pk,
        roles=frozenset({Role.HANDLER}),
        channel="documents",
    )


def _pdf_date(at) -> str:
    local = timezone.localtime(at)
    offset = local.strftime("%z")  # +0800
    return local.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def _purpose(version: LicenceVersion, what: str) -> str:
    return f"{what}：{version.snapshot.get('licence_name', '')} {version.identifier}"[:200]


def _qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=4, border=2)
    return out.getvalue()


def make_pdf(version: LicenceVersion, *, actor=None, watermark: str = "", use: str = "") -> bytes:
    """A sealed PDF of `version` (not stored). `watermark` and `use`: a copy for one use."""
    seal = _seal(version)
    seal_png = signing.seal_image_png(seal)
    url = qr_url(version)
    unsigned = pdf.render(
        version.snapshot,
        appearance=version.licence.licence_type.appearance or {},
        seal_png=seal_png,
        verify_page=verify_page_url(),
        qr_svg=segno.make(url, error="m").svg_data_uri(scale=4, border=2),
        watermark=watermark,
    )
    sealer = _actor(version, actor)
    purpose = _purpose(version, "用证副本" if use else "电子证照PDF")
    info = {"LicenceIdentifier": version.identifier}
    if use:
        info["LicenceUse"] = use

    def sign(protected: bytes) -> bytes:
        return signing.seal_sign(
            actor=sealer, seal=seal, data=protected, purpose=purpose, property_info=version.identifier
        ).der

    return pdf.embed_signature(
        unsigned,
        sign=sign,
        reserve=len(bytes(seal.seseal_der)) + SIGNATURE_ROOM,
        name=seal.name,
        reason=purpose,
        signed_at=_pdf_date(timezone.now()),
        info=info,
    )


def make_ofd(version: LicenceVersion, *, actor=None) -> bytes:
    """A sealed OFD of `version` (not stored)."""
    seal = _seal(version)
    sealer = _actor(version, actor)
    purpose = _purpose(version, "电子证照OFD")

    def sign(signature_xml: bytes) -> bytes:
        return signing.seal_sign(
            actor=sealer,
            seal=seal,
            data=signature_xml,
            purpose=purpose,
            property_info="/" + ofd.SIGNATURE_FILE,
        ).der

    return ofd.build(
        version.snapshot,
        appearance=version.licence.licence_type.appearance or {},
        qr_png=_qr_png(qr_url(version)),
        signed_at=timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
        seseal=bytes(seal.seseal_der),
        sign=sign,
    )


@transaction.atomic
def produce(version: LicenceVersion, *, actor=None, only_missing: bool = False) -> LicenceVersion:
    """Make, seal and store the PDF and the OFD of `version` (R6.1); called by issuance when a version is made.
    `only_missing`: a first request — another request that held the row lock first may have made them already."""
    version = LicenceVersion.objects.select_for_update().select_related("licence__issuer").get(pk=version.pk)
    if only_missing and version.pdf and version.ofd:
        return version
    stem = version.identifier.replace(".", "_")
    version.pdf.save(f"{stem}.pdf", ContentFile(make_pdf(version, actor=actor)), save=False)
    version.ofd.save(f"{stem}.ofd", ContentFile(make_ofd(version, actor=actor)), save=False)
    version.save(update_fields=["pdf", "ofd"])
    ledger.record(
        action="licenses.documents.produced",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=version.licence.issuer,
        obj=version,
        after={"identifier": version.identifier, "seal": version.seal_code},
    )
    return version


def _stored(version: LicenceVersion, field: str) -> bytes:
    file = getattr(version, field)
    if not file:
        version = produce(version, only_missing=True)
        file = getattr(version, field)
    with file.open("rb") as handle:
        return handle.read()


def pdf_of(version: LicenceVersion) -> bytes:
    """The stored sealed PDF of `version`, made on first request."""
    return _stored(version, "pdf")


def ofd_of(version: LicenceVersion) -> bytes:
    """The stored sealed OFD of `version`, made on first request."""
    return _stored(version, "ofd")


@transaction.atomic
def copy_for_use(version: LicenceVersion, use_text: str, *, actor=None) -> bytes:
    """A PDF copy for one use (trust grades A and B, item 7): the licence with a diagonal watermark naming the use,
    e.g. "仅供办理不动产登记使用 2026-12-04" from `use_text` "办理不动产登记" (a text starting 仅供 is kept as it
    is), sealed over the whole file — removing or changing the watermark breaks
    the signature, and the verifier names the use (/LicenceUse)."""
    use_text = " ".join((use_text or "").split())[:40]
    if not use_text:
        from django.utils.translation import gettext as _

        raise ConflictError(_("Say what the copy is for."))
    if not use_text.startswith("仅供"):
        use_text = f"仅供{use_text}使用 {timezone.localdate().isoformat()}"
    data = make_pdf(version, actor=actor, watermark=use_text, use=use_text)
    ledger.record(
        action="licenses.copy.made",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=version.licence.issuer,
        obj=version,
        after={"identifier": version.identifier, "use": use_text},
    )
    return data

"""Electronic seals (R7.1): GB/T 38540 structures, SM2 certificates checked by the OpenSSL CLI, sealing and
verification verdicts, requests and approval, and who may see and use a seal."""

import datetime as dt
import hashlib
import json
import subprocess

import pytest
from asn1crypto import x509
from django.utils import timezone

from digigov.core.actors import SystemActor
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.signing import api, certs, seals, ses
from digigov.signing.choices import SealKind, SealRequestAction, SealRequestState, SealStatus
from digigov.signing.models import Seal, SealStatusChange
from digigov.signing.tests.factories import operator_org
from digigov.signing.tests.factories import seal as make_seal

pytestmark = pytest.mark.django_db

DISTID = "distid:1234567812345678"
DATA = "营业执照 91420100MA4K0000X1 某某科技有限公司".encode()


def openssl(*args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *map(str, args)], capture_output=True, check=check)


def write(path, content) -> str:
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


@pytest.fixture
def department():
    return OrganisationFactory(name="武汉市江岸区市场监督管理局")


@pytest.fixture
def handler(department):
    return staff(Role.HANDLER, department)


@pytest.fixture
def approver():
    return staff(Role.LEADER, operator_org())


def test_seseal_and_ses_signature_parse_back_with_the_standard_fields_in_order(department, handler, tmp_path):
    seal = make_seal(department)
    signed = api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="测试", property_info="licence/1")
    parsed = ses.SESSignature.load(signed.der)
    assert [name for name, *_ in ses.SESSignature._fields] == [
        "toSign",
        "cert",
        "signatureAlgID",
        "signature",
        "timeStamp",
    ]
    tbs = parsed["toSign"]
    assert tbs["version"].native == 4
    assert tbs["dataHash"].native == hashlib.new("sm3", DATA).digest()
    assert tbs["propertyInfo"].native == "licence/1"
    info = tbs["eseal"]["eSealInfo"]
    assert info["header"].native == {"id": "ES", "version": 4, "vid": "digigov"}
    assert info["esID"].native == seal.code
    assert info["property"]["name"].native == seal.name == "武汉市江岸区市场监督管理局电子证照专用章"
    assert info["property"]["certListType"].native == 1
    assert info["property"]["certList"][0].native == certs.from_pem(seal.certificate_pem)
    assert info["picture"]["type"].native == "PNG"
    assert info["picture"]["data"].native == bytes(seal.image_png)
    assert (info["picture"]["width"].native, info["picture"]["height"].native) == (42, 42)
    assert tbs["eseal"]["signAlgID"].dotted == "1.2.156.10197.1.501"
    assert parsed["signatureAlgID"].dotted == "1.2.156.10197.1.501"
    assert parsed["toSign"].dump() == signed.to_sign_der
    assert parsed["signature"].native == signed.signature_value
    # OpenSSL reads both structures: the tags in order.
    sig = openssl("asn1parse", "-inform", "DER", "-in", write(tmp_path / "sig.der", signed.der)).stdout.decode()
    lines = [line.split(":", 3)[-1].strip() for line in sig.splitlines()[:12]]
    assert "INTEGER           :04" in sig and "IA5STRING         :ES" in sig
    assert "GENERALIZEDTIME" in sig and "SM2-with-SM3" in sig and "BIT STRING" in sig
    assert lines[0].startswith("SEQUENCE") and lines[1].startswith("SEQUENCE")
    seal_dump = openssl("asn1parse", "-inform", "DER", "-in", write(tmp_path / "seal.der", bytes(seal.seseal_der)))
    text = seal_dump.stdout.decode()
    order = [
        "IA5STRING         :ES",
        f"IA5STRING         :{seal.code}",
        "UTF8STRING",
        "OCTET STRING",
        "GENERALIZEDTIME",
        "IA5STRING         :PNG",
        "SM2-with-SM3",
        "BIT STRING",
    ]
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)


def test_openssl_reads_the_seal_certificate_checks_it_against_the_maker_and_verifies_a_real_signature(
    department, handler, tmp_path
):
    seal = make_seal(department)
    pem = write(tmp_path / "seal.pem", api.seal_certificate_pem(seal))
    text = openssl("x509", "-in", pem, "-noout", "-text").stdout.decode()
    assert "SM2-with-SM3" in text and "ASN1 OID: SM2" in text
    assert seal.code in text
    pub = openssl("x509", "-in", pem, "-pubkey", "-noout").stdout
    pub_path = write(tmp_path / "pub.pem", pub)
    root = write(tmp_path / "root.pem", seals.maker_current().certificate_pem)
    verified = openssl("verify", "-vfyopt", DISTID, "-CAfile", root, pem, check=False)
    assert verified.returncode == 0, verified.stderr
    assert b"OK" in verified.stdout

    signed = api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="测试")
    tbs = write(tmp_path / "tbs.der", signed.to_sign_der)
    sig = write(tmp_path / "sig.der", signed.signature_value)
    ok = openssl(
        "pkeyutl",
        "-verify",
        "-rawin",
        "-digest",
        "sm3",
        "-pkeyopt",
        DISTID,
        "-pubin",
        "-inkey",
        pub_path,
        "-in",
        tbs,
        "-sigfile",
        sig,
        check=False,
    )
    assert ok.returncode == 0 and b"Signature Verified Successfully" in ok.stdout
    changed = bytearray(signed.to_sign_der)
    changed[-1] ^= 1
    bad = openssl(
        "pkeyutl",
        "-verify",
        "-rawin",
        "-digest",
        "sm3",
        "-pkeyopt",
        DISTID,
        "-pubin",
        "-inkey",
        pub_path,
        "-in",
        write(tmp_path / "tbs2.der", bytes(changed)),
        "-sigfile",
        sig,
        check=False,
    )
    assert bad.returncode != 0


def test_certificate_names_the_seal_and_its_organisation_and_has_the_seals_validity(department):
    seal = make_seal(department)
    cert = x509.Certificate.load(certs.from_pem(seal.certificate_pem))
    subject = cert.subject.native
    assert subject["common_name"] == seal.name
    assert subject["organization_name"] == department.name
    assert cert["tbs_certificate"]["validity"]["not_after"].native == seal.valid_until.replace(microsecond=0)
    assert cert.issuer.native["organization_name"] == "省大数据中心"


def test_a_sealed_file_verifies_and_one_changed_byte_reads_as_changed(department, handler):
    seal = make_seal(department)
    signed = api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="颁发营业执照")
    verdict = api.verify_seal_signature(signed.der, DATA)
    assert verdict.ok and verdict.signature_valid and verdict.data_matches and verdict.seal_valid_at_signing
    assert verdict.verdict == "签章有效"
    assert (verdict.seal_code, verdict.organisation_name, verdict.seal_status) == (seal.code, department.name, "active")
    changed = DATA[:-1] + b"2"
    verdict = api.verify_seal_signature(signed.der, changed)
    assert not verdict.ok and verdict.signature_valid and not verdict.data_matches
    assert verdict.verdict == "文件已被改动"
    forged = bytearray(signed.der)
    forged[-3] ^= 1
    verdict = api.verify_seal_signature(bytes(forged), DATA)
    assert not verdict.ok and not verdict.signature_valid
    assert "签章无效" in verdict.verdict
    verdict = api.verify_seal_signature(b"not a signature", DATA)
    assert not verdict.ok and verdict.seal_status == ""


def test_each_use_is_in_the_ledger_with_purpose_and_digest_never_the_data(department, handler):
    seal = make_seal(department)
    signed = api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="颁发营业执照")
    entry = _after(LedgerEntry.objects.filter(action="signing.seal_used").latest("seq"))
    assert entry["purpose"] == "颁发营业执照" and entry["data_sm3"] == signed.data_sm3
    assert DATA.decode()[:8] not in str(entry)
    batch = api.seal_sign_batch(actor=handler, seal=seal, items=[b"a", b"b", b"c"], purpose="批量颁发")
    assert len(batch) == 3 and all(
        api.verify_seal_signature(s.der, d).ok for s, d in zip(batch, [b"a", b"b", b"c"], strict=True)
    )
    entry = _after(LedgerEntry.objects.filter(action="signing.seal_used").latest("seq"))
    hashes = b"".join(hashlib.new("sm3", d).digest() for d in [b"a", b"b", b"c"])
    assert entry["count"] == 3 and entry["items_sm3"] == hashlib.new("sm3", hashes).hexdigest()
    raw = api.seal_sign_raw(actor=handler, seal=seal, data=b"qr-payload", purpose="亮证二维码")
    assert api.verify_seal_raw(seal_code=seal.code, data=b"qr-payload", signature=raw)
    assert not api.verify_seal_raw(seal_code=seal.code, data=b"qr-payload!", signature=raw)


def test_staff_of_another_organisation_cannot_use_the_seal_a_system_of_its_own_can(department):
    seal = make_seal(department)
    stranger = staff(Role.LEADER, OrganisationFactory())
    with pytest.raises(PermissionDeniedError):
        api.seal_sign(actor=stranger, seal=seal, data=DATA, purpose="x")
    system = SystemActor(client_id=1, name="登记系统", organisation_id=department.pk, roles=frozenset())
    assert api.verify_seal_signature(api.seal_sign(actor=system, seal=seal, data=DATA, purpose="x").der, DATA).ok
    other = SystemActor(
        client_id=2,
        name="他人系统",
        organisation_id=stranger.memberships.first().organisation_id,
        roles=frozenset({Role.HANDLER}),
    )
    with pytest.raises(PermissionDeniedError):
        api.seal_sign(actor=other, seal=seal, data=DATA, purpose="x")


def _after(entry) -> dict:
    return json.loads(entry.summary)["after"]


def _request_and_approve(admin, approver, **kwargs):
    request = seals.seal_request(actor=admin, reason="工作需要", **kwargs)
    return seals.seal_request_decide(actor=approver, request=request, approve=True, reason="同意")


def test_making_a_seal_takes_effect_only_when_the_platform_operator_approves(department, approver):
    admin = staff(Role.ORG_ADMIN, department)
    request = seals.seal_request(
        actor=admin, organisation=department, action="make", kind=SealKind.OFFICIAL, reason="启用电子公章"
    )
    assert not Seal.objects.filter(organisation=department).exists()
    todo = InboxItem.objects.get(kind=seals.REQUEST_TASK)
    assert todo.assignee_org.is_platform_operator and todo.assignee_role == Role.LEADER and todo.done_at is None
    with pytest.raises(PermissionDeniedError):
        seals.seal_request_decide(actor=admin, request=request, approve=True, reason="自己批")
    with pytest.raises(DomainError):
        seals.seal_request_decide(actor=approver, request=request, approve=True, reason=" ")
    request = seals.seal_request_decide(actor=approver, request=request, approve=True, reason="同意")
    assert request.state == SealRequestState.APPROVED
    seal = request.result
    assert seal.kind == SealKind.OFFICIAL and seal.status == SealStatus.ACTIVE and seal.name == department.name
    assert api.seal_for(department) == seal  # no 证照 seal: the official one
    todo.refresh_from_db()
    assert todo.done_at is not None
    actions = set(LedgerEntry.objects.values_list("action", flat=True))
    assert {"signing.seal.requested", "signing.seal.request_decided", "signing.seal.made"} <= actions
    with pytest.raises(ConflictError):
        seals.seal_request_decide(actor=approver, request=request, approve=False, reason="再议")


def test_a_rejected_request_changes_nothing(department, approver):
    admin = staff(Role.ORG_ADMIN, department)
    seal = make_seal(department)
    request = seals.seal_request(actor=admin, organisation=department, seal=seal, action="cancel", reason="撤并")
    request = seals.seal_request_decide(actor=approver, request=request, approve=False, reason="材料不全")
    seal.refresh_from_db()
    assert request.state == SealRequestState.REJECTED and seal.status == SealStatus.ACTIVE


def test_only_the_organisations_administrator_requests(department):
    seal = make_seal(department)
    for actor in (staff(Role.HANDLER, department), staff(Role.ORG_ADMIN, OrganisationFactory())):
        with pytest.raises(PermissionDeniedError):
            seals.seal_request(actor=actor, organisation=department, seal=seal, action="suspend", reason="x")


def test_lost_seal_verdicts_and_the_revocation_list(department, handler, approver):
    admin = staff(Role.ORG_ADMIN, department)
    seal = make_seal(department)
    signed = api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="颁证")
    assert api.verify_seal_signature(signed.der, DATA).ok  # the verifier now holds the seal's status ...
    _request_and_approve(admin, approver, organisation=department, seal=seal, action="report_lost")
    seal.refresh_from_db()
    verdict = api.verify_seal_signature(signed.der, DATA)  # ... and the platform's own change is seen at once
    assert not verdict.ok and verdict.signature_valid and verdict.revoked and verdict.seal_status == "lost"
    assert verdict.verdict == "印章已挂失，其签章不可信"
    assert verdict.revoked_since == seal.status_since
    assert api.revoked_seals() == [{"code": seal.code, "status": "lost", "since": seal.status_since}]
    with pytest.raises(DomainError) as refused:
        api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="颁证")
    assert "挂失" in str(refused.value.message)


def test_a_cancelled_seal_keeps_earlier_signatures_valid_and_reissue_makes_a_new_seal(department, handler, approver):
    admin = staff(Role.ORG_ADMIN, department)
    seal = make_seal(department)
    signed = api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="颁证")
    request = _request_and_approve(admin, approver, organisation=department, seal=seal, action="reissue")
    new = request.result
    seal.refresh_from_db()
    assert seal.status == SealStatus.CANCELLED and new.replaces == seal and new.code != seal.code
    assert new.key_fingerprint != seal.key_fingerprint and new.status == SealStatus.ACTIVE
    verdict = api.verify_seal_signature(signed.der, DATA)
    assert verdict.ok and verdict.revoked and verdict.seal_valid_at_signing
    assert any("注销" in m for m in verdict.messages)
    assert api.seal_for(department) == new
    assert [c.to_status for c in SealStatusChange.objects.filter(seal=seal)] == ["active", "cancelled"]


def test_a_status_changed_elsewhere_is_relied_on_no_longer_than_the_rule_says(department, handler):
    from freezegun import freeze_time

    from digigov.core.rules import rule_set

    seal = make_seal(department)
    signed = api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="颁证")
    with freeze_time(tick=False) as clock:
        assert api.verify_seal_signature(signed.der, DATA).ok
        # another process (another gunicorn worker, a restore) reports the seal lost: this one reads its status again
        # once the rule's 5 seconds are over, as a verifier reads a revocation list again at its next update
        Seal.objects.filter(pk=seal.pk).update(status=SealStatus.LOST, status_since=timezone.now())
        clock.tick(4)
        assert api.verify_seal_signature(signed.der, DATA).ok
        clock.tick(2)
        assert api.verify_seal_signature(signed.der, DATA).seal_status == SealStatus.LOST
        rule_set(actor=staff(Role.PLATFORM_ADMIN, operator_org()), key="signing.seal_status_max_age_seconds", value=0)
        clock.tick(6)  # what was read before keeps its own 5 seconds
        assert not api.verify_seal_signature(signed.der, DATA).ok
        Seal.objects.filter(pk=seal.pk).update(status=SealStatus.ACTIVE)
        assert api.verify_seal_signature(signed.der, DATA).ok  # 0: read on every check


def test_suspended_seal_refuses_to_seal_and_resumes(department, handler, approver):
    admin = staff(Role.ORG_ADMIN, department)
    seal = make_seal(department)
    _request_and_approve(admin, approver, organisation=department, seal=seal, action=SealRequestAction.SUSPEND)
    with pytest.raises(DomainError):
        api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="颁证")
    assert api.seal_for(department) is None
    _request_and_approve(admin, approver, organisation=department, seal=seal, action=SealRequestAction.RESUME)
    assert api.seal_for(department) == seal
    assert api.verify_seal_signature(api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="颁证").der, DATA).ok


def test_a_seal_outside_its_validity_refuses(department, handler):
    seal = make_seal(department)
    Seal.objects.filter(pk=seal.pk).update(valid_until=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(DomainError) as refused:
        api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="颁证")
    assert "有效期" in str(refused.value.message)


def test_a_signature_from_a_seal_the_platform_does_not_know_is_refused(department, handler):
    seal = make_seal(department)
    signed = api.seal_sign(actor=handler, seal=seal, data=DATA, purpose="颁证")
    Seal.objects.filter(pk=seal.pk).update(code="00000000000000")
    verdict = api.verify_seal_signature(signed.der, DATA)
    assert not verdict.ok and verdict.seal_status == ""


def test_the_round_seal_image_is_red_on_transparent_42_mm_and_the_name_seal_square(department):
    import io

    from PIL import Image

    seal = make_seal(department)
    image = Image.open(io.BytesIO(api.seal_image_png(seal))).convert("RGBA")
    assert image.size == (496, 496)  # 42 mm at 300 dpi
    assert image.getpixel((0, 0))[3] == 0  # transparent outside the ring
    red = [p for p in image.get_flattened_data() if p[3] > 200]
    assert red and all(r > 150 and g < 90 and b < 90 for r, g, b, _a in red)
    star = image.getpixel((248, 230))
    assert star[3] > 200  # the star fills the centre
    name_seal = make_seal(department, kind=SealKind.NAME)
    square = Image.open(io.BytesIO(api.seal_image_png(name_seal)))
    assert square.size[0] == square.size[1] < 496
    info = ses.SESeal.load(bytes(name_seal.seseal_der))["eSealInfo"]["picture"]
    assert (info["width"].native, info["height"].native) == (22, 22)

"""Signing keys and signatures through the services (R0.5), checked against the real OpenSSL CLI and the ledger."""

import base64
import subprocess

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digigov.core import ledger
from digigov.core.choices import OrganisationKind, Role
from digigov.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.signing import api, keystore, services, sm2
from digigov.signing.errors import NoSigningKeyError
from digigov.signing.models import OrgKeyPair
from digigov.signing.tests.factories import org_key

pytestmark = pytest.mark.django_db

DISTID = "distid:1234567812345678"
DATA = "省公安厅关于户籍证明的电子签章 110105194912310021".encode()


def openssl(*args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *map(str, args)], capture_output=True, check=check)


def write(path, content) -> str:
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def test_private_key_is_encrypted_at_rest_and_only_its_derived_passphrase_opens_it(tmp_path):
    key = org_key()
    stored = OrgKeyPair.objects.values_list("encrypted_private_key_pem", flat=True).get(pk=key.pk)
    assert stored.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert "BEGIN PRIVATE KEY" not in stored
    pem = write(tmp_path / "key.pem", stored)
    assert b"sm4-cbc" in openssl("asn1parse", "-in", pem).stdout

    right = keystore.passphrase(key.organisation_id, key.fingerprint).decode()
    opened = openssl("pkey", "-in", pem, "-passin", f"pass:{right}", "-pubout")
    assert opened.stdout.decode() == key.public_key_pem

    wrong = keystore.passphrase(key.organisation_id + 1, key.fingerprint).decode()
    refused = openssl("pkey", "-in", pem, "-passin", f"pass:{wrong}", "-noout", check=False)
    assert refused.returncode != 0


def test_fingerprint_is_sm3_of_the_der_public_key(tmp_path):
    key = org_key()
    der = openssl("pkey", "-pubin", "-in", write(tmp_path / "pub.pem", key.public_key_pem), "-outform", "DER").stdout
    assert key.fingerprint == sm2.sm3_hex(der)


def test_passphrase_follows_the_configured_key_encryption_key(settings):
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = ""
    from_secret = keystore.passphrase(7, "ab" * 32)
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = "a-long-random-kek-from-the-vault"
    from_kek = keystore.passphrase(7, "ab" * 32)
    assert from_secret != from_kek
    assert keystore.passphrase(8, "ab" * 32) != from_kek  # bound to the organisation
    key = org_key()
    signature = services.sign(
        actor=staff(Role.HANDLER, key.organisation), organisation=key.organisation, data=DATA, purpose="测试"
    )
    assert services.verify(data=DATA, signature=signature)


def test_hkdf_matches_rfc5869_test_case_1():
    okm = keystore.hkdf(
        bytes.fromhex("0b" * 22),
        salt=bytes.fromhex("000102030405060708090a0b0c"),
        info=bytes.fromhex("f0f1f2f3f4f5f6f7f8f9"),
        length=42,
        digest="sha256",
    )
    assert okm.hex() == ("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")


def test_service_signature_verifies_with_the_openssl_cli(tmp_path):
    key = org_key()
    handler = staff(Role.HANDLER, key.organisation)
    signature = services.sign(actor=handler, organisation=key.organisation, data=DATA, purpose="户籍证明")
    assert signature.key_fingerprint == key.fingerprint
    assert (signature.algorithm, signature.signer_id) == ("SM2-with-SM3", "1234567812345678")
    pub = write(tmp_path / "pub.pem", key.public_key_pem)
    data = write(tmp_path / "data.bin", DATA)
    sig = write(tmp_path / "data.sig", base64.b64decode(signature.signature_b64))
    ok = openssl(
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        pub,
        "-rawin",
        "-digest",
        "sm3",
        "-pkeyopt",
        DISTID,
        "-in",
        data,
        "-sigfile",
        sig,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert b"Signature Verified Successfully" in ok.stdout
    tampered = write(tmp_path / "tampered.bin", DATA + b"!")
    bad = openssl(
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        pub,
        "-rawin",
        "-digest",
        "sm3",
        "-pkeyopt",
        DISTID,
        "-in",
        tampered,
        "-sigfile",
        sig,
        check=False,
    )
    assert bad.returncode != 0


def test_openssl_cli_signature_with_the_decrypted_key_verifies_through_the_service(tmp_path):
    key = org_key()
    secret = keystore.passphrase(key.organisation_id, key.fingerprint).decode()
    pem = write(tmp_path / "key.pem", key.encrypted_private_key_pem)
    data = write(tmp_path / "data.bin", DATA)
    openssl(
        "pkeyutl",
        "-sign",
        "-inkey",
        pem,
        "-passin",
        f"pass:{secret}",
        "-rawin",
        "-digest",
        "sm3",
        "-pkeyopt",
        DISTID,
        "-in",
        data,
        "-out",
        tmp_path / "data.sig",
    )
    raw = (tmp_path / "data.sig").read_bytes()
    assert services.verify(organisation=key.organisation, data=DATA, signature=raw)
    assert not services.verify(organisation=key.organisation, data=DATA + b"!", signature=raw)


@pytest.mark.parametrize("role", [Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN])
def test_staff_of_the_organisation_sign_with_its_key(role):
    key = org_key()
    signature = api.sign(actor=staff(role, key.organisation), organisation=key.organisation, data=DATA, purpose="x")
    assert api.verify(organisation=key.organisation, data=DATA, signature=base64.b64decode(signature.signature_b64))


def test_another_departments_handler_cannot_sign_for_this_organisation():
    key = org_key()
    outsider = staff(Role.HANDLER, org_key().organisation)
    before = LedgerEntry.objects.filter(action="signing.signed").count()
    with pytest.raises(PermissionDeniedError):
        services.sign(actor=outsider, organisation=key.organisation, data=DATA, purpose="冒签")
    assert LedgerEntry.objects.filter(action="signing.signed").count() == before


def test_platform_admin_may_sign_but_a_citizen_without_role_may_not():
    key = org_key()
    assert services.sign(actor=staff(Role.PLATFORM_ADMIN), organisation=key.organisation, data=DATA, purpose="x")
    from digigov.core.tests.factories import UserFactory

    with pytest.raises(PermissionDeniedError):
        services.sign(actor=UserFactory(), organisation=key.organisation, data=DATA, purpose="x")


def test_internal_unit_signs_with_its_departments_key_and_holds_none_itself():
    key = org_key()
    unit = OrganisationFactory(kind=OrganisationKind.INTERNAL_UNIT, parent=key.organisation, uscc=None)
    signature = services.sign(actor=staff(Role.HANDLER, unit), organisation=unit, data=DATA, purpose="科室用印")
    assert (signature.org_id, signature.key_fingerprint) == (key.organisation_id, key.fingerprint)
    assert services.verify(organisation=unit, data=DATA, signature=signature)
    with pytest.raises(DomainError) as exc:
        services.key_generate(actor=staff(Role.ORG_ADMIN, key.organisation), organisation=unit)
    assert exc.value.code == "internal_unit"


def test_every_signature_is_in_the_ledger_with_its_sm3_never_the_data():
    key = org_key()
    handler = staff(Role.HANDLER, key.organisation)
    for n in range(3):
        services.sign(actor=handler, organisation=key.organisation, data=DATA + bytes([n]), purpose=f"第{n}份")
    entries = list(LedgerEntry.objects.filter(action="signing.signed").order_by("seq"))
    assert len(entries) == 3
    for n, entry in enumerate(entries):
        assert entry.actor_id == handler.pk and entry.organisation_id == key.organisation_id
        assert entry.object_id == str(key.pk)
        assert sm2.sm3_hex(DATA + bytes([n])) in entry.summary and f"第{n}份" in entry.summary
        for leak in ("110105194912310021", base64.b64encode(DATA).decode()[:20], DATA.hex()[:20], "PRIVATE KEY"):
            assert leak not in entry.summary
    assert ledger.verify().ok


def test_key_rotation_keeps_old_signatures_verifiable_by_fingerprint_and_public_key():
    old = org_key()
    admin = staff(Role.ORG_ADMIN, old.organisation)
    signed_before = services.sign(actor=admin, organisation=old.organisation, data=DATA, purpose="旧钥")

    new = services.key_generate(actor=admin, organisation=old.organisation)
    old.refresh_from_db()
    assert not old.is_active and old.revoked_at is not None
    assert new.is_active and new.fingerprint != old.fingerprint
    assert api.key_active(old.organisation) == new

    raw = signed_before.raw
    assert services.verify(data=DATA, signature=signed_before)  # carries org and fingerprint
    assert services.verify(organisation=old.organisation, key_fingerprint=old.fingerprint, data=DATA, signature=raw)
    assert services.verify(public_key_pem=old.public_key_pem, data=DATA, signature=raw)
    assert not services.verify(organisation=old.organisation, data=DATA, signature=raw)  # active key is the new one
    signed_after = services.sign(actor=admin, organisation=old.organisation, data=DATA, purpose="新钥")
    assert signed_after.key_fingerprint == new.fingerprint
    actions = list(LedgerEntry.objects.filter(object_id=str(old.pk)).values_list("action", flat=True))
    assert "signing.key.revoked" in actions


def test_only_org_admins_of_that_organisation_or_platform_admins_generate_keys():
    key = org_key()
    organisation = key.organisation
    for outsider in (staff(Role.HANDLER, organisation), staff(Role.LEADER, organisation), staff(Role.ORG_ADMIN)):
        with pytest.raises(PermissionDeniedError):
            services.key_generate(actor=outsider, organisation=organisation)
    assert OrgKeyPair.objects.filter(organisation=organisation).count() == 1
    made = services.key_generate(actor=staff(Role.PLATFORM_ADMIN), organisation=organisation)
    entry = LedgerEntry.objects.get(action="signing.key.generated", object_id=str(made.pk))
    assert made.fingerprint in entry.summary and key.fingerprint in entry.summary  # the key it replaced
    assert OrgKeyPair.objects.filter(organisation=organisation, is_active=True).get() == made


def test_database_refuses_a_second_active_key_for_one_organisation():
    key = org_key()
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgKeyPair.objects.create(
            organisation=key.organisation, public_key_pem="x", encrypted_private_key_pem="x", fingerprint="f" * 64
        )


def test_revoked_key_no_longer_signs_and_revoking_twice_conflicts():
    key = org_key()
    admin = staff(Role.ORG_ADMIN, key.organisation)
    with pytest.raises(PermissionDeniedError):
        services.key_revoke(actor=staff(Role.HANDLER, key.organisation), key=key)
    services.key_revoke(actor=admin, key=key)
    with pytest.raises(NoSigningKeyError):
        services.sign(actor=admin, organisation=key.organisation, data=DATA, purpose="x")
    with pytest.raises(ConflictError):
        services.key_revoke(actor=admin, key=key)


def test_purpose_is_required_and_short():
    key = org_key()
    handler = staff(Role.HANDLER, key.organisation)
    for purpose in ("", "   ", "长" * 201):
        with pytest.raises(DomainError) as exc:
            services.sign(actor=handler, organisation=key.organisation, data=DATA, purpose=purpose)
        assert "purpose" in exc.value.fields


def test_verify_needs_exactly_one_key_source_and_a_real_key():
    key = org_key()
    with pytest.raises(DomainError):
        services.verify(data=DATA, signature=b"x")
    with pytest.raises(DomainError):
        services.verify(data=DATA, signature=b"x", organisation=key.organisation, public_key_pem=key.public_key_pem)
    with pytest.raises(DomainError) as exc:
        services.verify(data=DATA, signature=b"x", public_key_pem="-----BEGIN PUBLIC KEY-----\nnope\n")
    assert "public_key_pem" in exc.value.fields
    with pytest.raises(NotFoundError):
        services.verify(data=DATA, signature=b"x", organisation=key.organisation, key_fingerprint="0" * 64)
    with pytest.raises(NoSigningKeyError):
        services.verify(data=DATA, signature=b"x", organisation=OrganisationFactory())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=512), garbage=st.binary(max_size=80))
def test_any_data_round_trips_and_garbage_never_verifies(data, garbage):
    key = OrgKeyPair.objects.filter(is_active=True).first() or org_key()
    signer = staff(Role.HANDLER, key.organisation)
    signature = services.sign(actor=signer, organisation=key.organisation, data=data, purpose="性质测试")
    assert services.verify(data=data, signature=signature)
    assert services.verify(organisation=key.organisation, data=data, signature=garbage) is (garbage == signature.raw)

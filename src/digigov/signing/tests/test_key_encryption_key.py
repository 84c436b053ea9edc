"""The key-encryption key is kept apart from the data (docs/backup.md); a wrong one is named, never a 500 (R0.5)."""

import base64
import io
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import staff
from digigov.signing import keystore, services
from digigov.signing.errors import KeyEncryptionKeyError
from digigov.signing.models import KeyEncryptionKeyMark, OrgKeyPair
from digigov.signing.tests.factories import org_key

pytestmark = pytest.mark.django_db

DATA = "鄂政办发〔2026〕12号".encode()


def openssl_hkdf_sm3(key: bytes, *, salt: bytes, info: bytes) -> str:
    """HKDF-SM3 by OpenSSL's own KDF, independent of keystore.hkdf."""
    result = subprocess.run(
        ["openssl", "kdf", "-keylen", "32", "-kdfopt", "digest:SM3", "-kdfopt", f"hexkey:{key.hex()}"]
        + ["-kdfopt", f"hexsalt:{salt.hex()}", "-kdfopt", f"hexinfo:{info.hex()}", "HKDF"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().replace(":", "").lower()


def test_the_first_key_records_a_one_way_fingerprint_of_the_key_encryption_key(settings):
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = "kek-kept-in-the-secret-store"
    org_key()
    mark = KeyEncryptionKeyMark.objects.get()
    expected = openssl_hkdf_sm3(
        b"kek-kept-in-the-secret-store", salt=b"digigov.signing.kek.v1", info=b"digigov.signing.kek-fingerprint"
    )
    assert mark.fingerprint == expected
    assert mark.fingerprint not in {
        keystore.passphrase(k.organisation_id, k.fingerprint).decode() for k in OrgKeyPair.objects.all()
    }


def test_signing_under_another_key_encryption_key_answers_503_naming_the_setting(client, settings):
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = "the-key-the-keys-were-made-with"
    key = org_key()
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = "a-different-key-after-a-restore"
    client.force_login(staff(Role.HANDLER, key.organisation))
    response = client.post(
        "/api/v1/signing/sign",
        {"data": base64.b64encode(DATA).decode(), "purpose": "发文签章"},
        content_type="application/json",
    )
    assert response.status_code == 503, response.content
    body = response.json()
    assert body["code"] == "key_encryption_key_mismatch"
    assert "DIGIGOV_KEY_ENCRYPTION_KEY" in body["message"] and "签名服务暂不可用" in body["message"]


def test_a_database_without_the_mark_still_names_the_setting(settings):
    """A database from before the mark: the key itself is tried."""
    key = org_key()
    KeyEncryptionKeyMark.objects.all().delete()
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = "another"
    with pytest.raises(KeyEncryptionKeyError):
        services.sign(
            actor=staff(Role.HANDLER, key.organisation), organisation=key.organisation, data=DATA, purpose="x"
        )
    assert "DIGIGOV_KEY_ENCRYPTION_KEY" in keystore.kek_problem()


def test_no_new_key_is_sealed_under_another_key_encryption_key(settings):
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = "first"
    key = org_key()
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = "second"
    admin = staff(Role.ORG_ADMIN, key.organisation)
    with pytest.raises(KeyEncryptionKeyError):
        services.key_generate(actor=admin, organisation=key.organisation)
    assert list(OrgKeyPair.objects.values_list("fingerprint", "is_active")) == [(key.fingerprint, True)]


def test_the_start_up_check_names_the_setting_in_chinese_and_english(settings):
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = "first"
    org_key()
    call_command("check", "--database", "default")  # the right key: no issue
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = "second"
    with pytest.raises(SystemCheckError) as raised:
        call_command("check", "--database", "default")
    message = str(raised.value)
    assert "signing.E001" in message
    assert "密钥加密密钥不符" in message and "The key-encryption key does not match" in message
    assert message.count("DIGIGOV_KEY_ENCRYPTION_KEY") >= 2
    assert keystore.kek_fingerprint()[:16] in message


def test_after_a_lost_key_encryption_key_the_reset_revokes_the_keys_and_new_ones_sign(settings):
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = "lost-with-the-old-vault"
    old = org_key()
    signature = services.sign(
        actor=staff(Role.HANDLER, old.organisation), organisation=old.organisation, data=DATA, purpose="发文签章"
    )
    settings.DIGIGOV_KEY_ENCRYPTION_KEY = "the-new-vault-key"
    out = io.StringIO()
    call_command("reset_key_encryption_key", "--reason", "事件 2026-031", stdout=out)
    assert "1" in out.getvalue()
    old.refresh_from_db()
    assert not old.is_active and keystore.kek_problem() is None
    new = org_key(old.organisation)
    assert new.pk != old.pk
    again = services.sign(
        actor=staff(Role.HANDLER, new.organisation), organisation=new.organisation, data=DATA, purpose="发文签章"
    )
    assert services.verify(data=DATA, signature=again) and services.verify(data=DATA, signature=signature)
    entry = LedgerEntry.objects.filter(action="signing.kek.reset").get()
    assert "事件 2026-031" in entry.summary


def test_the_reset_is_refused_while_the_configured_key_opens_the_keys(settings):
    key = org_key()
    with pytest.raises(CommandError, match="nothing to reset|无需重置"):
        call_command("reset_key_encryption_key", "--reason", "试一下")
    key.refresh_from_db()
    assert key.is_active

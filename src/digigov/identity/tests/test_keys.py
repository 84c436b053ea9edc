"""The OIDC signing key: from the environment, else made once into a file only its owner can read."""

import stat

from django.conf import settings
from jwcrypto import jwk

from digigov.identity.keys import oidc_private_key


def test_a_key_is_made_once_with_mode_0600(tmp_path):
    path = tmp_path / "var" / "oidc.key"
    first = oidc_private_key("", path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert oidc_private_key("", path) == first
    key = jwk.JWK.from_pem(first.encode())
    assert key.export_public(as_dict=True)["kty"] == "RSA" and key.has_private
    assert not [p for p in path.parent.iterdir() if p.name != "oidc.key"]  # no temporary file left behind


def test_the_environment_wins_and_escaped_line_breaks_are_restored(tmp_path):
    pem = oidc_private_key("", tmp_path / "a.key")
    escaped = pem.replace("\n", "\\n")
    assert oidc_private_key(escaped, tmp_path / "b.key") == pem
    assert not (tmp_path / "b.key").exists()


def test_the_settings_carry_a_usable_rsa_key():
    pem = settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"]
    assert jwk.JWK.from_pem(pem.encode()).export_public(as_dict=True)["kty"] == "RSA"

"""Tests for digigov.signing.sm2 (rule R0.5) against the real system OpenSSL 3: no mocks, no Django."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from digigov.signing import sm2
from digigov.signing.sm2 import DEFAULT_ID, PrivateKey, PublicKey, SM2Error

OPENSSL = shutil.which("openssl")
needs_openssl = pytest.mark.skipif(OPENSSL is None, reason="openssl CLI not installed")
DISTID = f"distid:{DEFAULT_ID.decode()}"
DATA = b"R0.5: SM2 with SM3 for every platform signature\n"


def openssl(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([OPENSSL, *args], capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def key() -> PrivateKey:
    return sm2.generate_private_key()


@pytest.fixture
def openssl_key(tmp_path):
    """An SM2 key made by ``openssl genpkey`` plus its public half, as file paths."""
    priv, pub = tmp_path / "ossl_key.pem", tmp_path / "ossl_pub.pem"
    openssl("genpkey", "-algorithm", "SM2", "-out", str(priv))
    openssl("pkey", "-in", str(priv), "-pubout", "-out", str(pub))
    return priv, pub


def test_sm3_gbt32905_vector():
    assert sm2.sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_sign_verify_round_trip(key):
    signature = key.sign(DATA)
    assert signature[0] == 0x30 and len(signature) <= 72  # DER SEQUENCE {r, s}
    assert key.public_key().verify(signature, DATA)
    assert key.sign(DATA) != signature  # randomised nonce


def test_tampered_data_fails(key):
    signature = key.sign(DATA)
    assert not key.public_key().verify(signature, DATA + b"x")
    assert not key.public_key().verify(signature, b"")


def test_tampered_signature_fails(key):
    signature = bytearray(key.sign(DATA))
    signature[-5] ^= 0x01
    assert not key.public_key().verify(bytes(signature), DATA)


@pytest.mark.parametrize("garbage", [b"", b"\x30", b"\x30\x00", b"not a signature at all", bytes(72)])
def test_garbage_signature_is_false_not_exception(key, garbage):
    assert key.public_key().verify(garbage, DATA) is False


def test_wrong_key_fails(key):
    other = sm2.generate_private_key()
    assert not other.public_key().verify(key.sign(DATA), DATA)


def test_different_id_fails(key):
    pub = key.public_key()
    signature = key.sign(DATA, id=b"alice@digigov")
    assert pub.verify(signature, DATA, id=b"alice@digigov")
    assert not pub.verify(signature, DATA)
    assert not pub.verify(key.sign(DATA), DATA, id=b"alice@digigov")


def test_empty_id_round_trip(key):
    signature = key.sign(DATA, id=b"")
    assert key.public_key().verify(signature, DATA, id=b"")
    assert not key.public_key().verify(signature, DATA)


def test_separate_keys_in_threads():
    keys = [sm2.generate_private_key() for _ in range(4)]

    def work(k: PrivateKey) -> bool:
        pub = k.public_key()
        return all(pub.verify(k.sign(DATA + bytes([i])), DATA + bytes([i])) for i in range(25))

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(work, keys))


def test_a_digest_of_z_and_the_message_verifies_as_the_message_does_in_threads(key):
    """`hasher` + `verify_digest` (a context kept per thread) give the answers EVP_DigestVerify gives, for either
    distinguishing id; the hash state may be copied after a shared prefix."""
    pub = key.public_key()
    cases = []
    for i in range(20):
        data = DATA + bytes([i])
        id = b"" if i % 3 == 0 else DEFAULT_ID
        good = key.sign(data, id=id)
        cases += [(good, data, id), (good, data + b"!", DEFAULT_ID), (good, data, b"x"), (good[:-1], data, id)]

    def check(case) -> tuple[bool, bool]:
        signature, data, id = case
        state = pub.hasher(id)
        state.update(data[:10])
        state = state.copy()
        state.update(data[10:])
        return pub.verify_digest(signature, state.digest()), pub.verify(signature, data, id=id)

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(check, cases * 3))
    assert all(fast == reference for fast, reference in answers)
    assert sum(fast for fast, _ in answers) == 20 * 3  # each good signature, under its own id only
    other = sm2.generate_private_key().public_key()
    assert not other.verify_digest(cases[0][0], other.hasher(cases[0][2]).digest())


def test_public_pem_round_trip_and_fingerprint(key):
    pub = key.public_key()
    pem = pub.to_pem()
    assert pem.startswith(b"-----BEGIN PUBLIC KEY-----")
    loaded = PublicKey.from_pem(pem)
    assert loaded == pub
    assert loaded.fingerprint() == pub.fingerprint() == sm2.sm3_hex(pub.to_der())
    assert len(pub.fingerprint()) == 64


@needs_openssl
def test_fingerprint_matches_openssl_der(key, tmp_path):
    (tmp_path / "pub.pem").write_bytes(key.public_key().to_pem())
    der = subprocess.run(
        [OPENSSL, "pkey", "-pubin", "-in", str(tmp_path / "pub.pem"), "-outform", "DER"],
        capture_output=True,
        check=True,
    ).stdout
    assert key.public_key().fingerprint() == sm2.sm3_hex(der)


def test_malformed_keys_raise_sm2error():
    with pytest.raises(SM2Error):
        PublicKey.from_pem(b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
    with pytest.raises(SM2Error):
        PublicKey.from_pem(b"garbage")
    with pytest.raises(SM2Error):
        PrivateKey.from_pem("-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n")


@needs_openssl
def test_non_sm2_key_rejected(tmp_path):
    path = tmp_path / "p256.pem"
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(path))
    with pytest.raises(SM2Error, match="not an SM2 key"):
        PrivateKey.from_pem(path.read_bytes())


@needs_openssl
def test_interop_we_sign_openssl_verifies(key, tmp_path):
    (tmp_path / "pub.pem").write_bytes(key.public_key().to_pem())
    (tmp_path / "data").write_bytes(DATA)
    (tmp_path / "sig").write_bytes(key.sign(DATA))
    result = openssl(
        "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", str(tmp_path / "pub.pem"),
        "-in", str(tmp_path / "data"), "-sigfile", str(tmp_path / "sig"), "-pkeyopt", DISTID,
    )  # fmt: skip
    assert "Signature Verified Successfully" in result.stdout


@needs_openssl
def test_interop_openssl_signs_we_verify(openssl_key, tmp_path):
    priv, pub = openssl_key
    (tmp_path / "data").write_bytes(DATA)
    openssl(
        "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", str(priv),
        "-in", str(tmp_path / "data"), "-out", str(tmp_path / "sig"), "-pkeyopt", DISTID,
    )  # fmt: skip
    signature = (tmp_path / "sig").read_bytes()
    public = PublicKey.from_pem(pub.read_bytes())
    assert public.verify(signature, DATA)
    assert not public.verify(signature, DATA + b"!")
    # The openssl-made private key loads too and yields the same public key.
    assert PrivateKey.from_pem(priv.read_bytes()).public_key() == public


@needs_openssl
def test_openssl_pkeyutl_default_id_is_empty(openssl_key, tmp_path):
    """Documents why interop passes ``-pkeyopt distid:...``: OpenSSL 3.0 defaults to an EMPTY id."""
    priv, pub = openssl_key
    (tmp_path / "data").write_bytes(DATA)
    openssl(
        "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", str(priv),
        "-in", str(tmp_path / "data"), "-out", str(tmp_path / "sig"),
    )  # fmt: skip
    public = PublicKey.from_pem(pub.read_bytes())
    signature = (tmp_path / "sig").read_bytes()
    assert public.verify(signature, DATA, id=b"")
    assert not public.verify(signature, DATA, id=DEFAULT_ID)


def test_unencrypted_pem_round_trip(key):
    pem = key.to_pem()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    loaded = PrivateKey.from_pem(pem)
    assert loaded.public_key() == key.public_key()
    assert key.public_key().verify(loaded.sign(DATA), DATA)


def test_encrypted_pem_round_trip(key):
    pem = key.to_pem(b"correct horse")
    assert b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in pem
    with pytest.raises(SM2Error):
        PrivateKey.from_pem(pem)
    with pytest.raises(SM2Error):
        PrivateKey.from_pem(pem, b"wrong horse")
    loaded = PrivateKey.from_pem(pem, b"correct horse")
    assert loaded.public_key() == key.public_key()
    assert key.public_key().verify(loaded.sign(DATA), DATA)


def test_empty_passphrase_rejected(key):
    with pytest.raises(ValueError):
        key.to_pem(b"")


@needs_openssl
def test_openssl_reads_encrypted_pem(key, tmp_path):
    path = tmp_path / "key.pem"
    path.write_bytes(key.to_pem(b"s3cret-pass"))
    structure = openssl("asn1parse", "-in", str(path)).stdout
    assert sm2.PEM_CIPHER in structure  # sm4-cbc on OpenSSL 3.0 builds with SM4
    openssl("pkey", "-in", str(path), "-passin", "pass:s3cret-pass", "-noout")
    assert openssl("pkey", "-in", str(path), "-passin", "pass:nope", "-noout", check=False).returncode != 0
    pub = openssl("pkey", "-in", str(path), "-passin", "pass:s3cret-pass", "-pubout").stdout
    assert PublicKey.from_pem(pub) == key.public_key()

"""SM2 signatures with SM3 over the system OpenSSL 3 libcrypto, through ``ctypes`` (rule R0.5).

Rule R0.5 requires national cryptography (SM2 signatures, SM3 digests, SM4 for key protection) for
every signature the platform produces. This module is a thin binding: no compiled extension and no
extra pip dependency, only ``libcrypto.so.3`` as found by ``ctypes.util.find_library("crypto")``.

Signatures are DER ``SEQUENCE {r, s}`` over ``SM3(Z || message)``, where Z (GB/T 32918.2) binds the
signer's distinguishing identifier and public key. We default to the GB/T 32918 / GM/T 0009 identifier
``1234567812345678``. Note: OpenSSL 3.0 itself (``EVP_DigestSign`` and ``openssl pkeyutl -rawin``)
uses an EMPTY identifier when none is set, so OpenSSL CLI interop needs
``-pkeyopt distid:1234567812345678`` (or pass ``id=b""`` here).

A verifier that hashes large messages sharing a prefix (every signature of one seal covers the same SESeal, ~6 KB)
can hash ``Z || message`` itself with `PublicKey.hasher` (hashlib's SM3 seeded with Z, whose state `copy()` keeps)
and check the digest with `PublicKey.verify_digest` (``EVP_PKEY_verify``): the same check as ``verify``.

Thread safety: every sign/verify call builds and frees its own ``EVP_MD_CTX``; a digest verification context
belongs to one thread (``threading.local``); EVP_PKEY objects are only read after creation, which OpenSSL 3 allows
from several threads. ctypes releases the GIL during the C calls, so separate threads sign in parallel.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import threading
import warnings
import weakref

__all__ = ["DEFAULT_ID", "PrivateKey", "PublicKey", "SM2Error", "generate_private_key", "sm3_hex"]

DEFAULT_ID = b"1234567812345678"

_P = ctypes.c_void_p
_INT = ctypes.c_int
_PP = ctypes.POINTER(ctypes.c_void_p)
_CP = ctypes.c_char_p
_SIZE_P = ctypes.POINTER(ctypes.c_size_t)
# int pem_password_cb(char *buf, int size, int rwflag, void *u)
_PW_CB = ctypes.CFUNCTYPE(_INT, _P, _INT, _INT, _P)
_BIO_CTRL_INFO = 3  # BIO_get_mem_data()


class SM2Error(Exception):
    """Raised for malformed keys, bad passphrases and OpenSSL failures (never for a bad signature)."""


def _load_libcrypto() -> ctypes.CDLL:
    name = ctypes.util.find_library("crypto") or "libcrypto.so.3"
    try:
        return ctypes.CDLL(name)
    except OSError as exc:  # pragma: no cover - depends on the host
        raise ImportError(f"digigov.signing.sm2 needs OpenSSL 3 libcrypto ({name}): {exc}") from exc


_lib = _load_libcrypto()


def _fn(name: str, restype, *argtypes):
    func = getattr(_lib, name)
    func.restype = restype
    func.argtypes = list(argtypes)
    return func


_ERR_get_error = _fn("ERR_get_error", ctypes.c_ulong)
_ERR_error_string_n = _fn("ERR_error_string_n", None, ctypes.c_ulong, _CP, ctypes.c_size_t)
_ERR_clear_error = _fn("ERR_clear_error", None)
_PKEY_CTX_new_from_name = _fn("EVP_PKEY_CTX_new_from_name", _P, _P, _CP, _CP)
_PKEY_CTX_free = _fn("EVP_PKEY_CTX_free", None, _P)
_PKEY_CTX_new = _fn("EVP_PKEY_CTX_new", _P, _P, _P)
_PKEY_verify_init = _fn("EVP_PKEY_verify_init", _INT, _P)
_PKEY_verify = _fn("EVP_PKEY_verify", _INT, _P, _CP, ctypes.c_size_t, _CP, ctypes.c_size_t)
_PKEY_CTX_set1_id = _fn("EVP_PKEY_CTX_set1_id", _INT, _P, _CP, _INT)
_PKEY_keygen_init = _fn("EVP_PKEY_keygen_init", _INT, _P)
_PKEY_generate = _fn("EVP_PKEY_generate", _INT, _P, _PP)
_PKEY_free = _fn("EVP_PKEY_free", None, _P)
_PKEY_is_a = _fn("EVP_PKEY_is_a", _INT, _P, _CP)
_PKEY_get_size = _fn("EVP_PKEY_get_size", _INT, _P)
_MD_CTX_new = _fn("EVP_MD_CTX_new", _P)
_MD_CTX_free = _fn("EVP_MD_CTX_free", None, _P)
_DigestSignInit = _fn("EVP_DigestSignInit", _INT, _P, _PP, _P, _P, _P)
_DigestSign = _fn("EVP_DigestSign", _INT, _P, _CP, _SIZE_P, _CP, ctypes.c_size_t)
_DigestVerifyInit = _fn("EVP_DigestVerifyInit", _INT, _P, _PP, _P, _P, _P)
_DigestVerify = _fn("EVP_DigestVerify", _INT, _P, _CP, ctypes.c_size_t, _CP, ctypes.c_size_t)
_BIO_new = _fn("BIO_new", _P, _P)
_BIO_s_mem = _fn("BIO_s_mem", _P)
_BIO_new_mem_buf = _fn("BIO_new_mem_buf", _P, _CP, _INT)
_BIO_ctrl = _fn("BIO_ctrl", ctypes.c_long, _P, _INT, ctypes.c_long, _PP)
_BIO_free = _fn("BIO_free", _INT, _P)
_PEM_read_PrivateKey = _fn("PEM_read_bio_PrivateKey", _P, _P, _P, _PW_CB, _P)
_PEM_read_PUBKEY = _fn("PEM_read_bio_PUBKEY", _P, _P, _P, _PW_CB, _P)
_PEM_write_PKCS8 = _fn("PEM_write_bio_PKCS8PrivateKey", _INT, _P, _P, _P, _CP, _INT, _P, _P)
_PEM_write_PUBKEY = _fn("PEM_write_bio_PUBKEY", _INT, _P, _P)
_i2d_PUBKEY = _fn("i2d_PUBKEY", _INT, _P, _PP)
_d2i_PUBKEY = _fn("d2i_PUBKEY", _P, _P, _PP, ctypes.c_long)

# Looked up once: the SM3 digest and the PEM cipher. SM4-CBC is fetched from the loaded providers;
# only if it is unavailable (no-sm4 build, FIPS-only provider) do we fall back to AES-256-CBC, and warn.
_SM3 = _fn("EVP_sm3", _P)()
if not _SM3:  # pragma: no cover - OpenSSL built with no-sm3
    raise ImportError("this libcrypto has no SM3 digest; rule R0.5 signing is unavailable")
_CIPHER_fetch = _fn("EVP_CIPHER_fetch", _P, _P, _CP, _CP)
_PEM_CIPHER_PTR = _CIPHER_fetch(None, b"SM4-CBC", None)
PEM_CIPHER = "sm4-cbc"
if not _PEM_CIPHER_PTR:  # pragma: no cover - depends on the OpenSSL build
    _ERR_clear_error()
    _PEM_CIPHER_PTR, PEM_CIPHER = _CIPHER_fetch(None, b"AES-256-CBC", None), "aes-256-cbc"
    warnings.warn("no SM4-CBC in libcrypto: encrypted PEM keys use AES-256-CBC", RuntimeWarning, stacklevel=2)


# GB/T 32918.5 curve parameters a, b and the base point G, as Z (GB/T 32918.2 §5.5) hashes them.
_CURVE_ABG = bytes.fromhex(
    "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC"
    "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93"
    "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7"
    "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0"
)


class _VerifyContext:
    """One EVP_PKEY_CTX initialised for verifying digests, freed with this object (one per key and thread)."""

    __slots__ = ("ctx",)

    def __init__(self, pkey: int):
        self.ctx = _PKEY_CTX_new(pkey, None)
        if not self.ctx or _PKEY_verify_init(self.ctx) != 1:
            raise _error("EVP_PKEY_verify_init failed")

    def __del__(self):
        if getattr(self, "ctx", None):
            _PKEY_CTX_free(self.ctx)


def _error(message: str) -> SM2Error:
    """Build an SM2Error carrying (and draining) OpenSSL's error queue."""
    details = []
    buf = ctypes.create_string_buffer(256)
    while code := _ERR_get_error():
        _ERR_error_string_n(code, buf, len(buf))
        text = buf.value.decode("ascii", "replace")
        if text not in details:
            details.append(text)
    return SM2Error(f"{message}: {'; '.join(details)}" if details else message)


def sm3_hex(data: bytes) -> str:
    """SM3 (GB/T 32905) hex digest, as required by rule R0.5."""
    return hashlib.new("sm3", data).hexdigest()


def _as_bytes(value: bytes | str) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


def _bio_read_all(bio: int) -> bytes:
    data = ctypes.c_void_p()
    n = _BIO_ctrl(bio, _BIO_CTRL_INFO, 0, ctypes.byref(data))
    return ctypes.string_at(data.value, n) if n > 0 and data.value else b""


def _read_pem(reader, pem: bytes | str, passphrase: bytes | None, what: str) -> int:
    pem = _as_bytes(pem)
    pw = None if passphrase is None else _as_bytes(passphrase)

    def callback(buf, size, _rwflag, _u):
        # Never let OpenSSL prompt on a terminal: no passphrase -> fail the decryption.
        if pw is None or len(pw) > size:
            return -1
        ctypes.memmove(buf, pw, len(pw))
        return len(pw)

    cb = _PW_CB(callback)
    bio = _BIO_new_mem_buf(pem, len(pem))
    if not bio:
        raise _error("BIO_new_mem_buf failed")
    try:
        pkey = reader(bio, None, cb, None)
    finally:
        _BIO_free(bio)
    if not pkey:
        raise _error(f"cannot load {what} (malformed PEM or wrong passphrase)")
    if _PKEY_is_a(pkey, b"SM2") != 1:
        _PKEY_free(pkey)
        _ERR_clear_error()
        raise SM2Error(f"{what} is not an SM2 key")
    return pkey


class _Key:
    """Owns one EVP_PKEY*; freed by weakref.finalize when the Python object goes away."""

    __slots__ = ("_pkey", "_sigsize", "__weakref__")

    def __init__(self, pkey: int):
        if not pkey:
            raise SM2Error("NULL EVP_PKEY")
        self._pkey = pkey
        self._sigsize = max(_PKEY_get_size(pkey), 72)
        weakref.finalize(self, _PKEY_free, pkey)

    def _der_public(self) -> bytes:
        n = _i2d_PUBKEY(self._pkey, None)
        if n <= 0:
            raise _error("i2d_PUBKEY failed")
        buf = ctypes.create_string_buffer(n)
        ptr = ctypes.c_void_p(ctypes.addressof(buf))
        if _i2d_PUBKEY(self._pkey, ctypes.byref(ptr)) != n:
            raise _error("i2d_PUBKEY failed")
        return buf.raw

    def _pem(self, writer, *args) -> bytes:
        bio = _BIO_new(_BIO_s_mem())
        if not bio:
            raise _error("BIO_new failed")
        try:
            if writer(bio, self._pkey, *args) != 1:
                raise _error("PEM encoding failed")
            return _bio_read_all(bio)
        finally:
            _BIO_free(bio)


class PublicKey(_Key):
    """SM2 public key: verification and SubjectPublicKeyInfo PEM (rule R0.5)."""

    __slots__ = ("_local", "_z")

    def __init__(self, pkey: int):
        super().__init__(pkey)
        self._z: dict[bytes, bytes] = {}
        self._local = threading.local()

    def hasher(self, id: bytes = DEFAULT_ID):
        """hashlib's SM3 that has hashed Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA): update it with the
        message, and its digest is what `verify_digest` checks."""
        z = self._z.get(id)
        if z is None:
            point = self._der_public()[-65:]
            if point[:1] != b"\x04" or len(id) > 8191:
                raise SM2Error("the public key is not an uncompressed SM2 point")
            entl = (len(id) * 8).to_bytes(2, "big")
            z = self._z[id] = hashlib.new("sm3", entl + id + _CURVE_ABG + point[1:]).digest()
        return hashlib.new("sm3", z)

    def verify_digest(self, signature: bytes, digest: bytes) -> bool:
        """True iff ``signature`` is a valid SM2 signature whose e (GB/T 32918.2) is ``digest``, the SM3 of
        ``Z || message`` from `hasher`: ``verify(signature, message, id=id)`` split in two."""
        context = getattr(self._local, "context", None)
        if context is None:
            context = self._local.context = _VerifyContext(self._pkey)
        signature = bytes(signature)
        ok = _PKEY_verify(context.ctx, signature, len(signature), digest, len(digest)) == 1
        if not ok:
            _ERR_clear_error()
        return ok

    def verify(self, signature: bytes, data: bytes, *, id: bytes = DEFAULT_ID) -> bool:
        """True iff ``signature`` is a valid SM2/SM3 signature of ``data`` for ``id``.

        Any bad, truncated or non-DER signature gives False; only an OpenSSL failure raises SM2Error.
        """
        signature, data, id = bytes(signature), bytes(data), bytes(id)
        mctx = _MD_CTX_new()
        if not mctx:
            raise _error("EVP_MD_CTX_new failed")
        try:
            pctx = ctypes.c_void_p()
            if _DigestVerifyInit(mctx, ctypes.byref(pctx), _SM3, None, self._pkey) != 1:
                raise _error("EVP_DigestVerifyInit failed")
            if _PKEY_CTX_set1_id(pctx, id, len(id)) <= 0:
                raise _error("setting the SM2 distinguishing id failed")
            ok = _DigestVerify(mctx, signature, len(signature), data, len(data)) == 1
        finally:
            _MD_CTX_free(mctx)  # also frees pctx, which belongs to mctx
        if not ok:
            _ERR_clear_error()
        return ok

    def to_pem(self) -> bytes:
        """SubjectPublicKeyInfo PEM (``-----BEGIN PUBLIC KEY-----``)."""
        return self._pem(_PEM_write_PUBKEY)

    @classmethod
    def from_pem(cls, pem: bytes | str) -> PublicKey:
        return cls(_read_pem(_PEM_read_PUBKEY, pem, None, "SM2 public key"))

    def to_der(self) -> bytes:
        return self._der_public()

    @classmethod
    def from_der(cls, der: bytes) -> PublicKey:
        """From a DER SubjectPublicKeyInfo (as in a certificate); SM2Error if it is not an SM2 key."""
        der = bytes(der)
        buf = ctypes.create_string_buffer(der, len(der))
        ptr = ctypes.c_void_p(ctypes.addressof(buf))
        pkey = _d2i_PUBKEY(None, ctypes.byref(ptr), len(der))
        if not pkey:
            raise _error("not a DER public key")
        if _PKEY_is_a(pkey, b"SM2") != 1:
            _PKEY_free(pkey)
            _ERR_clear_error()
            raise SM2Error("not an SM2 public key")
        return cls(pkey)

    def fingerprint(self) -> str:
        """SM3 hex digest of the DER SubjectPublicKeyInfo."""
        return sm3_hex(self._der_public())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PublicKey) and self._der_public() == other._der_public()

    def __hash__(self) -> int:
        return hash(self._der_public())

    def __repr__(self) -> str:
        return f"<SM2 PublicKey {self.fingerprint()[:16]}>"


class PrivateKey(_Key):
    """SM2 private key: signing and PKCS#8 PEM, SM4-CBC encrypted when a passphrase is given (R0.5)."""

    __slots__ = ()

    def sign(self, data: bytes, *, id: bytes = DEFAULT_ID) -> bytes:
        """DER SM2 signature of ``SM3(Z(id, public key) || data)``."""
        data, id = bytes(data), bytes(id)
        sig = ctypes.create_string_buffer(self._sigsize)
        siglen = ctypes.c_size_t(self._sigsize)
        mctx = _MD_CTX_new()
        if not mctx:
            raise _error("EVP_MD_CTX_new failed")
        try:
            pctx = ctypes.c_void_p()
            if _DigestSignInit(mctx, ctypes.byref(pctx), _SM3, None, self._pkey) != 1:
                raise _error("EVP_DigestSignInit failed")
            if _PKEY_CTX_set1_id(pctx, id, len(id)) <= 0:
                raise _error("setting the SM2 distinguishing id failed")
            if _DigestSign(mctx, sig, ctypes.byref(siglen), data, len(data)) != 1:
                raise _error("EVP_DigestSign failed")
        finally:
            _MD_CTX_free(mctx)
        return sig.raw[: siglen.value]

    def public_key(self) -> PublicKey:
        """A public-only copy (no private scalar is shared with the returned object)."""
        der = self._der_public()
        buf = ctypes.create_string_buffer(der, len(der))
        ptr = ctypes.c_void_p(ctypes.addressof(buf))
        pkey = _d2i_PUBKEY(None, ctypes.byref(ptr), len(der))
        if not pkey:
            raise _error("d2i_PUBKEY failed")
        return PublicKey(pkey)

    def to_pem(self, passphrase: bytes | None = None) -> bytes:
        """PKCS#8 PEM; ``ENCRYPTED PRIVATE KEY`` when ``passphrase`` is given.

        Encryption is PBES2 with SM4-CBC (see ``PEM_CIPHER``); the PBKDF2 PRF is OpenSSL's default
        HMAC-SHA256, because OpenSSL 3.0 has no hmacWithSM3 PRF for PBKDF2.
        """
        if passphrase is None:
            return self._pem(_PEM_write_PKCS8, None, None, 0, None, None)
        pw = _as_bytes(passphrase)
        if not pw:
            raise ValueError("empty passphrase; pass None for an unencrypted PEM")
        return self._pem(_PEM_write_PKCS8, _PEM_CIPHER_PTR, pw, len(pw), None, None)

    @classmethod
    def from_pem(cls, pem: bytes | str, passphrase: bytes | None = None) -> PrivateKey:
        return cls(_read_pem(_PEM_read_PrivateKey, pem, passphrase, "SM2 private key"))

    def __repr__(self) -> str:
        return f"<SM2 PrivateKey {self.public_key().fingerprint()[:16]}>"


def generate_private_key() -> PrivateKey:
    """Fresh SM2 key pair on the GB/T 32918.5 curve (rule R0.5)."""
    ctx = _PKEY_CTX_new_from_name(None, b"SM2", None)
    if not ctx:
        raise _error("EVP_PKEY_CTX_new_from_name(SM2) failed")
    try:
        pkey = ctypes.c_void_p()
        if _PKEY_keygen_init(ctx) != 1 or _PKEY_generate(ctx, ctypes.byref(pkey)) != 1:
            raise _error("SM2 key generation failed")
    finally:
        _PKEY_CTX_free(ctx)
    return PrivateKey(pkey.value)

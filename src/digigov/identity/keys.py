"""Server secrets of identity: the RSA key that signs OpenID Connect ID tokens (RS256), and the secret that API keys
are hashed with. Read by settings, so it imports no Django models."""

import hmac
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured

API_KEY_SECRET_LABEL = b"digigov.identity.api-key-secret.v1"


def _new_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def oidc_private_key(from_env: str, path: Path | None) -> str:
    """The PEM from the environment (OIDC_RSA_PRIVATE_KEY); else the one kept at `path`, made once (mode 0600).
    Production passes no path: there the key must come from the environment.

    A key in an environment variable often arrives with literal "\\n"; those become line breaks. The file is
    written beside its final name and linked into place, so processes starting together all read one key.
    """
    if from_env.strip():
        return from_env.replace("\\n", "\n")
    if path is None:
        raise ImproperlyConfigured("Environment variable OIDC_RSA_PRIVATE_KEY is required")
    if path.exists():
        return path.read_text()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".oidc-", suffix=".key")  # mkstemp creates mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(_new_pem())
        os.link(tmp, path)
    except FileExistsError:
        pass  # another process won the race: use its key
    finally:
        os.unlink(tmp)
    return path.read_text()


def api_key_secret(configured: str, secret_key: str) -> bytes:
    """The secret systems' API keys are hashed with (HMAC-SM3, R0.5). `configured` is DIGIGOV_API_KEY_SECRET from the
    environment, required in production (conf.prod); without it the secret is derived from `secret_key` (SECRET_KEY)
    under a fixed label, so a laptop or a test needs nothing and the two secrets never coincide.

    Without the secret a copied table of digests (a backup, a replica, a database dump handed to a contractor) cannot
    be used to check a guessed or intercepted key offline. Changing the secret makes every issued key invalid (they
    must be re-issued), so it is set once, before the first key, and kept in the secret store beside SECRET_KEY.
    """
    if configured:
        return configured.encode()
    return hmac.new(secret_key.encode(), API_KEY_SECRET_LABEL, "sm3").digest()

"""A demo relying party of single sign-on, so OpenID Connect can be tried at once after `load_demo` (R0.2).

A public client with PKCE (S256), as a browser or mobile app is: no secret to print or keep. Its redirect URI is
the loopback address without a port: an authorization server accepts any port on 127.0.0.1 (RFC 8252 §7.3), so the
same client works whatever port the server runs on. The code verifier is fixed and printed, so the code that comes
back in the address bar can be exchanged with one curl line. Never register a client like it in production.
"""

import base64
import hashlib
from urllib.parse import urlencode

from oauth2_provider.models import get_application_model

from digigov.core import ledger

CLIENT_ID = "digigov-demo-portal"
CLIENT_NAME = "演示门户（单点登录体验）"
REDIRECT_URI = "http://127.0.0.1/"
CODE_VERIFIER = "digigov-demo-verifier-0123456789abcdefghijklmnopqrstuvwxyz"  # 43-128 characters (RFC 7636)
SCOPE = "openid profile"


def load_oidc_client():
    model = get_application_model()
    app = model.objects.filter(client_id=CLIENT_ID).first()
    if app is not None:
        return app
    app = model(
        name=CLIENT_NAME,
        client_id=CLIENT_ID,
        client_type=model.CLIENT_PUBLIC,
        authorization_grant_type=model.GRANT_AUTHORIZATION_CODE,
        algorithm=model.RS256_ALGORITHM,
        redirect_uris=REDIRECT_URI,
    )
    app.full_clean(exclude=["user"])
    app.save()
    ledger.record(
        action="identity.oidc_client.registered",
        obj=app,
        after={"name": CLIENT_NAME, "client_id": CLIENT_ID, "redirect_uris": [REDIRECT_URI], "demo": True},
    )
    return app


def code_challenge(verifier: str = CODE_VERIFIER) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def base_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def redirect_uri(port: int) -> str:
    return f"{base_url(port)}/"


def sign_in_url(port: int) -> str:
    """The authorization request a relying party would send the browser to."""
    query = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": redirect_uri(port),
        "scope": SCOPE,
        "state": "demo",
        "code_challenge": code_challenge(),
        "code_challenge_method": "S256",
    }
    return f"{base_url(port)}/oidc/authorize/?{urlencode(query)}"


def token_curl(port: int) -> str:
    """The token request for the code the browser comes back with (put it in place of CODE)."""
    return (
        f"curl -X POST {base_url(port)}/oidc/token/ -d grant_type=authorization_code -d client_id={CLIENT_ID} "
        f"-d redirect_uri={redirect_uri(port)} -d code_verifier={CODE_VERIFIER} -d code=CODE"
    )

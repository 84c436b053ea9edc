"""Single sign-on (R0.2): the OpenID Connect authorization-code flow with PKCE against a running server."""

import re
import secrets
import warnings
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from oauth2_provider.models import get_application_model

from digigov.identity import services

with warnings.catch_warnings():  # the brief's tool: Authlib's own jose, deprecated in favour of joserfc
    warnings.simplefilter("ignore")
    from authlib.jose import JsonWebKey, jwt
from digigov.identity.tests.factories import citizen_data

REDIRECT_URI = "http://127.0.0.1/rp/callback"  # never fetched: the test reads the redirect, it does not follow it


@pytest.fixture
def relying_party(transactional_db):
    secret = secrets.token_urlsafe(32)
    app = get_application_model().objects.create(
        name="一网通办门户",
        client_type="confidential",
        authorization_grant_type="authorization-code",
        algorithm="RS256",
        redirect_uris=REDIRECT_URI,
        client_secret=secret,
        skip_authorization=True,
    )
    return app.client_id, secret


@pytest.fixture
def citizen(transactional_db):
    data = citizen_data()
    profile = services.citizen_register(**data)
    return profile, data


@pytest.fixture
def sessions():
    """HTTP sessions closed after the test, so the server's keep-alive threads let go of their database connections."""
    opened: list[requests.Session] = []
    yield opened
    for session in opened:
        session.close()


def sign_in(browser: requests.Session, login_url: str, username: str, password: str) -> requests.Response:
    """Fill in the real public sign-in page, as a browser would; returns the redirect it answers with."""
    page = browser.get(login_url)
    assert page.status_code == 200, page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = browser.post(
        login_url,
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text
    return response


def signed_in_browser(sessions, base: str, username: str, password: str) -> requests.Session:
    browser = requests.Session()
    sessions.append(browser)
    sign_in(browser, f"{base}/accounts/login/", username, password)
    return browser


def authorize(base, browser, rp_session, verifier=None) -> str:
    """Run the authorization request with the signed-in browser and return the code from the redirect."""
    kwargs = {"code_verifier": verifier} if verifier else {}
    url, state = rp_session.create_authorization_url(f"{base}/oidc/authorize/", **kwargs)
    response = browser.get(url, allow_redirects=False)
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI)
    query = parse_qs(urlparse(location).query)
    assert query["state"] == [state]
    return query


def rp(sessions, client_id, secret) -> OAuth2Session:
    session = OAuth2Session(
        client_id, secret, scope="openid profile", redirect_uri=REDIRECT_URI, code_challenge_method="S256"
    )
    sessions.append(session)
    return session


@pytest.mark.django_db(transaction=True)
def test_a_citizen_signs_in_once_and_the_relying_party_gets_a_signed_id_token(
    live_server, relying_party, citizen, sessions
):
    base = live_server.url
    client_id, secret = relying_party
    profile, data = citizen
    browser = requests.Session()
    sessions.append(browser)
    session, verifier = rp(sessions, client_id, secret), generate_token(48)

    # Not signed in yet: the provider sends the person to the public sign-in page and back to the relying party.
    url, state = session.create_authorization_url(f"{base}/oidc/authorize/", code_verifier=verifier)
    to_login = browser.get(url, allow_redirects=False)
    assert to_login.status_code == 302
    assert to_login.headers["Location"].startswith("/accounts/login/?next=/oidc/authorize/")
    back = sign_in(browser, base + to_login.headers["Location"], data["username"], data["password"])
    assert back.headers["Location"].startswith("/oidc/authorize/")
    to_rp = browser.get(base + back.headers["Location"], allow_redirects=False)
    query = parse_qs(urlparse(to_rp.headers["Location"]).query)
    assert to_rp.headers["Location"].startswith(REDIRECT_URI) and query["state"] == [state]
    code = query["code"][0]
    token = session.fetch_token(f"{base}/oidc/token/", code=code, code_verifier=verifier)

    discovery = requests.get(f"{base}/oidc/.well-known/openid-configuration", timeout=10).json()
    keys = JsonWebKey.import_key_set(requests.get(f"{base}/oidc/.well-known/jwks.json", timeout=10).json())
    claims = jwt.decode(token["id_token"], keys)
    claims.validate()
    assert claims.header["alg"] == "RS256"
    assert claims["iss"] == discovery["issuer"] == f"{base}/oidc"
    assert claims["aud"] == client_id
    assert claims["sub"] == str(profile.user.pk)
    assert claims["preferred_username"] == data["username"]
    assert claims["name"] == "张三"
    assert claims["account_kind"] == "citizen" and claims["identity_assurance"] == "self_declared"

    userinfo = session.get(f"{base}/oidc/userinfo/").json()
    assert userinfo["sub"] == claims["sub"] and userinfo["name"] == "张三"
    assert data["id_number"] not in token["id_token"] + str(dict(claims)) + str(userinfo)


@pytest.mark.django_db(transaction=True)
def test_a_token_request_without_the_code_verifier_is_refused(live_server, relying_party, citizen, sessions):
    base = live_server.url
    client_id, secret = relying_party
    _profile, data = citizen
    browser = signed_in_browser(sessions, base, data["username"], data["password"])
    session, verifier = rp(sessions, client_id, secret), generate_token(48)
    code = authorize(base, browser, session, verifier)["code"][0]
    with pytest.raises(OAuthError) as exc:
        session.fetch_token(f"{base}/oidc/token/", code=code)
    assert exc.value.error == "invalid_request"  # oauthlib: code_verifier is a missing parameter
    with pytest.raises(OAuthError) as exc:
        session.fetch_token(f"{base}/oidc/token/", code=code, code_verifier=generate_token(48))
    assert exc.value.error == "invalid_grant"
    # The code was refused for want of its verifier, not spoiled: the client holding the verifier still gets tokens.
    assert "id_token" in session.fetch_token(f"{base}/oidc/token/", code=code, code_verifier=verifier)


@pytest.mark.django_db(transaction=True)
def test_an_authorization_request_without_pkce_is_refused(live_server, relying_party, citizen, sessions):
    base = live_server.url
    client_id, _secret = relying_party
    _profile, data = citizen
    browser = signed_in_browser(sessions, base, data["username"], data["password"])
    plain = OAuth2Session(client_id, scope="openid profile", redirect_uri=REDIRECT_URI)
    sessions.append(plain)
    query = authorize(base, browser, plain)
    assert query["error"] == ["invalid_request"] and "code" not in query


@pytest.mark.django_db(transaction=True)
def test_only_s256_pkce_is_accepted_plain_is_refused_with_invalid_request(
    live_server, relying_party, citizen, sessions
):
    base = live_server.url
    client_id, secret = relying_party
    _profile, data = citizen
    browser = signed_in_browser(sessions, base, data["username"], data["password"])
    discovery = requests.get(f"{base}/oidc/.well-known/openid-configuration", timeout=10).json()
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    # A client whose users must consent: a plain challenge is refused before the consent page is shown.
    asks_consent = get_application_model().objects.create(
        name="公积金服务平台",
        client_type="public",
        authorization_grant_type="authorization-code",
        algorithm="RS256",
        redirect_uris=REDIRECT_URI,
        skip_authorization=False,
    )
    verifier = generate_token(48)
    for client in (client_id, asks_consent.client_id):
        for method in ("plain", None):  # RFC 7636 §4.3: no method means plain
            params = {"code_challenge": verifier} | ({"code_challenge_method": method} if method else {})
            plain = OAuth2Session(client, scope="openid profile", redirect_uri=REDIRECT_URI)
            sessions.append(plain)
            url, _state = plain.create_authorization_url(f"{base}/oidc/authorize/", **params)
            response = browser.get(url, allow_redirects=False)
            assert response.status_code == 302, response.text
            query = parse_qs(urlparse(response.headers["Location"]).query)
            assert query["error"] == ["invalid_request"] and "code" not in query, query
            assert "S256" in query["error_description"][0]
    # The same browser and client with S256 get their code.
    assert "code" in authorize(base, browser, rp(sessions, client_id, secret), generate_token(48))

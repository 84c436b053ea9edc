"""The single sign-on pages a person sees, in Chinese: the sign-in page names the system that asks, and the
consent page says what that system will receive (R0.2; issue #8 B6)."""

import base64
import hashlib
import re
from urllib.parse import urlencode

import pytest
from oauth2_provider.models import get_application_model

from digigov.identity import services
from digigov.identity.tests.factories import citizen_data

pytestmark = pytest.mark.django_db
REDIRECT_URI = "http://127.0.0.1/rp/callback"


@pytest.fixture
def portal():
    return get_application_model().objects.create(
        name="一网通办门户",
        client_type="confidential",
        authorization_grant_type="authorization-code",
        algorithm="RS256",
        redirect_uris=REDIRECT_URI,
        client_secret="s3cret-s3cret-s3cret",
    )


def authorize_url(client_id: str) -> str:
    challenge = base64.urlsafe_b64encode(hashlib.sha256(b"v" * 48).digest()).rstrip(b"=").decode()
    query = {
        "client_id": client_id,
        "response_type": "code",
        "redirect_uri": REDIRECT_URI,
        "scope": "openid profile",
        "state": "xyz",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    return "/oidc/authorize/?" + urlencode(query)


def test_the_sign_in_page_names_the_system_that_asks(client, portal):
    to_login = client.get(authorize_url(portal.client_id))
    assert to_login.status_code == 302 and to_login.headers["Location"].startswith("/accounts/login/?next=")
    page = client.get(to_login.headers["Location"]).content.decode()
    assert "“一网通办门户”请您用本平台账号登录" in page


def test_the_plain_sign_in_page_names_no_system(client, portal):
    assert 'data-testid="asking"' not in client.get("/accounts/login/").content.decode()
    unknown = client.get("/accounts/login/?next=/oidc/authorize/?client_id=nobody")
    assert 'data-testid="asking"' not in unknown.content.decode()


def test_the_consent_page_is_chinese_and_lists_what_the_system_receives(client, portal):
    data = citizen_data()
    services.citizen_register(**data)
    client.login(username=data["username"], password=data["password"])
    page = client.get(authorize_url(portal.client_id)).content.decode()
    assert "授权“一网通办门户”" in page and "“一网通办门户”请求使用您在本平台的账号，将获得：" in page
    assert "您是谁：您账号的标识" in page and "您的姓名和账号类型（自然人、法人或工作人员）" in page
    assert "同意" in page and "取消" in page
    assert "Authorize" not in page.replace('value="Authorize"', "") and "Application requires" not in page


def test_allow_sends_a_code_to_the_system_and_cancel_sends_a_refusal(client, portal):
    data = citizen_data()
    services.citizen_register(**data)
    client.login(username=data["username"], password=data["password"])
    page = client.get(authorize_url(portal.client_id)).content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    allowed = client.post(authorize_url(portal.client_id), {**hidden, "allow": "Authorize"})
    assert allowed.status_code == 302 and allowed.headers["Location"].startswith(REDIRECT_URI + "?code=")
    cancelled = client.post(authorize_url(portal.client_id), hidden)
    assert cancelled.headers["Location"].startswith(REDIRECT_URI + "?error=access_denied")

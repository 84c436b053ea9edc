"""Who reads the API's documentation (settings.DIGIGOV_API_DOCS_ACCESS, issue 9 item 10): everyone on a laptop and
in the test suite; signed-in staff only in production (conf.prod, tested in test_settings)."""

import pytest

from digigov.core.choices import Role
from digigov.core.tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db
DOCS, DOCUMENT = "/api/v1/docs", "/api/v1/openapi.json"


def test_open_by_default_outside_production(client, settings):
    assert settings.DIGIGOV_API_DOCS_ACCESS == "public"
    assert client.get(DOCS).status_code == 200
    assert "paths" in client.get(DOCUMENT).json()


def test_staff_only_when_the_deployment_says_so(client, settings):
    settings.DIGIGOV_API_DOCS_ACCESS = "staff"
    to_sign_in = client.get(DOCS)
    assert (to_sign_in.status_code, to_sign_in["Location"]) == (302, "/admin/login/?next=/api/v1/docs")
    anonymous = client.get(DOCUMENT)
    assert anonymous.status_code == 401
    assert anonymous.json() == {
        "code": "not_authenticated",
        "message": "请以工作人员身份登录后查阅接口文档。",
        "errors": [],
    }

    client.force_login(UserFactory())  # signed in, but holds no role anywhere (a citizen's account)
    assert client.get(DOCUMENT).json()["code"] == "permission_denied"
    refused = client.get(DOCS)
    assert refused.status_code == 403 and "<h1>您无权打开此页面</h1>" in refused.content.decode()

    client.force_login(staff(Role.HANDLER))
    assert client.get(DOCS).status_code == 200
    assert "/api/v1/core/me" in client.get(DOCUMENT).json()["paths"]

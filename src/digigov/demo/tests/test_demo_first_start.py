"""What a newcomer meets after `load_demo` (issue #8 B8): the three lists filled, to-do dates that make sense, a
single sign-on client to try with the printed URL, and printed URLs on the server's real port."""

import base64
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model

from digigov.catalog.choices import DemandStatus
from digigov.catalog.models import DemandEntry, NegativeEntry, ResponsibilityEntry
from digigov.core import calendar
from digigov.core.models import InboxItem, LedgerEntry
from digigov.demo import oidc

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_output(demo_province):
    """What `load_demo` printed, loaded with PORT=8123 as `make run PORT=8123` would (see the root conftest)."""
    return demo_province


def test_the_responsibility_and_demand_lists_have_entries_in_every_state(demo_output, client):
    duties = ResponsibilityEntry.objects.select_related("organisation", "resource")
    assert duties.filter(resource__isnull=False).exists() and duties.filter(resource__isnull=True).exists()
    assert len({duty.organisation.name for duty in duties}) >= 6
    states = set(DemandEntry.objects.values_list("status", flat=True))
    assert {DemandStatus.MATCHED, DemandStatus.ASKED, DemandStatus.UNMET, DemandStatus.OPEN} <= states
    assert NegativeEntry.objects.exists()
    assert LedgerEntry.objects.filter(action="catalog.demand.created").count() == DemandEntry.objects.count()

    client.force_login(get_user_model().objects.get(username="psb.handler"))
    page = client.get("/admin/catalog/lists/responsibility/").content.decode()
    assert "居住证信息" in page and "人口基础信息" in page, "the department sees its own duties"
    asked = client.get("/admin/").content.decode()
    assert "适龄儿童户籍信息" in asked, "a demand waiting for the department's answer is on its workbench"


def test_every_to_do_is_due_after_it_was_assigned_in_working_days(demo_output):
    tasks = InboxItem.objects.filter(kind="core.task")
    assert tasks.count() == 8
    for item in tasks:
        assigned = item.created_at.astimezone().date()
        assert assigned <= item.deadline, f"{item.title}: assigned {assigned}, due {item.deadline}"
        assert item.deadline == calendar.add_working_days(assigned, item.working_days)
    for item in InboxItem.objects.all():
        assert item.deadline is None or item.created_at.astimezone().date() <= item.deadline


def test_the_printed_urls_use_the_servers_port(demo_output):
    curl = next(line for line in demo_output.splitlines() if "X-API-Key" in line)
    assert "http://127.0.0.1:8123/api/v1/exchange/gateway/" in curl
    assert "127.0.0.1:8000" not in demo_output


def test_the_printed_sign_in_url_signs_a_citizen_in_through_the_demo_client(demo_output, client):
    url = next(line.strip() for line in demo_output.splitlines() if "/oidc/authorize/?" in line)
    curl = next(line.strip() for line in demo_output.splitlines() if "/oidc/token/" in line)
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert parts.netloc == "127.0.0.1:8123" and query["client_id"] == oidc.CLIENT_ID
    assert query["code_challenge_method"] == "S256" and "openid" in query["scope"].split()
    assert oidc.CODE_VERIFIER in curl

    client.force_login(get_user_model().objects.get(username="citizen.zhangwei"))
    consent = client.get(f"{parts.path}?{parts.query}")
    assert consent.status_code == 200
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', consent.content.decode()))
    response = client.post(parts.path, {**fields, "allow": "Authorize"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == "http://127.0.0.1:8123/"
    code = parse_qs(location.query)["code"][0]

    # The printed curl line, as a person would run it with the code from the address bar.
    data = dict(re.findall(r"-d (\w+)=(\S+)", curl.replace("code=CODE", f"code={code}")))
    token = client.post("/oidc/token/", data)
    assert token.status_code == 200, token.content
    id_token = token.json()["id_token"]
    claims = json.loads(base64.urlsafe_b64decode(id_token.split(".")[1] + "=="))
    assert claims["aud"] == oidc.CLIENT_ID and claims["name"] == "张伟"

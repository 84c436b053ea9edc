"""The demo province as a newcomer meets it (issues #8 and #10): loaded once for this whole module (per test worker) —
a full load takes most of a minute — and read by every test in its own rolled-back transaction. All are marked slow,
so that the suite's ordering (slow first, conftest.py) keeps them together and the module's load is not repeated."""

import base64
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from digigov.catalog.choices import DemandStatus, ResourceStatus, ShareType
from digigov.catalog.models import DemandEntry, NegativeEntry, Resource, ResponsibilityEntry
from digigov.catalog.selectors import mount_rates
from digigov.core import calendar
from digigov.core.models import Division, InboxItem, LedgerEntry, Membership, Organisation
from digigov.core.validators import validate_uscc
from digigov.demo import oidc
from digigov.demo.province import DEMO_PASSWORD
from digigov.demo.sharing import DEMO_API_KEY
from digigov.exchange.choices import ApplicationStatus, CallStatus
from digigov.exchange.models import GatewayCall, HostedRow, ShareApplication
from digigov.websites.choices import ItemKind, ReplyType
from digigov.websites.models import (
    AnnualReport,
    DisclosureApplication,
    Inspection,
    LibraryItem,
    Message,
    Placement,
    SiteProfile,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """One full demo for the module, loaded with PORT=8123 as `make run PORT=8123` would."""
    import io
    import os

    out = io.StringIO()
    with django_db_blocker.unblock():
        previous = os.environ.get("PORT")
        os.environ["PORT"] = "8123"
        try:
            call_command("load_demo", stdout=out)
        finally:
            os.environ.pop("PORT") if previous is None else os.environ.__setitem__("PORT", previous)
    yield out.getvalue()
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":  # the ledger's append-only guard would refuse the flush (see conftest)
            with connection.cursor() as cursor:
                cursor.execute("DROP TRIGGER IF EXISTS core_ledgerentry_no_delete")
        call_command("flush", interactive=False, verbosity=0)


def counts():
    return (
        Division.objects.count(),
        Organisation.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        InboxItem.objects.count(),
        Resource.objects.count(),
        HostedRow.objects.count(),
        ShareApplication.objects.count(),
        GatewayCall.objects.count(),
        LibraryItem.objects.count(),
        Placement.objects.count(),
    )


def test_load_demo_twice_neither_fails_nor_duplicates(demo_output):
    assert "psb.handler" in demo_output and DEMO_PASSWORD in demo_output
    assert DEMO_API_KEY in demo_output
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first


def test_demo_sharing_shows_real_data_everywhere(demo_output, client):
    """At least 200 published resources, hosted population and legal-entity tables mounted to their base
    resources, applications in each state, and the demo key reads masked population data through the gateway."""
    assert Resource.objects.filter(status=ResourceStatus.PUBLISHED).count() >= 200
    assert Resource.objects.filter(share_type=ShareType.NOT_SHARED).exists()
    population = Resource.objects.get(name="人口基础信息", provider__name="湖北省公安厅")
    assert population.mounted_at is not None
    assert HostedRow.objects.filter(table__name="法人单位基础信息库（托管）").count() == 500
    # 挂接率 looks like a province at work: most departments at the 90% target, a few behind it.
    per_department, overall = mount_rates()
    assert 75 <= overall.rate < 100
    behind = {rate.organisation for rate in per_department if not rate.meets_target}
    assert 1 <= len(behind) <= 4 and len(per_department) - len(behind) >= 8
    states = set(ShareApplication.objects.values_list("status", flat=True))
    assert {ApplicationStatus.GRANTED, ApplicationStatus.PROVIDER_REVIEW, ApplicationStatus.OPERATOR_CHECK} <= states
    assert GatewayCall.objects.filter(status=CallStatus.REFUSED).exists()

    response = client.get(
        f"/api/v1/exchange/gateway/resources/{population.pk}/records",
        {"page": 1, "size": 5, "purpose": "演示"},
        headers={"x-api-key": DEMO_API_KEY},
    )
    assert response.status_code == 200, response.content
    records = response.json()["records"]
    assert len(records) == 5 and all("*" in record["sfzh"] for record in records), "ID numbers come masked"


def test_demo_province_is_complete_to_county_level(demo_output):
    hubei = Division.objects.get(code="420000")
    assert hubei.name == "湖北省"
    assert Division.objects.filter(level="city", parent=hubei).count() == 13
    assert Division.objects.filter(level="county", code__startswith="42").count() == 103
    village = Division.objects.filter(level="village").first()
    assert [d.level for d in village.ancestors()] == ["province", "city", "county", "township"]


def test_demo_organisations_carry_valid_credit_codes_and_nest(demo_output):
    for org in Organisation.objects.exclude(uscc=None):
        assert validate_uscc(org.uscc) == org.uscc
    unit = Organisation.objects.get(name="人口管理总队")
    assert unit.root().name == "湖北省公安厅"


def test_demo_superuser_is_a_platform_administrator_and_every_change_is_in_the_ledger(demo_output):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert LedgerEntry.objects.filter(action="core.inbox.registered").count() == InboxItem.objects.count()


def test_demo_websites_fill_every_column_and_share_the_provinces_policies(demo_output, client):
    """Seven sites on their own host names, ≥ 500 articles, 50 policies each with its interpretation, and the
    province's policies on the Wuhan portal by reference: one item, two sites."""
    assert SiteProfile.objects.filter(state="running").count() == 7
    closing = SiteProfile.objects.get(state="closing")  # R8.5: its notice on its home, its news on the portal
    assert "迁移公告" in client.get("/", HTTP_HOST=closing.site.hostname).content.decode()
    assert LibraryItem.objects.filter(kind=ItemKind.ARTICLE).count() >= 500
    policies = LibraryItem.objects.filter(kind=ItemKind.POLICY)
    assert policies.count() == 50 and all(p.interpretations.count() == 1 for p in policies)
    assert all(p.index_number and p.document_number for p in policies)

    home = client.get("/", HTTP_HOST="127.0.0.1").content.decode()
    assert "<title>湖北省人民政府</title>" in home and "鄂ICP备05003325号" in home
    provincial = policies.filter(owner__name="湖北省人民政府办公厅").first()
    for host in ("www.hubei.localhost", "www.wuhan.localhost"):
        page = client.get(f"/disclosure/policies/{provincial.pk}/", HTTP_HOST=host)
        assert page.status_code == 200 and provincial.document_number in page.content.decode()
    assert client.get(f"/disclosure/policies/{provincial.pk}/", HTTP_HOST="rst.hubei.localhost").status_code == 404

    waiting = Message.objects.filter(state="received").count()
    assert InboxItem.objects.filter(kind="websites.letter").count() == waiting > 0, "each open letter is a to-do"
    assert Message.objects.filter(kind="correction").count() == 5
    interaction = client.get("/interaction/", HTTP_HOST="www.hubei.localhost").content.decode()
    for kind in ("意见征集", "网上调查", "在线访谈"):
        assert kind in interaction
    survey = client.get("/interaction/dc-myd/", HTTP_HOST="www.hubei.localhost").content.decode()
    assert "目前共收到答卷 240 份" in survey
    letters = Message.objects.exclude(kind="correction")
    assert letters.count() == 100 and letters.filter(state="replied").count() >= 80
    portal = letters.filter(state="replied", public=True, site__site__hostname="www.hubei.localhost")
    answered = portal.order_by("-replied_at", "-pk").first()
    listing = client.get("/messages/", HTTP_HOST="www.hubei.localhost").content.decode()
    assert answered.title in listing, "the latest answer comes first in 信件选登"
    assert (
        answered.reply[:20]
        in client.get(f"/messages/{answered.number}/", HTTP_HOST="www.hubei.localhost").content.decode()
    )

    applications = DisclosureApplication.objects.filter(site__site__hostname="www.hubei.localhost")
    assert set(applications.values_list("reply_type", flat=True)) == {"", *ReplyType.values}
    assert applications.filter(extended_at__isnull=False).count() == 1 and applications.filter(state="received")
    catalogue = client.get("/xxgk/", HTTP_HOST="www.hubei.localhost").content.decode()
    listed = LibraryItem.objects.filter(owner__name="湖北省人民政府办公厅", live=True).count()
    assert listed >= 50 and f"共 {listed} 条" in catalogue, "the portal unit's items, all placed on its site"
    # R8.6: the portal's roster, five inspections done and today's waiting for its person; last year's report
    inspections = Inspection.objects.filter(site__site__hostname="www.hubei.localhost")
    assert inspections.filter(submitted_at__isnull=False).count() == 5
    today = inspections.get(submitted_at__isnull=True)
    assert InboxItem.objects.get(kind="websites.inspection", done_at__isnull=True).assignee_user == today.on_duty
    report = AnnualReport.objects.get()
    assert report.item.live and f"/{report.item_id}/" in home and "政府网站工作年度报表" in home


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

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from digigov.catalog.choices import ResourceStatus, ShareType
from digigov.catalog.models import Resource
from digigov.catalog.selectors import mount_rates
from digigov.core.models import Division, InboxItem, LedgerEntry, Membership, Organisation
from digigov.core.rules import rule
from digigov.core.validators import validate_uscc
from digigov.demo.citizens import ADDRESSES, LEGAL_PERSONS
from digigov.demo.province import DEMO_PASSWORD
from digigov.demo.sharing import DEMO_API_KEY, ENTITY_ROWS
from digigov.eservices.models import ServiceItem
from digigov.eservices.prefill import SYSTEM_RULE, materials_held, prefill_for
from digigov.exchange.choices import ApplicationStatus, CallStatus
from digigov.exchange.models import GatewayCall, Grant, HostedRow, ShareApplication
from digigov.forms.api import FormDefinition
from digigov.identity import api as identity
from digigov.websites.choices import ItemKind, ReplyType
from digigov.websites.models import (
    AnnualReport,
    DisclosureApplication,
    Inspection,
    LibraryItem,
    Message,
    Placement,
    SamplingRound,
    SiteProfile,
)

pytestmark = pytest.mark.django_db


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
        ServiceItem.objects.count(),
        Placement.objects.count(),
    )


def test_load_demo_twice_neither_fails_nor_duplicates(demo_province, capsys):
    first = counts()  # after the first load, which printed the accounts, their password and the gateway key
    assert "psb.handler" in demo_province and DEMO_PASSWORD in demo_province and DEMO_API_KEY in demo_province
    call_command("load_demo")
    assert counts() == first
    out = capsys.readouterr().out
    assert "psb.handler" in out and DEMO_PASSWORD in out
    assert DEMO_API_KEY in out


def test_demo_opens_data_in_the_fields_the_guidance_names_first(demo_province, client):
    """R3.1: transport, education, culture, food and drug safety, product quality, each with rows to download."""
    listing = client.get("/api/v1/opendata/datasets").json()
    assert listing["count"] >= 9 and all(item["rows"] for item in listing["items"])
    assert {"交通运输", "教育文化", "市场监管"} <= {item["theme"] for item in listing["items"]}
    names = " ".join(item["name"] for item in listing["items"])
    for field in ("公交", "学校", "文化场馆", "食品安全", "药品", "产品质量"):
        assert field in names, field
    sample = client.get(f"/opendata/{listing['items'][0]['id']}/data.csv")
    assert sample.status_code == 200 and len(b"".join(sample.streaming_content).splitlines()) > 20


def test_demo_sharing_shows_real_data_everywhere(demo_province, client):
    """At least 200 published resources, hosted population and legal-entity tables mounted to their base
    resources, applications in each state, and the demo key reads masked population data through the gateway."""
    assert Resource.objects.filter(status=ResourceStatus.PUBLISHED).count() >= 200
    assert Resource.objects.filter(share_type=ShareType.NOT_SHARED).exists()
    population = Resource.objects.get(name="人口基础信息", provider__name="湖北省公安厅")
    assert population.mounted_at is not None
    entities = HostedRow.objects.filter(table__name="法人单位基础信息库（托管）").count()
    added = settings.DIGIGOV_DEMO_LICENCES // 5 // 5  # residents for the licences demo, and a fifth as many entities
    assert entities == ENTITY_ROWS + len(LEGAL_PERSONS) + added, "the drawn entities, the demo legal persons, more"
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


def test_demo_province_is_complete_to_county_level(demo_province):
    hubei = Division.objects.get(code="420000")
    assert hubei.name == "湖北省"
    assert Division.objects.filter(level="city", parent=hubei).count() == 13
    assert Division.objects.filter(level="county", code__startswith="42").count() == 103
    village = Division.objects.filter(level="village").first()
    assert [d.level for d in village.ancestors()] == ["province", "city", "county", "township"]


def test_demo_organisations_carry_valid_credit_codes_and_nest(demo_province):
    for org in Organisation.objects.exclude(uscc=None):
        assert validate_uscc(org.uscc) == org.uscc
    unit = Organisation.objects.get(name="人口管理总队")
    assert unit.root().name == "湖北省公安厅"


def test_demo_superuser_is_a_platform_administrator_and_every_change_is_in_the_ledger(demo_province):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert LedgerEntry.objects.filter(action="core.inbox.registered").count() == InboxItem.objects.count()


def test_demo_websites_fill_every_column_and_share_the_provinces_policies(demo_province, client):
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
    # R8.6 sampling: last quarter's report published on the portal in time, this quarter's rounds awaiting
    past, current = SamplingRound.objects.filter(platform__code="420000").order_by("year", "quarter")
    assert past.state == "published" and past.published_at.date() <= past.deadline and past.sites.count() == 2
    notice = client.get(f"/notices/{past.item_id}/", HTTP_HOST="www.hubei.localhost").content.decode()
    assert "抽查情况通报" in notice and past.seed in notice
    waiting = InboxItem.objects.filter(kind="websites.sampling", done_at__isnull=True)
    assert current.state == "drawn" and waiting.count() == SamplingRound.objects.filter(state="drawn").count() == 2
    assert waiting.get(object_id=str(current.pk)).assignee_org.name == "湖北省政务管理办公室"


def test_demo_cases_show_every_state_a_joint_case_an_overdue_one_and_an_enterprise_start_up(demo_province, client):
    """Issue #11, acceptance 10: the queues and the clock show real work on first start (the suite loads
    DIGIGOV_DEMO_CASES of them, `make run` 1,000)."""
    from django.conf import settings
    from django.utils import timezone

    from digigov.eservices.models import Case, CasePart

    numbered = Case.objects.exclude(number__isnull=True)
    assert numbered.count() >= settings.DIGIGOV_DEMO_CASES
    states = set(numbered.values_list("status", flat=True))
    assert {"submitted", "supplementing", "in_progress", "concluded", "rejected", "withdrawn"} <= states
    assert numbered.filter(decision="refused").exists() and numbered.filter(decision="approved").exists()
    assert numbered.filter(status="in_progress", due_on__lt=timezone.localdate()).exists()  # overdue
    assert CasePart.objects.filter(part__startswith="co").exists()  # joint
    startup = CasePart.objects.filter(case__item__name__startswith="营业执照设立登记", case__status="in_progress")
    assert {(p.part, p.status) for p in startup} >= {
        ("registration", "done"),
        ("seal", "working"),
        ("invoice", "working"),
    }
    client.force_login(Case.objects.filter(channel="counter").first().agent)
    queue = client.get("/admin/eservices/cases/").content.decode()
    assert "nearest deadline first" not in queue and "按到期日由近到远排列" in queue


def test_demo_fills_a_citizens_form_and_holds_materials_through_the_exchange(demo_province):
    """One-form filling (R4.3): the platform's system, granted the substitutes' resources, fills a demo citizen's
    form from the population table and does not ask for the 户口簿; a legal person's 法定代表人身份证明 likewise."""
    system = identity.system_client_active(rule(SYSTEM_RULE))
    assert system is not None and system.organisation.name == "湖北省政务管理办公室"
    before = GatewayCall.objects.filter(system=system, status=CallStatus.OK).count()  # the demo cases' own reads
    granted = set(Grant.objects.filter(system=system, is_active=True).values_list("resource__name", flat=True))
    assert granted == {"人口基础信息", "法人单位基础信息", "社会保险参保信息", "婚姻登记信息"}
    assert Grant.objects.filter(system=system, raw_values=False).count() == 0
    zhang = get_user_model().objects.get(username="citizen.zhangwei")
    form = FormDefinition.objects.get(key="personal-application").current
    with translation.override("zh-hans"):
        filled = prefill_for(applicant_user=zhang, form_version=form)
    assert filled["name"].value == "张伟" and filled["address"].value == ADDRESSES["citizen.zhangwei"][0]
    assert filled["address"].source == "省公安厅 人口基础信息" and filled["address"].locked
    card = ServiceItem.objects.filter(name="社会保障卡申领", status="published").order_by("pk").first()
    held = {h.material_id: h.provided for h in materials_held(applicant_user=zhang, item=card)}
    # the 户口簿 from the population table, the ID card from his wallet (R6.2, the licences demo)
    assert held == {card.materials.get(name="户口簿").pk: "shared", card.materials.get(name="居民身份证").pk: "licence"}
    company = get_user_model().objects.get(username="lp.changjiang")
    food = ServiceItem.objects.filter(name="食品经营许可", status="published").order_by("pk").first()
    held = {h.material_id: h.provided for h in materials_held(applicant_user=company, item=food)}
    assert held == {
        food.materials.get(name="法定代表人身份证明").pk: "shared",
        food.materials.get(name="营业执照").pk: "licence",
    }
    assert GatewayCall.objects.filter(system=system, status=CallStatus.OK).count() == before + 3

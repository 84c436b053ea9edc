"""The site lifecycle (R8.5): opening and closing for good need the unit's leader, its competent authority and the
platform operator, in that order, each step only by its own organisation; any step may refuse with a reason. A
closing migrates the site's content to the receiving site without copies, shows the migration notice on the home
page for the rule's days, then redirects the host name and retires the 网站标识码 for good."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Site

from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.lifecycle import TransitionError
from digigov.core.models import InboxItem, LedgerEntry, Notification
from digigov.core.rules import rule
from digigov.core.tests.factories import DivisionFactory, OrganisationFactory
from digigov.websites import site_lifecycle
from digigov.websites.choices import ApplicationState, ColumnType, SiteKind, SiteState
from digigov.websites.lifecycle import APPLICATION, SITE, competent_authority
from digigov.websites.models import Placement, SiteProfile
from digigov.websites.services import item_place, site_create
from digigov.websites.tests.factories import LibraryItemFactory, column, editor, open_site, province

pytestmark = pytest.mark.django_db

REASON = "本厅门户整合，按照集约化要求开设部门网站。"


@pytest.fixture
def world():
    operator = OrganisationFactory(name="湖北省政务管理办公室", is_platform_operator=True)
    admin = editor(operator, Role.PLATFORM_ADMIN)
    office = OrganisationFactory(name="湖北省人民政府办公厅")
    portal = open_site(organiser=office, name="湖北省人民政府", admin=admin)
    edu = OrganisationFactory(name="湖北省教育厅")
    return {
        "admin": admin,
        "operator": editor(operator, Role.LEADER),
        "office": office,
        "office_leader": editor(office, Role.LEADER),
        "portal": portal,
        "edu": edu,
        "edu_leader": editor(edu, Role.LEADER),
    }


def apply_open(world, **changes):
    fields = dict(
        organiser=world["edu"], name="湖北省教育厅", site_kind=SiteKind.DEPARTMENT, hostname="jyt.hubei.localhost",
        platform=province(), reason=REASON,
    )  # fmt: skip
    return site_lifecycle.application_open(actor=world["edu_leader"], **{**fields, **changes})


def test_the_lifecycle_tables_read_as_the_rules_say():
    assert APPLICATION.allowed(None) == ["submit"]
    assert APPLICATION.allowed(ApplicationState.AUTHORITY) == APPLICATION.allowed(ApplicationState.OPERATOR)
    assert APPLICATION.final_states() == {ApplicationState.APPROVED, ApplicationState.REFUSED}
    assert SITE.allowed(SiteState.RUNNING) == ["close"] and SITE.final_states() == {SiteState.CLOSED}


def test_the_competent_authority_is_the_office_that_runs_the_portal_one_level_up():
    province_office = OrganisationFactory(name="湖北省人民政府办公厅")
    open_site(organiser=province_office, name="湖北省人民政府")
    wuhan = DivisionFactory(code="420100", name="武汉市", level="city", parent=province())
    wuhan_office = OrganisationFactory(name="武汉市人民政府办公厅", division=wuhan)
    wuhan_department = OrganisationFactory(name="武汉市教育局", division=wuhan)
    assert competent_authority(wuhan_department) == province_office  # no Wuhan portal yet
    open_site(organiser=wuhan_office, name="武汉市人民政府")
    assert competent_authority(wuhan_department) == wuhan_office
    assert competent_authority(wuhan_office) == province_office
    assert competent_authority(province_office) is None


def test_an_opening_goes_up_the_chain_each_step_by_its_own_organisation_and_opens_the_site(world):
    with pytest.raises(PermissionDeniedError):  # a handler does not apply for the unit
        site_lifecycle.application_open(
            actor=editor(world["edu"], Role.HANDLER), organiser=world["edu"], name="湖北省教育厅",
            site_kind=SiteKind.DEPARTMENT, hostname="jyt.hubei.localhost", platform=province(), reason=REASON,
        )  # fmt: skip
    application = apply_open(world)
    assert application.state == ApplicationState.AUTHORITY and application.authority == world["office"]
    todo = InboxItem.objects.get(object_id=str(application.pk), done_at__isnull=True)
    assert todo.assignee_org == world["office"] and todo.assignee_role == Role.LEADER

    for outsider in (world["edu_leader"], world["operator"], world["admin"], editor(world["office"], Role.HANDLER)):
        with pytest.raises(PermissionDeniedError):
            site_lifecycle.application_approve(actor=outsider, application=application)
    application = site_lifecycle.application_approve(actor=world["office_leader"], application=application)
    assert application.state == ApplicationState.OPERATOR
    assert InboxItem.objects.get(object_id=str(application.pk), done_at__isnull=True).assignee_org.is_platform_operator
    with pytest.raises(PermissionDeniedError):
        site_lifecycle.application_approve(actor=world["office_leader"], application=application)

    application = site_lifecycle.application_approve(actor=world["operator"], application=application, comment="同意")
    profile = application.site
    assert application.state == ApplicationState.APPROVED and profile.state == SiteState.RUNNING
    assert profile.site.hostname == "jyt.hubei.localhost" and profile.organiser == world["edu"]
    assert profile.site_code == f"420000{int(world['portal'].site_code[6:]) + 1:04d}"
    assert not InboxItem.objects.filter(object_id=str(application.pk), done_at__isnull=True).exists()
    actions = LedgerEntry.objects.filter(action__startswith="websites.site").values_list("action", flat=True)
    assert list(actions).count("websites.site_application.approved") == 2
    assert {"websites.site_application.submitted", "websites.site.created"} <= set(actions)


def test_bad_applications_are_refused_at_their_fields(world):
    open_site(organiser=world["edu"], kind=SiteKind.DEPARTMENT, admin=world["admin"])
    with pytest.raises(DomainError) as refused:
        apply_open(world, hostname="不是域名", reason="短", name="")
    fields = refused.value.fields
    assert "网站" in str(fields["organiser"]) and {"hostname", "reason", "name"} <= set(fields)


def test_any_step_may_refuse_with_a_reason_the_applicant_reads(world):
    application = apply_open(world)
    with pytest.raises(DomainError) as refused:
        site_lifecycle.application_refuse(actor=world["office_leader"], application=application, reason="")
    assert "reason" in refused.value.fields
    application = site_lifecycle.application_refuse(
        actor=world["office_leader"], application=application, reason="该厅信息已在省政府门户发布，不再单独开设。"
    )
    assert application.state == ApplicationState.REFUSED and "不再单独开设" in application.refusal
    assert Notification.objects.filter(recipient=world["edu_leader"], body__contains="不再单独开设").exists()
    with pytest.raises(TransitionError):
        site_lifecycle.application_approve(actor=world["office_leader"], application=application)
    assert not SiteProfile.objects.filter(organiser=world["edu"]).exists()


def test_a_failed_last_step_rolls_back_whole(world):
    application = site_lifecycle.application_approve(actor=world["office_leader"], application=apply_open(world))
    Site.objects.create(hostname="jyt.hubei.localhost", root_page=world["portal"].site.root_page)  # taken meanwhile
    with pytest.raises(DomainError):
        site_lifecycle.application_approve(actor=world["operator"], application=application)
    application.refresh_from_db()
    assert application.state == ApplicationState.OPERATOR and application.site is None
    assert not SiteProfile.objects.filter(organiser=world["edu"]).exists()
    assert LedgerEntry.objects.filter(action="websites.site_application.approved").count() == 1
    assert InboxItem.objects.filter(object_id=str(application.pk), done_at__isnull=True).exists()


def test_closing_migrates_without_copies_shows_the_notice_then_redirects_and_retires_the_code(world, client):
    portal = world["portal"]
    old = open_site(organiser=world["edu"], name="湖北省教育厅", kind=SiteKind.DEPARTMENT, admin=world["admin"])
    news = [LibraryItemFactory(owner=world["edu"]) for _ in range(3)]
    policy = LibraryItemFactory(owner=world["edu"], kind="policy")
    for item in news:
        item_place(actor=world["edu_leader"], item=item, column=column(old))
    item_place(actor=world["edu_leader"], item=policy, column=column(old, ColumnType.POLICIES))
    item_place(actor=world["office_leader"], item=news[0], column=column(portal), review_basis="经审查，同意转载。")

    application = site_lifecycle.application_close(
        actor=world["edu_leader"], site=old, receiving_site=portal, reason="部门网站整合迁移至省政府门户网站。"
    )
    assert application.state == ApplicationState.AUTHORITY and application.authority == world["office"]
    application = site_lifecycle.application_approve(actor=world["office_leader"], application=application)
    site_lifecycle.application_approve(actor=world["operator"], application=application)
    old.refresh_from_db()
    assert old.state == SiteState.CLOSING and old.receiving_site == portal
    assert old.notice_until == timezone.localdate() + dt.timedelta(days=rule("websites.migration_notice_days"))
    live = Placement.objects.filter(withdrawn_at__isnull=True)
    assert sorted(live.filter(column=column(portal)).values_list("item_id", flat=True)) == [i.pk for i in news]
    assert live.filter(column=column(portal, ColumnType.POLICIES), item=policy).exists()

    home = client.get("/", HTTP_HOST=old.site.hostname).content.decode()
    assert "迁移公告" in home and "湖北省人民政府" in home and f"{portal.site.root_url}/" in home
    assert "迁移公告" not in client.get("/", HTTP_HOST=portal.site.hostname).content.decode()

    with pytest.raises(ConflictError):  # not before the notice period has passed
        site_lifecycle.site_close_finish(actor=world["operator"], site=old)
    SiteProfile.objects.filter(pk=old.pk).update(notice_until=timezone.localdate() - dt.timedelta(days=1))
    assert site_lifecycle.close_due_sites() == 1
    old.refresh_from_db()
    assert old.state == SiteState.CLOSED and old.code_retired and old.closed_at is not None
    gone = client.get("/news/", HTTP_HOST=old.site.hostname)
    assert gone.status_code == 301 and gone["Location"] == f"{portal.site.root_url}/"
    assert not live.filter(column=column(old)).exists() and live.filter(column=column(portal)).count() == 3
    assert LedgerEntry.objects.filter(action="websites.site.closed", object_id=str(old.pk)).exists()

    with pytest.raises(DomainError) as refused:
        site_create(
            actor=world["admin"], name="湖北省教育厅新网站", hostname="new.hubei.localhost", site_code=old.site_code,
            kind=SiteKind.DEPARTMENT, organiser=world["edu"], platform=province(),
        )  # fmt: skip
    assert "不再" in str(refused.value.fields["site_code"])
    assert site_lifecycle.next_site_code(world["edu"]) > old.site_code


def test_another_organisation_neither_sees_nor_acts_on_an_application(world, client):
    application = apply_open(world)
    stranger = editor(OrganisationFactory(name="湖北省民政厅"), Role.LEADER)
    client.force_login(stranger)
    assert "湖北省教育厅" not in client.get("/admin/websites/sites/").content.decode()
    url = f"/admin/websites/sites/{application.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "approve"}).status_code == 404

    client.force_login(world["edu_leader"])  # the applicant sees it but does not decide it
    assert client.post(url, {"action": "approve"}).status_code == 403

    client.force_login(world["office_leader"])
    assert "湖北省教育厅" in client.get("/admin/websites/sites/?show=mine").content.decode()
    page = client.get(url).content.decode()
    assert 'value="approve"' in page and 'value="refuse"' in page
    client.post(url, {"action": "refuse", "comment": ""})
    application.refresh_from_db()
    assert application.state == ApplicationState.AUTHORITY
    assert client.post(url, {"action": "approve", "comment": "同意"}).status_code == 302
    client.force_login(world["edu_leader"])  # the applicant sees the history, with no decision to take
    page = client.get(url).content.decode()
    assert "待平台审批" in page and 'value="approve"' not in page and "同意" in page


def test_the_application_form_files_an_application(world, client):
    client.force_login(world["edu_leader"])
    assert client.get("/admin/websites/sites/open/").status_code == 200
    response = client.post(
        "/admin/websites/sites/open/",
        {"organiser": world["edu"].pk, "name": "湖北省教育厅", "site_kind": "department",
         "hostname": "JYT.hubei.localhost", "platform": "420000", "reason": REASON},
    )  # fmt: skip
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    bad = client.post("/admin/websites/sites/open/", {"organiser": world["edu"].pk, "name": "x", "reason": "短"})
    assert bad.status_code == 200 and "jyt.hubei.gov.cn" in bad.content.decode()


@pytest.fixture
def closing_home(transactional_db):
    """A department site answering at localhost (the live server's host), approved for closing into the portal."""
    admin = editor(OrganisationFactory(name="湖北省政务管理办公室", is_platform_operator=True), Role.PLATFORM_ADMIN)
    office = OrganisationFactory(name="湖北省人民政府办公厅")
    portal = open_site(organiser=office, name="湖北省人民政府", default=True, admin=admin)
    unit = OrganisationFactory(name="湖北省自然资源厅")
    old = open_site(organiser=unit, hostname="localhost", kind=SiteKind.DEPARTMENT, admin=admin)
    item_place(actor=admin, item=LibraryItemFactory(owner=unit, title="全省自然资源工作会议召开"), column=column(old))
    application = site_lifecycle.application_close(
        actor=editor(unit, Role.LEADER), site=old, receiving_site=portal, reason="部门网站整合迁移至省政府门户网站。"
    )
    application = site_lifecycle.application_approve(actor=editor(office, Role.LEADER), application=application)
    site_lifecycle.application_approve(actor=admin, application=application)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_migration_notice_on_a_phone(live_server, closing_home, browser, screenshot_dir):
    from digigov.websites.tests.test_browser_portal import PHONE, axe_violations

    page = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True).new_page()
    page.goto(live_server.url + "/")
    notice = page.get_by_role("region", name="迁移公告")
    assert notice.is_visible() and "湖北省人民政府" in notice.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.screenshot(path=str(screenshot_dir / "site-closing-notice-390.png"), full_page=True)


def test_the_operator_closes_now_from_the_application_once_the_notice_period_has_passed(world, client):
    old = open_site(organiser=world["edu"], kind=SiteKind.DEPARTMENT, admin=world["admin"])
    application = site_lifecycle.application_close(
        actor=world["edu_leader"], site=old, receiving_site=world["portal"], reason="部门网站整合迁移至省政府门户网站。"
    )
    application = site_lifecycle.application_approve(actor=world["office_leader"], application=application)
    site_lifecycle.application_approve(actor=world["operator"], application=application)
    url = f"/admin/websites/sites/{application.pk}/"
    client.force_login(world["operator"])
    assert 'value="finish"' not in client.get(url).content.decode()
    SiteProfile.objects.filter(pk=old.pk).update(notice_until=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(world["edu_leader"])  # the unit does not close it itself
    assert client.post(url, {"action": "finish"}).status_code == 403
    client.force_login(world["operator"])
    assert 'value="finish"' in client.get(url).content.decode()
    assert client.post(url, {"action": "finish"}).status_code == 302
    old.refresh_from_db()
    assert old.state == SiteState.CLOSED

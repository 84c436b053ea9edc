"""The quarterly sampling inspection (抽查, R8.6): from the quarter's first working day on the official calendar each
platform draws at least the rule's share of its running sites, rounded up, reproducibly from a kept seed; each site
is judged by the daily inspection's own findings (a single-veto item fails it); the platform operator's to-do is due
in working days; the report is drafted into the portal's notices column and its publication closes the round, all
in the ledger. A site's unit sees its own result only; another organisation sees and does nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from digigov.core import periodic
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.factories import OrganisationFactory
from digigov.websites import messages, sampling
from digigov.websites.choices import ColumnType, SamplingState, SiteKind, SiteState
from digigov.websites.models import Message, SampledSite, SamplingRound, SiteProfile
from digigov.websites.tests.factories import (
    LibraryItemFactory,
    city,
    column,
    editor,
    open_site,
    place,
    province,
)

pytestmark = pytest.mark.django_db

DRAW_DAY = dt.date(2026, 10, 8)  # Q4's first working day: 1–7 October are the National Day holiday


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def operator():
    """The platform operator, made before any site so that it is the one `platform_operator` finds."""
    return OrganisationFactory(name="湖北省政务管理办公室", is_platform_operator=True, division=province())


@pytest.fixture
def admin(operator):
    return editor(operator, Role.PLATFORM_ADMIN)


@pytest.fixture
def ops(operator):
    return editor(operator, Role.HANDLER)


@pytest.fixture
def sites(admin):
    """The province portal and four department sites, all opened at the start of the year."""
    opened = [open_site(name="湖北省人民政府", admin=admin)]
    opened += [open_site(name=f"湖北省第{n}厅", kind=SiteKind.DEPARTMENT, admin=admin) for n in range(1, 5)]
    SiteProfile.objects.update(created_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    for profile in opened:
        profile.refresh_from_db()
        fresh(profile)
    return opened


def fresh(profile, day=DRAW_DAY):
    when = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=1), dt.time(9)))
    for column_type in (ColumnType.NEWS, ColumnType.NOTICES, ColumnType.POLICIES):
        place(LibraryItemFactory(owner=profile.organiser), column(profile, column_type), at=when)


def letter(profile, due_on):
    sent = messages.message_send(site=profile, kind="consultation", title="灵活就业人员社保缴费咨询", public=False,
                                 body="请问灵活就业如何缴纳养老保险？", name="张三", phone="13812345678")  # fmt: skip
    Message.objects.filter(pk=sent.pk).update(due_on=due_on)


def province_round():
    return SamplingRound.objects.get(platform=province())


def test_the_draw_takes_the_rules_share_rounded_up_of_each_platforms_running_sites(admin, sites):
    closing = open_site(name="湖北省自然资源厅", kind=SiteKind.DEPARTMENT, admin=admin)
    SiteProfile.objects.filter(pk=closing.pk).update(state=SiteState.CLOSING)
    wuhan = open_site(name="武汉市人民政府", platform=city(), admin=admin)
    assert sampling.draw_due(DRAW_DAY - dt.timedelta(days=1)) == 0  # the holiday: not yet
    assert sampling.draw_due(DRAW_DAY) == 2  # the province's platform and Wuhan's
    assert sampling.draw_due(DRAW_DAY + dt.timedelta(days=1)) == 0  # once a quarter
    drawn = province_round()
    assert drawn.population == sorted(s.site_code for s in sites) and drawn.share == 30
    assert drawn.sites.count() == 2  # 30 % of 5 running sites, rounded up; never the closing one nor Wuhan's
    city_round = SamplingRound.objects.get(platform__code="420100")
    assert city_round.operator == wuhan.organiser and [s.site for s in city_round.sites.all()] == [wuhan]
    rule_set(actor=admin, key="websites.quarterly_sampling_rate", value=50)
    sampling.draw_due(dt.date(2027, 1, 4))
    assert SamplingRound.objects.get(platform=province(), year=2027, quarter=1).sites.count() == 3  # 2.5 → 3
    assert "websites.draw_sampling_rounds" in periodic.REGISTRY


def test_the_draw_is_reproducible_from_its_seed(sites):
    sampling.draw_due(DRAW_DAY)
    drawn = province_round()
    codes = sorted(drawn.sites.values_list("site__site_code", flat=True))
    assert sampling.drawn_codes(drawn.population, drawn.seed, len(codes)) == codes
    # the method itself is fixed: anyone repeating it with Python's random module gets these three
    population = [f"42000000{n:02d}" for n in range(10, 20)]
    assert sampling.drawn_codes(population, "00c0ffee00c0ffee", 3) == ["4200000012", "4200000017", "4200000018"]
    assert drawn.seed in LedgerEntry.objects.get(action="websites.sampling.drawn").summary


def test_each_result_comes_from_the_sites_own_data_and_a_stale_news_column_fails(admin, ops, sites):
    rule_set(actor=admin, key="websites.quarterly_sampling_rate", value=100)
    portal, stale, overdue, due_today, _other = sites
    news = column(stale, ColumnType.NEWS).placements
    news.update(placed_at=local(2026, 9, 20, 9))  # 18 days old: the rule says 14
    letter(overdue, DRAW_DAY - dt.timedelta(days=1))
    letter(due_today, DRAW_DAY)
    sampling.draw_due(DRAW_DAY)
    results = {s.site: s for s in SampledSite.objects.all()}
    assert len(results) == 5 and results[portal].passed and results[portal].findings == []
    assert not results[stale].passed
    assert [(f["check"], f["veto"]) for f in results[stale].findings] == [("stale_column", True)]
    assert not results[overdue].passed and results[overdue].findings[0]["veto"]
    assert results[due_today].passed and results[due_today].findings[0]["check"] == "letter"  # not late yet
    assert 0 <= results[portal].score <= 100  # the scorecard's total, January to September
    fresh(stale, DRAW_DAY + dt.timedelta(days=3))  # the unit put it right
    sampling.sampled_site_recheck(actor=ops, sampled=results[stale], today=DRAW_DAY + dt.timedelta(days=3))
    results[stale].refresh_from_db()
    assert results[stale].passed and results[stale].checked_by == ops
    assert LedgerEntry.objects.filter(action="websites.sampling.rechecked").count() == 1


def test_the_operator_gets_a_to_do_due_in_working_days(operator, sites):
    sampling.draw_due(DRAW_DAY)
    todo = InboxItem.objects.get(kind=sampling.INBOX_KIND)
    # 20 working days on the official calendar: Saturday 10 October is a make-up workday
    assert todo.assignee_org == operator and todo.deadline == province_round().deadline == dt.date(2026, 11, 4)
    assert "2026年第四季度" in todo.title and todo.url == reverse("websites_sampling_round", args=[province_round().pk])


def test_publishing_the_report_puts_it_on_the_portal_and_closes_the_round(client, admin, ops, sites):
    rule_set(actor=admin, key="websites.quarterly_sampling_rate", value=100)
    portal, stale = sites[0], sites[1]
    column(stale, ColumnType.NEWS).placements.update(placed_at=local(2026, 9, 1, 9))
    letter(sites[2], DRAW_DAY - dt.timedelta(days=3))
    sampling.draw_due(DRAW_DAY)
    drawn = province_round()
    failed = drawn.sites.get(site=stale)
    sampling.sampled_site_comment(actor=ops, sampled=failed, comment="请于10月底前恢复要闻动态栏目的日常更新。")
    conclusion = "本季度抽查总体平稳，两家网站存在单项否决问题。"
    drawn = sampling.round_report(actor=ops, sampling_round=drawn, conclusion=conclusion)
    item = drawn.item
    assert drawn.state == SamplingState.REPORTED and not item.live and item.owner == drawn.operator
    assert item.placements.get().column == column(portal, ColumnType.NOTICES)
    assert "抽查情况通报" in item.title and drawn.seed in item.body and "灵活就业" not in item.body  # no letter subject
    for said in ("不合格", "平台运维方意见：请于10月底前恢复", "逾期未答复的网民留言：1件"):
        assert said in item.body
    item.save_revision(user=ops).publish()  # the end of the review chain
    drawn.refresh_from_db()
    assert drawn.state == SamplingState.PUBLISHED and drawn.published_at is not None
    assert InboxItem.objects.get(kind=sampling.INBOX_KIND).done_at is not None
    actions = set(LedgerEntry.objects.filter(object_type="websites.samplinground").values_list("action", flat=True))
    assert actions == {f"websites.sampling.{a}" for a in ("drawn", "commented", "reported", "published")}
    host = portal.site.hostname
    assert item.title in client.get("/notices/", HTTP_HOST=host).content.decode()
    page = client.get(f"/notices/{item.pk}/", HTTP_HOST=host).content.decode()
    assert stale.name in page and "不合格" in page
    with pytest.raises(ConflictError):
        sampling.round_report(actor=ops, sampling_round=drawn, conclusion="发布后不能再改写通报的结论。")


def test_a_sites_unit_sees_its_own_result_and_another_organisation_nothing(client, ops, sites):
    sampling.draw_due(DRAW_DAY)
    drawn = province_round()
    mine, theirs = list(drawn.sites.select_related("site__organiser"))
    url = reverse("websites_sampling_round", args=[drawn.pk])
    client.force_login(ops)
    page = client.get(url).content.decode()
    assert mine.site.name in page and theirs.site.name in page and "起草通报" in page
    unit = editor(mine.site.organiser, Role.LEADER)
    client.force_login(unit)
    page = client.get(url).content.decode()
    assert mine.site.name in page and theirs.site.name not in page and "起草通报" not in page
    assert client.post(url, {"do": "recheck", "site": mine.pk}).status_code == 403
    assert client.post(url, {"do": "recheck", "site": theirs.pk}).status_code == 404
    with pytest.raises(PermissionDeniedError):
        sampling.sampled_site_comment(actor=unit, sampled=mine, comment="自己给自己写意见。")
    stranger = editor(OrganisationFactory(), Role.LEADER)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.post(url, {"do": "report", "conclusion": "不相干的单位试图起草通报。"}).status_code == 404
    assert url not in client.get(reverse("websites_sampling_rounds")).content.decode()
    refused = ["websites.sampling.commented", "websites.sampling.reported"]
    assert province_round().state == SamplingState.DRAWN and not LedgerEntry.objects.filter(action__in=refused)

"""The annual report on government information disclosure (政府信息公开工作年度报告, R8.8, 条例 第四十九条, 国办公开办函
〔2021〕30号): the figures count the unit's applications across the year's boundary (carried over, new, each outcome,
carried forward) and its items proactively disclosed in the year by kind; the report is a draft of the site's 信息公开
column whose prose the editor completes on its own screen, published through the review chain, which closes the
January to-do. Another unit neither generates nor sees it."""

import datetime as dt
import itertools
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from digigov.core.choices import Role
from digigov.core.errors import ConflictError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.tests.factories import OrganisationFactory
from digigov.websites import disclosure_report, selectors
from digigov.websites.choices import ColumnType, DisclosureMode, DisclosureState, ItemKind, RefusalBasis, ReplyType
from digigov.websites.models import DisclosureApplication, DisclosureReport
from digigov.websites.tests.factories import LibraryItemFactory, editor, open_site

pytestmark = pytest.mark.django_db

YEAR = 2025
LIBRARY = "/admin/snippets/websites/libraryitem/"
_numbers = itertools.count(1)


def at(day: str, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


def application(site, received: str, *, organisation=False, reply=None, basis="", replied=None, abandoned=None):
    """An application as its history left it: received on a day, replied or deemed withdrawn on another (or open)."""
    state = DisclosureState.REPLIED if replied else DisclosureState.ABANDONED if abandoned else DisclosureState.RECEIVED
    return DisclosureApplication.objects.create(
        site=site, unit=site.organiser, number=f"GK{next(_numbers):012d}",
        applicant_kind="organisation" if organisation else "citizen", name="张三", phone="13812345678",
        description="请公开本单位2025年度部门预算。", delivery_form="electronic", receipt_way="email",
        received_at=at(received), due_on=dt.date.fromisoformat(received) + dt.timedelta(days=28), state=state,
        reply_type=reply or "", reply_basis=basis, replied_at=at(replied) if replied else None,
        abandoned_at=at(abandoned) if abandoned else None,
    )  # fmt: skip


def act(client, item, action, data=None):
    """A step of the review chain (审核, 保密审查, 签发) on the item's current task."""
    state = item.current_workflow_state.current_task_state
    return client.post(f"{LIBRARY}workflow/action/{item.pk}/{action}/{state.pk}/", data or {})


@pytest.fixture
def site():
    return open_site(name="湖北省人民政府")


@pytest.fixture
def unit(site):
    return {
        "drafter": editor(site.organiser, Role.HANDLER),
        "reviewer": editor(site.organiser, Role.REVIEWER),
        "leader": editor(site.organiser, Role.LEADER),
    }


def test_the_applications_are_counted_across_the_years_boundary(site):
    application(site, "2024-12-22", reply=ReplyType.DISCLOSED, replied="2025-01-10")  # carried over, disclosed
    application(site, "2024-12-01", organisation=True, reply=ReplyType.DISCLOSED, replied="2024-12-20")  # not in 2025
    application(site, "2024-12-28", organisation=True)  # carried over and still open: carried forward
    application(site, "2025-03-02", reply=ReplyType.REFUSED, basis=RefusalBasis.PRIVACY, replied="2025-04-30")  # late
    application(site, "2025-06-02", abandoned="2025-07-20")  # 视为放弃申请: (六)1
    application(site, "2025-05-06", organisation=True, reply=ReplyType.NOT_OURS, replied="2025-05-20")
    application(site, "2025-12-20", organisation=True, reply=ReplyType.NOT_EXIST, replied="2026-01-05")  # forward
    application(site, "2026-01-03")  # next year's
    application(open_site(name="武汉市人民政府"), "2025-05-06")  # another unit's

    figures = disclosure_report.disclosure_figures(site.organiser, YEAR)
    rows = figures["applications"]
    assert rows["new"] == [2, 2] and rows["carried"] == [1, 1]  # [natural persons, organisations]
    assert rows["disclosed"] == [1, 0] and rows["refused_third_party"] == [1, 0] and rows["not_corrected"] == [1, 0]
    assert rows["not_held"] == [0, 1] and rows["closed"] == [3, 1] and rows["forward"] == [0, 2]
    assert [sum(pair) for pair in zip(rows["new"], rows["carried"], strict=True)] == [
        sum(pair) for pair in zip(rows["closed"], rows["forward"], strict=True)
    ]  # the format's check: 一 + 二 = 三 + 四
    assert figures["replies"] == 3 and figures["late"] == 1 and figures["overdue_open"] == 1


def test_items_proactively_disclosed_are_counted_by_kind_in_the_year_only(site):
    def item(kind, published, **extra):
        return LibraryItemFactory(owner=site.organiser, kind=kind, first_published_at=published, **extra)

    item(ItemKind.POLICY, at("2025-03-01"))
    item(ItemKind.INTERPRETATION, at("2025-12-31", 23))  # local time: still 2025
    item(ItemKind.ARTICLE, at("2025-07-01"), live=False)  # withdrawn since: it was disclosed all the same
    item(ItemKind.ARTICLE, at("2026-01-01", 0))
    item(ItemKind.ARTICLE, at("2024-12-31", 23))
    item(ItemKind.POLICY, at("2025-05-01"), disclosure_mode=DisclosureMode.ON_REQUEST)
    LibraryItemFactory(owner=OrganisationFactory(), kind=ItemKind.POLICY, first_published_at=at("2025-05-01"))

    figures = disclosure_report.disclosure_figures(site.organiser, YEAR)
    assert figures["published"] == {ItemKind.POLICY: 1, ItemKind.INTERPRETATION: 1, ItemKind.ARTICLE: 1}


def test_the_draft_goes_through_review_and_its_publication_closes_the_to_do(client, site, unit):
    today = timezone.localdate()
    year = today.year - 1
    assert disclosure_report.disclosure_report_reminders(dt.date(today.year, 1, 4)) == 0
    assert disclosure_report.disclosure_report_reminders(dt.date(today.year, 1, 5)) == 1
    assert disclosure_report.disclosure_report_reminders(dt.date(today.year, 1, 6)) == 0  # one to-do, not one a day
    todo = InboxItem.objects.get(kind=disclosure_report.INBOX_KIND)
    assert todo.assignee_org == site.organiser and todo.deadline == dt.date(today.year, 1, 31)

    client.force_login(unit["drafter"])
    response = client.post(reverse("websites_disclosure_reports"), {"site": site.pk, "year": year})
    report = DisclosureReport.objects.get()
    assert response.url == reverse("websites_disclosure_report", args=[report.pk])
    assert not report.item.live and report.item.placements.get().column.column_type == ColumnType.DISCLOSURE
    generated = LedgerEntry.objects.get(action="websites.disclosure_report.generated")
    assert generated.actor_id == unit["drafter"].pk and "政府信息公开工作年度报告" in generated.summary

    texts = disclosure_report.section_texts(report)
    problems = texts["problems"] + "\n明年将加强答复文书的规范化建设。"
    client.post(reverse("websites_disclosure_report", args=[report.pk]), {**texts, "problems": problems})
    report.refresh_from_db()
    assert report.problems == problems and report.overview == ""  # an untouched section follows the figures
    assert "明年将加强答复文书的规范化建设。" in report.item.body

    edit = f"{LIBRARY}edit/{report.item.pk}/"
    assert "一、本年新收政府信息公开申请数量" in client.get(edit).content.decode()  # the tables, not an editor
    flattened = json.dumps({"blocks": [{"key": "a", "text": "一、总体情况"}], "entityMap": {}})  # what Draftail posts
    submitted = {"kind": "article", "owner": site.organiser.pk, "title": report.item.title, "summary": "",
                 "body": flattened, "source": "", "topic": "general", "action-submit": "1"}  # fmt: skip
    assert client.post(edit, submitted).status_code == 302
    item = report.item
    item.refresh_from_db()
    assert "<table>" in item.body, "the rich-text editor does not flatten the tables"
    with pytest.raises(ConflictError):
        disclosure_report.disclosure_report_generate(actor=unit["drafter"], site=site, year=year)  # in review

    client.force_login(unit["reviewer"])
    act(client, item, "approve")
    item.refresh_from_db()
    act(client, item, "approve", {"comment": "经审查，年度报告不涉及国家秘密和工作秘密，可以公开。"})
    client.force_login(unit["leader"])
    act(client, item, "approve")
    item.refresh_from_db()
    todo.refresh_from_db()
    assert item.live and todo.done_at is not None
    assert LedgerEntry.objects.filter(action="websites.disclosure_report.published").exists()
    page = client.get(selectors.item_address(item), HTTP_HOST=site.site.hostname).content.decode()
    assert "三、收到和处理政府信息公开申请情况" in page and "明年将加强答复文书的规范化建设。" in page
    assert disclosure_report.disclosure_report_reminders(dt.date(today.year, 1, 7)) == 0
    with pytest.raises(ConflictError):
        disclosure_report.disclosure_report_generate(actor=unit["drafter"], site=site, year=year)


def test_another_unit_can_neither_generate_nor_see_the_report(client, site, unit):
    stranger = editor(open_site(name="武汉市人民政府").organiser, Role.LEADER)
    with pytest.raises(PermissionDeniedError):
        disclosure_report.disclosure_report_generate(actor=stranger, site=site, year=YEAR)
    report = disclosure_report.disclosure_report_generate(actor=unit["drafter"], site=site, year=YEAR)

    client.force_login(stranger)
    assert site.name not in client.get(reverse("websites_disclosure_reports")).content.decode()
    refused = client.post(reverse("websites_disclosure_reports"), {"site": site.pk, "year": YEAR})
    assert refused.status_code == 200 and DisclosureReport.objects.count() == 1
    screen = reverse("websites_disclosure_report", args=[report.pk])
    assert client.get(screen).status_code == 404
    assert client.post(screen, {"overview": "改写", "problems": "", "other": ""}).status_code == 404
    assert client.get(f"{LIBRARY}edit/{report.item.pk}/").status_code == 403
    assert LedgerEntry.objects.filter(action="websites.disclosure_report.generated").count() == 1

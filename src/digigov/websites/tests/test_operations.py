"""Operations of the sites (R8.6): the duty roster is planned by the unit's leaders with the unit's own staff; each
morning the person on duty gets the day's inspection (读网) as a to-do, the unit's staff when nobody is planned; the
inspection lists what the site's data shows wrong and takes a verdict on each manual check; the annual report is
generated from the site's data, reminded from early January, closed by its publication and linked from the home
page; the scorecard ranks the sites. Another unit sees and does none of it (404/403)."""

import datetime as dt

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from digigov.core import periodic
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.tests.factories import OrganisationFactory
from digigov.websites import messages, operations
from digigov.websites.choices import ColumnType, WordSeverity
from digigov.websites.models import DutyShift, Inspection, Message, SensitiveWord
from digigov.websites.tests.factories import (
    LibraryItemFactory,
    column,
    editor,
    open_site,
    place,
    platform_admin,
    solicitation,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 3)  # a Thursday
ALL_OK = {key: ("ok", "") for key in operations.MANUAL_KEYS}


@pytest.fixture
def site():
    return open_site(name="湖北省人民政府")


@pytest.fixture
def leader(site):
    return editor(site.organiser, Role.LEADER)


@pytest.fixture
def clerk(site):
    return editor(site.organiser, Role.HANDLER)


@pytest.fixture
def stranger():
    other = open_site(name="武汉市人民政府")
    return editor(other.organiser, Role.LEADER)


def fresh(site, day=TODAY):
    """Entries in every column with an update rule, so that only what a test adds is found."""
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    for column_type in (ColumnType.NEWS, ColumnType.NOTICES, ColumnType.POLICIES):
        place(LibraryItemFactory(owner=site.organiser), column(site, column_type), at=when)


# -- the roster ---------------------------------------------------------------------------------------------------


def test_a_leader_plans_the_month_with_the_units_own_staff(site, leader, clerk):
    planned = operations.roster_set(
        actor=leader, site=site, year=2026, month=12, people={TODAY: clerk.pk, TODAY + dt.timedelta(days=1): leader.pk}
    )
    assert planned == 2 and DutyShift.objects.get(site=site, day=TODAY).person == clerk
    operations.roster_set(actor=leader, site=site, year=2026, month=12, people={TODAY: None})
    assert not DutyShift.objects.filter(site=site, day=TODAY).exists()
    assert LedgerEntry.objects.filter(action="websites.roster.planned").count() == 2


def test_only_the_units_staff_may_be_on_duty_and_only_its_leaders_plan(site, leader, clerk, stranger):
    with pytest.raises(DomainError) as refused:
        operations.roster_set(actor=leader, site=site, year=2026, month=12, people={TODAY: stranger.pk})
    assert "day_3" in refused.value.fields and not DutyShift.objects.exists()
    for actor in (clerk, stranger):
        with pytest.raises(PermissionDeniedError):
            operations.roster_set(actor=actor, site=site, year=2026, month=12, people={TODAY: clerk.pk})


def test_the_roster_screen_saves_and_refuses_another_unit(client, site, leader, clerk, stranger):
    client.force_login(leader)
    url = f"{reverse('websites_roster')}?site={site.pk}&month=2026-12"
    assert client.get(url).status_code == 200
    response = client.post(url, {"day_3": str(clerk.pk), "day_4": str(stranger.pk)})
    assert response.status_code == 200 and "error-message" in response.content.decode()  # at the field
    assert not DutyShift.objects.exists()
    response = client.post(url, {"day_3": str(clerk.pk)})
    assert response.status_code == 302 and DutyShift.objects.get().person == clerk
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.post(url, {"day_3": str(stranger.pk)}).status_code == 404
    client.force_login(clerk)
    assert client.get(url).status_code == 403


# -- the daily inspection -----------------------------------------------------------------------------------------


def test_the_morning_job_gives_the_person_on_duty_a_to_do_due_the_same_day(site, leader, clerk):
    fresh(site)
    operations.roster_set(actor=leader, site=site, year=2026, month=12, people={TODAY: clerk.pk})
    assert operations.open_inspections(TODAY) == 1
    assert operations.open_inspections(TODAY) == 0  # once a day
    inspection = Inspection.objects.get(site=site, day=TODAY)
    todo = InboxItem.objects.get(kind=operations.INSPECTION_KIND)
    assert todo.assignee_user == clerk and todo.deadline == TODAY and "读网" in todo.title
    assert inspection.on_duty == clerk and inspection.findings == []


def test_a_roster_change_after_the_morning_job_hands_the_open_inspection_over(site, leader, clerk):
    fresh(site)
    operations.roster_set(actor=leader, site=site, year=2026, month=12, people={TODAY: clerk.pk})
    operations.open_inspections(TODAY)
    operations.roster_set(actor=leader, site=site, year=2026, month=12, people={TODAY: leader.pk})
    todo = InboxItem.objects.get(kind=operations.INSPECTION_KIND, done_at__isnull=True)
    assert todo.assignee_user == leader and Inspection.objects.get().on_duty == leader
    assert LedgerEntry.objects.filter(action="websites.inspection.opened").count() == 1


def test_both_jobs_run_each_morning_as_tasks(site):
    fresh(site, timezone.localdate())
    assert periodic.REGISTRY["websites.open_inspections"].task.call() == 1  # the job as the scheduler enqueues it
    assert "websites.annual_report_reminders" in periodic.REGISTRY


def test_nobody_on_duty_sends_the_to_do_to_the_unit_and_says_so(site):
    fresh(site)
    operations.open_inspections(TODAY)
    todo = InboxItem.objects.get(kind=operations.INSPECTION_KIND)
    assert todo.assignee_user is None and todo.assignee_org == site.organiser and "无人值班" in todo.title


def test_findings_come_from_the_sites_own_data(site):
    fresh(site, TODAY - dt.timedelta(days=20))  # news stale after 14 days; notices and policies not (6 months)
    letter = messages.message_send(site=site, kind="consultation", title="社保咨询", body="请问灵活就业怎么参保缴费？",
                                   name="张三", phone="13812345678", public=False)  # fmt: skip
    Message.objects.filter(pk=letter.pk).update(due_on=TODAY - dt.timedelta(days=1))
    report = messages.correction_send(
        site=site, category="typo", page_url="/news/", body="标题里有一个错别字需要改正。", name="李四",
        phone="13912345678",
    )  # fmt: skip
    Message.objects.filter(pk=report.pk).update(due_on=TODAY)
    SensitiveWord.objects.create(word="湖北省政府办公厅厅长", severity=WordSeverity.SEVERE)
    bad = LibraryItemFactory(owner=site.organiser, title="湖北省政府办公厅厅长调研")
    place(bad, column(site, ColumnType.NOTICES))
    page = solicitation(site)
    type(page).objects.filter(pk=page.pk).update(closes_on=TODAY - dt.timedelta(days=2))
    checks = [f["check"] for f in operations.inspection_findings(site, TODAY)]
    assert checks == ["stale_column", "letter", "correction", "severe_word", "solicitation"]
    findings = operations.inspection_findings(site, TODAY)
    assert "要闻" in findings[0]["label"] or column(site).title in findings[0]["label"]
    assert "逾期" in findings[1]["detail"] and "今天" in findings[2]["detail"]


def test_the_person_on_duty_submits_the_checks_and_the_to_do_closes(site, leader, clerk):
    fresh(site)
    operations.roster_set(actor=leader, site=site, year=2026, month=12, people={TODAY: clerk.pk})
    operations.open_inspections(TODAY)
    inspection = Inspection.objects.get()
    answers = {**ALL_OK, "links": ("problem", "")}
    with pytest.raises(DomainError) as refused:
        operations.inspection_submit(actor=clerk, inspection=inspection, answers=answers)
    assert "note_links" in refused.value.fields
    answers["links"] = ("problem", "政策文件栏目第3页附件无法下载")
    operations.inspection_submit(actor=clerk, inspection=inspection, answers=answers)
    inspection.refresh_from_db()
    assert inspection.inspected_by == clerk and inspection.problems == 1 and inspection.answers[1]["note"]
    assert InboxItem.objects.get(kind=operations.INSPECTION_KIND).done_at is not None
    assert LedgerEntry.objects.filter(action="websites.inspection.submitted").exists()
    with pytest.raises(ConflictError):
        operations.inspection_submit(actor=clerk, inspection=inspection, answers=ALL_OK)


def test_the_inspection_screens_are_the_units_alone(client, site, leader, clerk, stranger):
    fresh(site)
    operations.roster_set(actor=leader, site=site, year=2026, month=12, people={TODAY: clerk.pk})
    operations.open_inspections(TODAY)
    inspection = Inspection.objects.get(site=site)
    url = reverse("websites_inspection", args=[inspection.pk])
    form = {f"check_{key}": "ok" for key in operations.MANUAL_KEYS}
    client.force_login(stranger)
    assert client.get(url).status_code == 404 and client.post(url, form).status_code == 404
    assert site.name not in client.get(reverse("websites_inspections")).content.decode()
    colleague = editor(site.organiser, Role.HANDLER)
    client.force_login(colleague)
    assert client.get(url).status_code == 200 and client.post(url, form).status_code == 403
    client.force_login(clerk)
    response = client.post(url, {**form, "check_home": ""})
    assert response.status_code == 200 and "请选择" in response.content.decode()
    assert client.post(url, form).status_code == 302
    assert "已完成" in client.get(f"{reverse('websites_inspections')}?site={site.pk}").content.decode()


# -- the annual report --------------------------------------------------------------------------------------------


def test_the_report_is_generated_from_the_sites_data_as_a_draft_in_its_disclosure_column(site, clerk):
    fresh(site, dt.date(2025, 6, 1))
    messages.message_send(site=site, kind="consultation", title="社保咨询", body="请问灵活就业怎么参保缴费？",
                          name="张三", phone="13812345678", public=False)  # fmt: skip
    report = operations.annual_report_generate(actor=clerk, site=site, year=2025, today=TODAY)
    figures = dict(report.figures)
    assert figures["网站标识码"] == site.site_code and figures["本年度发布信息数"] == "3"
    assert figures["访问量"] == "—" and figures["收到来信"] == "0"  # the letter came in 2026
    assert not report.item.live and report.item.placements.get().column.column_type == ColumnType.DISCLOSURE
    again = operations.annual_report_generate(actor=clerk, site=site, year=2025, today=TODAY)
    assert again.pk == report.pk  # a draft is regenerated, not duplicated
    with pytest.raises(DomainError) as refused:
        operations.annual_report_generate(actor=clerk, site=site, year=2026, today=TODAY)
    assert "year" in refused.value.fields


def test_the_reminder_runs_from_the_rules_day_and_publication_closes_it(client, site, clerk):
    assert operations.annual_report_reminders(dt.date(2027, 1, 4)) == 0
    assert operations.annual_report_reminders(dt.date(2027, 1, 5)) == 1
    assert operations.annual_report_reminders(dt.date(2027, 1, 6)) == 0  # one to-do, not one a day
    todo = InboxItem.objects.get(kind=operations.ANNUAL_REPORT_KIND)
    assert todo.assignee_org == site.organiser and todo.deadline == dt.date(2027, 1, 31) and "2026" in todo.title
    report = operations.annual_report_generate(actor=clerk, site=site, year=2026, today=dt.date(2027, 1, 5))
    report.item.save_revision(user=clerk).publish()
    todo.refresh_from_db()
    assert todo.done_at is not None
    assert LedgerEntry.objects.filter(action="websites.annual_report.published").exists()
    home = client.get("/", HTTP_HOST=site.site.hostname).content.decode()
    assert "政府网站工作年度报表" in home and f"/{report.item_id}/" in home
    assert operations.annual_report_reminders(dt.date(2027, 1, 7)) == 0


def test_another_unit_cannot_generate_or_see_a_sites_report(client, site, clerk, stranger):
    with pytest.raises(PermissionDeniedError):
        operations.annual_report_generate(actor=stranger, site=site, year=2025, today=TODAY)
    operations.annual_report_generate(actor=clerk, site=site, year=2025, today=TODAY)
    client.force_login(stranger)
    page = client.get(reverse("websites_annual_reports")).content.decode()
    assert site.name not in page
    response = client.post(reverse("websites_annual_reports"), {"site": site.pk, "year": 2025})
    assert response.status_code == 200 and "websites.annual_report.generated" not in page
    assert LedgerEntry.objects.filter(action="websites.annual_report.generated").count() == 1


# -- the scorecard ------------------------------------------------------------------------------------------------


def test_the_scorecard_ranks_the_sites_and_exports_them(client, site, leader, clerk, stranger):
    fresh(site, TODAY)
    SensitiveWord.objects.create(word="湖北省政府办公厅厅长", severity=WordSeverity.SEVERE)
    other = operations.scorecard_sites(stranger).get()
    place(LibraryItemFactory(owner=other.organiser, title="湖北省政府办公厅厅长调研"), column(other))
    operator = platform_admin()
    scores = operations.scorecard(operator, 2026, today=TODAY)
    assert [s.rank for s in scores] == [1, 2] and scores[0].site == site
    assert scores[0].indicators["annual_report"] == 0 and scores[1].indicators["words"] == 100 - operations.WORD_PENALTY
    assert 0 <= scores[1].total < scores[0].total <= 100
    assert sum(operations.SCORE_WEIGHTS.values()) == 100
    assert [s.site for s in operations.scorecard(leader, 2026, today=TODAY)] == [site]  # its own sites only
    client.force_login(operator)
    assert client.get(reverse("websites_scorecard")).status_code == 200
    response = client.get(f"{reverse('websites_scorecard')}?year=2026&format=xlsx")
    sheet = openpyxl.load_workbook(__import__("io").BytesIO(response.content)).active
    assert sheet.cell(1, 1).value == "排名" and sheet.max_row == 3
    client.force_login(stranger)
    assert site.name not in client.get(reverse("websites_scorecard")).content.decode()
    client.force_login(editor(OrganisationFactory(), Role.HANDLER))
    assert client.get(reverse("websites_scorecard")).status_code == 200


def test_the_scorecard_counts_inspections_on_working_days(site, leader, clerk):
    type(site).objects.filter(pk=site.pk).update(created_at=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC))
    site.refresh_from_db()
    for day in (dt.date(2026, 12, 1), dt.date(2026, 12, 2)):
        operations.roster_set(actor=leader, site=site, year=2026, month=12, people={day: clerk.pk})
        inspection = operations.inspection_open(site, day)
        operations.inspection_submit(actor=clerk, inspection=inspection, answers=ALL_OK)
    score = operations.site_score(site, 2026, TODAY)
    assert score.details["inspections"] == "2/4"  # scored from the site's opening, Monday 30 November

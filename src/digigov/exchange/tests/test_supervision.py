"""Sharing supervision (R1.10): figures per department and overall, and the annual report in Excel and PDF."""

import datetime as dt
import io
import re
import zlib

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from digigov.catalog.tests.factories import ResourceFactory
from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.exchange import reports
from digigov.exchange.choices import ApplicationStatus, CallStatus, ErrorReportStatus, ServiceKind, ServiceStatus
from digigov.exchange.models import DataService, ErrorReport, GatewayCall, ShareApplication
from digigov.exchange.sharing_figures import sharing_figures
from digigov.exchange.tests.factories import SystemClientFactory

pytestmark = pytest.mark.django_db
YEAR = 2026
TODAY = dt.date(2026, 11, 23)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@pytest.fixture
def province():
    """A provider (公安厅) with three published resources, one mounted, and a consumer (人社厅) using them."""
    provider = OrganisationFactory(name="省公安厅")
    consumer = OrganisationFactory(name="省人社厅")
    idle = OrganisationFactory(name="省文旅厅")
    operator = OrganisationFactory(name="省政务办", is_platform_operator=True)
    resources = [ResourceFactory(provider=provider) for _ in range(3)]
    resources[0].mounted_at = timezone.now()
    resources[0].save()
    system = SystemClientFactory(name="社保系统", organisation=consumer)

    def application(n, status, deadline, decided=None, submitted=dt.date(2026, 3, 2)):
        app = ShareApplication.objects.create(
            number=f"GX{n}",
            consumer=consumer,
            resource=resources[0],
            purpose="社保待遇资格认证",
            legal_basis="《社会保险法》",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
            system=system,
            status=status,
            deadline=deadline,
            decided_at=at(decided) if decided else None,
        )
        ShareApplication.objects.filter(pk=app.pk).update(submitted_at=at(submitted))
        return app

    application(1, ApplicationStatus.GRANTED, dt.date(2026, 3, 16), decided=dt.date(2026, 3, 10))  # on time
    application(2, ApplicationStatus.REFUSED, dt.date(2026, 3, 16), decided=dt.date(2026, 3, 20))  # late
    application(3, ApplicationStatus.GRANTED, None, decided=dt.date(2026, 3, 2))  # unconditional: at once
    application(4, ApplicationStatus.PROVIDER_REVIEW, dt.date(2026, 11, 2), submitted=dt.date(2026, 10, 19))
    application(5, ApplicationStatus.GRANTED, None, decided=dt.date(2025, 6, 1), submitted=dt.date(2025, 6, 1))

    def call(status, day=dt.date(2026, 5, 6)):
        GatewayCall.objects.create(
            at=at(day),
            consumer=consumer,
            system=system,
            provider=provider,
            resource=resources[0],
            status=status,
            latency_ms=3.0,
        )

    for _ in range(3):
        call(CallStatus.OK)
    call(CallStatus.REFUSED)
    call(CallStatus.OK, day=dt.date(2025, 12, 31))  # another year

    for number, status in [("JC1", ErrorReportStatus.CORRECTED), ("JC2", ErrorReportStatus.SUBMITTED)]:
        ErrorReport.objects.create(
            number=number,
            reporter=consumer,
            resource=resources[0],
            record_key="420102199001011234",
            item=resources[0].items.create(name=f"住址{number}", identifier=f"addr{number}", data_type="C"),
            claimed_value="武汉市江岸区",
            evidence="户籍证明",
            deadline=dt.date(2026, 12, 1),
            status=status,
        )
    DataService.objects.create(
        provider=provider,
        name="人口库接口",
        kind=ServiceKind.UPSTREAM_API,
        endpoint="http://10.0.0.1/api",
        status=ServiceStatus.INTERRUPTED,
    )
    return provider, consumer, idle, operator


def figures_of(rows, org):
    return next(row for row in rows if row.organisation == org)


def test_the_operator_sees_every_department_and_the_totals(province):
    provider, consumer, idle, operator = province
    rows, total = sharing_figures(
        actor=staff(Role.HANDLER, operator), start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), today=TODAY
    )
    p = figures_of(rows, provider)
    assert (p.resources_published, p.resources_mounted) == (3, 1)
    assert round(p.mount_rate, 1) == 33.3
    assert (p.applications_received, p.applications_answered, p.answered_on_time) == (4, 3, 2)
    assert p.overdue_open == 1
    assert (p.calls_served, p.errors_reported, p.errors_corrected, p.errors_open) == (3, 2, 1, 1)
    assert p.services_interrupted == 1
    c = figures_of(rows, consumer)
    assert (c.applications_made, c.calls_made, c.calls_refused) == (4, 4, 1)
    assert figures_of(rows, idle).resources_published == 0, "a department with nothing is listed, not hidden"
    assert total.applications_received == 4 and total.calls_served == 3


def test_a_department_sees_only_its_own_figures(province):
    provider, consumer, _idle, _operator = province
    rows, _total = sharing_figures(
        actor=staff(Role.HANDLER, consumer), start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), today=TODAY
    )
    assert [row.organisation for row in rows] == [consumer]


def test_the_annual_report_exports_to_excel_with_chinese_headers(province):
    provider, _consumer, _idle, operator = province
    content = reports.annual_xlsx(actor=staff(Role.HANDLER, operator), year=YEAR)
    sheet = load_workbook(io.BytesIO(content)).active
    assert "2026" in sheet["A1"].value and "数据共享" in sheet["A1"].value
    header = [cell.value for cell in sheet[3]]
    assert header[:4] == ["部门", "已发布资源", "已挂接资源", "挂接率（%）"]
    by_name = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert by_name["省公安厅"][1:4] == (3, 1, 33.3)
    assert by_name["合计"][header.index("被调用次数")] == 3


def test_the_annual_report_renders_a_pdf_in_a_chinese_font(province):
    _provider, _consumer, _idle, operator = province
    pdf = reports.annual_pdf(actor=staff(Role.HANDLER, operator), year=YEAR)
    assert pdf.startswith(b"%PDF")
    assert any(b"CJK-SC" in name for name in embedded_fonts(pdf)), "a CJK font is embedded, so Chinese renders"


def embedded_fonts(pdf: bytes) -> set[bytes]:
    """Base font names of a PDF, including those inside compressed object streams."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # not a Flate stream (images, fonts)
    return {name for chunk in chunks for name in re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", chunk)}


def test_the_supervision_api_gives_the_operator_all_and_a_department_its_own(province, client):
    provider, consumer, _idle, operator = province
    client.force_login(staff(Role.HANDLER, operator))
    body = client.get("/api/v1/exchange/supervision", {"year": YEAR}).json()
    by_name = {row["organisation"]: row for row in body["departments"]}
    assert body["mount_rate_target"] == 90
    assert by_name["省公安厅"]["resources_published"] == 3 and by_name["省公安厅"]["calls_served"] == 3
    assert body["total"]["organisation"] == "合计" and body["total"]["applications_received"] == 4

    client.force_login(staff(Role.HANDLER, consumer))
    body = client.get("/api/v1/exchange/supervision", {"year": YEAR}).json()
    assert [row["organisation"] for row in body["departments"]] == ["省人社厅"], "another department stays hidden"


def test_the_supervision_screen_generates_the_report_as_a_background_job(
    province, client, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group, Permission

    from digigov.core.models import BackgroundJob, LedgerEntry

    _provider, _consumer, _idle, operator = province
    user = staff(Role.HANDLER, operator)
    group, _ = Group.objects.get_or_create(name="staff")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    page = client.get("/admin/exchange/supervision/", {"year": YEAR}).content.decode()
    assert "共享监测" in page and "省公安厅" in page and "33.3" in page and "生成 Excel 报告" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/exchange/supervision/report/", {"year": YEAR, "format": "xlsx"})
    job = BackgroundJob.objects.get(owner=user)
    assert response.status_code == 302 and response["Location"] == f"/admin/jobs/{job.pk}/"
    assert job.label == f"{YEAR} 年度数据共享情况报告（XLSX）" and job.status == "done"
    page = client.get(response["Location"]).content.decode()
    assert f"{YEAR} 年度数据共享情况报告已生成。" in page and ".xlsx" in page
    download = client.get(f"/admin/jobs/{job.pk}/file")
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "省公安厅" in [row[0] for row in book.active.iter_rows(values_only=True)]
    assert LedgerEntry.objects.filter(action="exchange.report.downloaded", actor_id=user.pk).count() == 1
    assert client.post("/admin/exchange/supervision/report/", {"year": YEAR, "format": "doc"}).status_code == 404
    assert client.get("/admin/exchange/supervision/report/").status_code == 405


def admin_client_of(client, user):
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(user)
    return client


def test_the_screens_call_totals_agree_and_explain_the_refused_calls(province, client):
    """被调用 13 against 调用 14 (issue #8 B9): every call is made by one department, only an answered one is served;
    the screen lists the calls not answered between the two, and a unit's calls count for its department."""
    provider, consumer, _idle, operator = province
    unit = OrganisationFactory(name="省人社厅信息中心", parent=consumer)
    system = SystemClientFactory(name="就业系统", organisation=unit)
    GatewayCall.objects.create(
        at=at(dt.date(2026, 5, 7)),
        consumer=unit,
        system=system,
        provider=provider,
        status=CallStatus.OK,
        latency_ms=2.0,
    )
    page = admin_client_of(client, staff(Role.HANDLER, operator)).get("/admin/exchange/supervision/", {"year": YEAR})
    html = page.content.decode()

    def total(name):
        return int(re.search(rf'data-testid="total-calls-{name}">(\d+)<', html).group(1))

    assert (total("made"), total("refused"), total("served")) == (5, 1, 4)
    assert total("made") == total("refused") + total("served")
    assert "调用次数 = 其中未成功 + 被调用次数" in html
    headers = re.findall(r"<th>([^<]+)</th>", html)
    assert headers.index("调用次数") + 1 == headers.index("其中未成功") == headers.index("被调用次数") - 1


def pdf_pages_and_titles(pdf: bytes) -> tuple[int, list[str]]:
    """The page count and the outline's titles (UTF-16 hex strings) of a WeasyPrint PDF."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    text = b"".join(chunks)
    pages = int(re.search(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", text).group(1))
    titles = [bytes.fromhex(h.decode()).decode("utf-16") for h in re.findall(rb"/Title\s*<([0-9a-fA-F]+)>", text)]
    return pages, titles


def test_the_annual_report_names_the_province_and_leaves_no_near_empty_page(province):
    """A province of 14 departments, as in the demo, fits on one A4 landscape page with its findings."""
    _provider, _consumer, _idle, operator = province
    for n in range(10):
        OrganisationFactory(name=f"湖北省示例厅局{n}号人力资源和社会保障管理局")
    actor = staff(Role.HANDLER, operator)
    sheet = load_workbook(io.BytesIO(reports.annual_xlsx(actor=actor, year=YEAR))).active
    assert sheet["A1"].value == "湖北省2026年度数据共享情况报告"
    pages, titles = pdf_pages_and_titles(reports.annual_pdf(actor=actor, year=YEAR))
    assert "湖北省2026年度数据共享情况报告" in titles
    assert pages == 1


def test_a_national_installation_titles_the_report_with_the_platform_name(province, settings):
    from digigov.core.tests.factories import DivisionFactory

    DivisionFactory(code="110000", name="北京市")
    settings.WAGTAIL_SITE_NAME = "全国一体化政务服务平台"
    assert reports.report_title(YEAR) == "全国一体化政务服务平台2026年度数据共享情况报告"


def test_the_annual_report_writes_formula_like_department_names_as_text(
    province, client, django_capture_on_commit_callbacks
):
    """A department named =cmd|' /C calc'!A0 (or +…, -…) is a name in the Excel report, never a formula (R0.5)."""
    from django.contrib.auth.models import Permission

    from digigov.core.models import BackgroundJob, Organisation
    from digigov.core.tests.exports import ATTACKS, assert_xlsx_keeps_as_text

    provider, consumer, idle, operator = province
    for org, name in zip((provider, consumer, idle), ATTACKS, strict=False):
        Organisation.objects.filter(pk=org.pk).update(name=name)
    user = staff(Role.HANDLER, operator)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/exchange/supervision/report/", {"year": YEAR, "format": "xlsx"})
    job = BackgroundJob.objects.get(owner=user)
    content = b"".join(client.get(f"/admin/jobs/{job.pk}/file").streaming_content)
    assert_xlsx_keeps_as_text(content, ATTACKS[:3])

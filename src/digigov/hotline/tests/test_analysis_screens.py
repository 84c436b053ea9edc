"""12345 数据分析 through the test client (R5.1; issue 13 items 8, 9): the screen for supervisors (not agents nor
departments), the period chooser's Chinese messages, the weekly report as Excel (read with openpyxl) and PDF (read
with pypdf), the ticket export with callers masked and in the ledger, and the JSON feed for dashboards."""

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from digigov.core.models import BackgroundJob, LedgerEntry
from digigov.hotline.tests.analysis_data import known
from digigov.hotline.tests.factories import ID_NUMBER, ticket
from digigov.hotline.tests.test_routes import system_key

pytestmark = pytest.mark.django_db


def test_supervisors_see_the_analysis_others_are_refused(client):
    k = known()
    client.force_login(k.s.supervisor)
    page = client.get(reverse("hotline_analysis"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="hotline-map-data"' in html and 'id="analysis-data"' in html
    assert 'data-rate="on_time"><span>按时办结率</span><strong>75.0%</strong>' in html
    assert "<strong>66.7%</strong>" in html and "<strong>25.0%</strong>" in html
    assert page.context["heat"].regions[0].value == 5  # 武汉市
    assert [r.name for r in page.context["ranking"]] == ["武汉市住房和城市更新局", "江岸区城市管理执法局"]
    assert "12345数据分析" in html  # the page title, also in the menu
    for refused in (k.s.agent, k.s.handler):
        client.force_login(refused)
        assert client.get(reverse("hotline_analysis")).status_code == 403
        assert client.get(reverse("hotline_weekly_report"), {"week": "2026-11-30"}).status_code == 403


def test_the_period_chooser_and_its_messages(client):
    k = known()
    client.force_login(k.s.supervisor)
    today = timezone.localdate()
    page = client.get(reverse("hotline_analysis"), {"period": "custom", "start": "", "end": ""})
    assert "请填写统计期的第一天。" in page.content.decode() and "请填写统计期的最后一天。" in page.content.decode()
    page = client.get(
        reverse("hotline_analysis"), {"period": "custom", "start": today.isoformat(), "end": "2020-01-01"}
    )
    assert "最后一天早于第一天。" in page.content.decode()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    page = client.get(reverse("hotline_analysis"), {"period": "custom", "start": "2026-01-01", "end": tomorrow})
    assert "统计期不能晚于今天。" in page.content.decode()
    page = client.get(reverse("hotline_analysis"), {"period": "last_month"})
    assert page.context["spots"].total == 0  # everything happened this month
    page = client.get(reverse("hotline_analysis"), {"period": "year", "kind": "complaint"})
    assert page.context["spots"].total == 3 and page.context["trend"].unit == "month"


def this_monday():
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


def test_weekly_report_as_excel_and_pdf(client):
    k = known()
    client.force_login(k.s.supervisor)
    monday = this_monday()
    response = client.get(reverse("hotline_weekly_report"), {"week": monday.isoformat(), "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0].startswith("12345热线周报")
    assert ["按时办结率", "75.0%", "—", "—"] in rows  # the week before has nothing closed
    assert ["登记工单", "5", "0", "+5"] in rows
    assert ["住房保障", 1] in rows and ["武汉市", 5] in rows
    assert any(row and row[0] == k.tickets["t5"].number for row in rows)  # overdue now
    assert ["江岸区城市管理执法局", "0.0%", 1, 1, 0] in rows  # rated lowest
    response = client.get(reverse("hotline_weekly_report"), {"week": monday.isoformat(), "format": "pdf"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("12345热线周报", "按时办结率", "75.0%", "江岸区城市管理执法局", k.tickets["t5"].number, "武汉市"):
        assert expected in text.replace(" ", ""), expected
    assert LedgerEntry.objects.filter(action="hotline.report.downloaded").count() == 2


def test_a_bad_week_comes_back_with_its_message(client):
    k = known()
    client.force_login(k.s.supervisor)
    response = client.get(reverse("hotline_weekly_report"), {"week": "", "format": "pdf"})
    assert response.status_code == 400 and "此项为必填项。" in response.content.decode()
    later = (timezone.localdate() + dt.timedelta(days=8)).isoformat()
    response = client.get(reverse("hotline_weekly_report"), {"week": later, "format": "xlsx"})
    assert response.status_code == 400 and "这一周还没有开始。" in response.content.decode()


def test_the_ticket_export_masks_callers_and_is_in_the_ledger(client, django_capture_on_commit_callbacks):
    k = known()
    ticket(k.s, caller_phone="13812345678", caller_id_number=ID_NUMBER, content='=HYPERLINK("x")')
    client.force_login(k.s.agent)
    listing = client.get(reverse("hotline_tickets"), {"kind": "complaint"})
    assert 'action="/admin/hotline/tickets/export/?kind=complaint"' in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the job runs when the request's transaction commits
        started = client.post(reverse("hotline_ticket_export") + "?kind=complaint")
    job = BackgroundJob.objects.get()
    assert started.status_code == 302 and started["Location"] == job.get_absolute_url()
    state = client.get(f"/admin/jobs/{job.pk}/status.json").json()
    assert state["status"] == "done" and "已导出 4 件工单" in state["message"]
    data = b"".join(client.get(state["file_url"]).streaming_content)
    assert b"13812345678" not in data
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][5:7] == ("来电号码", "来电人身份证号码")
    assert len(rows) == 1 + 4  # t1, t4, t5 and the new complaint; not the other centre's
    newest = rows[1]
    assert newest[5] == "138****5678" and newest[6] == "1101**********002X"
    assert ID_NUMBER not in {cell for row in rows for cell in row}
    assert newest[9] == '=HYPERLINK("x")' and sheet.cell(row=2, column=10).data_type == "s"  # text, not a formula
    entry = LedgerEntry.objects.get(action="hotline.tickets.exported")
    after = json.loads(entry.summary)["after"]
    assert after["count"] == 4 and after["kind"] == "complaint"
    assert client.get(reverse("hotline_ticket_export"))["Location"] == reverse("hotline_tickets")  # a POST starts it
    client.force_login(k.s.handler)  # a department does not export the centre's list
    assert client.post(reverse("hotline_ticket_export")).status_code == 403


def test_the_feed_for_dashboards(client):
    k = known()
    today = timezone.localdate()
    start = (today - dt.timedelta(days=6)).isoformat()
    client.force_login(k.s.agent)
    response = client.get("/api/v1/hotline/figures", {"from": start, "to": today.isoformat()})
    assert response.status_code == 200
    body = response.json()
    assert body["from"] == start and body["totals"]["registered"] == 5
    assert body["rates"] == {"on_time": 75.0, "satisfaction": 66.7, "reopen": 25.0, "answered_at_once": 0.0}
    assert body["top_categories"][0] == {"code": "", "name": "未分类", "count": 4}
    assert {"code": "420100", "name": "武汉市", "count": 5} in body["divisions"]
    bad = client.get("/api/v1/hotline/figures", {"from": today.isoformat(), "to": start})
    assert bad.status_code == 400 and bad.json()["errors"] == [{"field": "to", "message": "最后一天早于第一天。"}]
    assert client.get("/api/v1/hotline/figures", {"from": "someday"}).status_code in (400, 422)
    client.force_login(k.s.handler)
    assert client.get("/api/v1/hotline/figures").status_code == 403
    client.logout()
    key = system_key(k.other_centre)
    other = client.get("/api/v1/hotline/figures", {"from": start}, HTTP_X_API_KEY=key).json()
    assert other["totals"]["registered"] == 1 and {"code": "420200", "name": "黄石市", "count": 1} in other["divisions"]
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/hotline/figures"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"from", "to"}

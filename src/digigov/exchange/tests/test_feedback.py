"""Error feedback (纠错, R1.7): report, to-do with the rule's deadline, correction applied to the hosted row."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry, Notification
from digigov.exchange import services
from digigov.exchange.choices import ErrorReportStatus
from digigov.exchange.models import HostedRow

pytestmark = pytest.mark.django_db
D = dt.date
CSV = "身份证号,姓名,电话\n420102199001011236,张三,13800000001\n".encode()


@pytest.fixture
def hosted(world):
    service = services.service_register_table(
        actor=world.prov_handler,
        provider=world.provider,
        name="人口库表",
        filename="p.csv",
        content=CSV,
        key_column="身份证号",
    )
    services.service_mount(
        actor=world.prov_handler,
        service=service,
        resource_id=world.resource.pk,
        field_map={"sfzh": "身份证号", "xm": "姓名", "dh": "电话"},
    )
    return service


def report(world, *, actor=None, item=None, attachment=None, **overrides):
    fields = {
        "record_key": "420102199001011236",
        "claimed_value": "13900000009",
        "evidence": "本人到窗口出示的户口簿所载电话已变更",
    }
    fields.update(overrides)
    return services.error_report_submit(
        actor=actor or world.cons_handler,
        reporter=world.consumer,
        resource_id=world.resource.pk,
        item_id=(item or world.items()[2]).pk,
        attachment=attachment,
        **fields,
    )


def test_report_puts_a_todo_on_the_providers_handlers_due_by_the_rule(world, today):
    today(D(2026, 9, 29))
    r = report(world)
    assert r.number == "JC202609290001" and r.status == ErrorReportStatus.SUBMITTED
    todo = InboxItem.objects.get(kind="exchange.error_report.answer")
    # 5 working days after 09-29: 09-30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12.
    assert (todo.assignee_org, todo.assignee_role, todo.deadline) == (world.provider, "handler", D(2026, 10, 12))
    assert r.deadline == D(2026, 10, 12)
    assert todo.url == f"/admin/exchange/error-reports/{r.pk}/"
    # The ID number in question is masked in the to-do's title, as the gateway masks it.
    assert "420102********1236" in todo.title and "420102199001011236" not in todo.title


def test_correction_is_applied_to_the_hosted_row_and_audited(world, today, hosted):
    r = report(world)
    services.error_report_answer(actor=world.prov_handler, report=r, corrected=True, corrected_value="13900000009")
    r.refresh_from_db()
    assert r.status == ErrorReportStatus.CORRECTED and r.corrected_value == "13900000009"
    row = HostedRow.objects.get(key="420102199001011236")
    assert row.data["电话"] == "13900000009"
    entry = LedgerEntry.objects.get(action="exchange.table.row_corrected")
    assert '"电话": "13800000001"' in entry.summary and '"电话": "13900000009"' in entry.summary
    assert not InboxItem.objects.filter(kind="exchange.error_report.answer", done_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.cons_handler, title__contains="已核实更正").exists()
    with pytest.raises(ConflictError):
        services.error_report_answer(actor=world.prov_handler, report=r, corrected=False, answer="x")


def test_correction_of_an_unknown_key_is_refused_and_nothing_changes(world, today, hosted):
    r = report(world)
    HostedRow.objects.filter(key=r.record_key).delete()  # the provider's table lost the record meanwhile
    with pytest.raises(DomainError, match="没有主键为"):
        services.error_report_answer(actor=world.prov_handler, report=r, corrected=True, corrected_value="1")
    r.refresh_from_db()
    assert r.status == ErrorReportStatus.SUBMITTED


def test_confirming_the_data_needs_a_reason(world, today):
    r = report(world)
    with pytest.raises(DomainError, match="请说明数据无误的理由"):
        services.error_report_answer(actor=world.prov_handler, report=r, corrected=False)
    services.error_report_answer(actor=world.prov_reviewer, report=r, corrected=False, answer="经核对户籍档案无误")
    r.refresh_from_db()
    assert r.status == ErrorReportStatus.CONFIRMED_CORRECT and r.answer == "经核对户籍档案无误"


def test_only_the_provider_answers_and_only_the_reporter_reports(world, today):
    with pytest.raises(PermissionDeniedError):
        report(world, actor=world.other_handler)
    r = report(world)
    for outsider in (world.cons_handler, world.other_handler):
        with pytest.raises(PermissionDeniedError):
            services.error_report_answer(actor=outsider, report=r, corrected=False, answer="x")


def test_fields_and_attachment_are_validated(world, today):
    with pytest.raises(DomainError) as caught:
        report(
            world,
            item=world.items(world.open_resource)[0],
            record_key="",
            attachment=SimpleUploadedFile("证明.exe", b"MZ\x90\x00"),
        )
    assert caught.value.fields == {
        "item": ["请选择该资源的一个信息项。"],
        "record_key": ["此项为必填项。"],
        "attachment": [
            "请上传以下类型之一：PDF 文件、PNG 图片、JPEG 图片、OFD 版式文件、"
            "Word 文档（.docx）、Excel 工作簿（.xlsx）。"
        ],
    }
    with pytest.raises(DomainError, match="文件扩展名为 .pdf，但内容不是 PDF 文件。"):
        report(world, attachment=SimpleUploadedFile("证明.pdf", b"not a pdf"))


def test_a_valid_attachment_is_stored(world, today, settings, tmp_path):
    settings.DIGIGOV_PRIVATE_ROOT = tmp_path  # evidence is a private file (core.private_files)
    r = report(world, attachment=SimpleUploadedFile("证明.pdf", b"%PDF-1.7\n..."))
    assert r.attachment.name.endswith(".pdf") and r.attachment.read().startswith(b"%PDF")


def test_error_report_reminders(world, today):
    r = report(world)  # 2026-09-28 + 5 working days lands on the make-up Saturday 10-10
    assert r.deadline == D(2026, 10, 10)
    today(D(2026, 10, 9))
    assert services.remind_due() == 1
    today(D(2026, 10, 12))
    assert services.remind_due() == 1
    assert services.remind_due() == 0
    assert Notification.objects.filter(recipient=world.prov_handler, title__startswith="已超期：数据纠错").count() == 1


def test_a_nonsense_key_is_refused_before_it_reaches_the_provider(world, today):
    """R1.7: the key item is an ID number, so the key must be a valid GB 11643 number."""
    for key, says in (("abc", "公民身份号码"), ("420102199001011234", "校验码")):
        with pytest.raises(DomainError) as caught:
            report(world, record_key=key)
        assert says in caught.value.fields["record_key"][0] and key in caught.value.fields["record_key"][0]
    assert not InboxItem.objects.filter(kind="exchange.error_report.answer").exists()


def test_a_key_missing_from_the_hosted_table_is_refused(world, today, hosted):
    with pytest.raises(DomainError) as caught:
        report(world, record_key="420102199202022345")  # a valid number, but no such person in the table
    assert caught.value.fields["record_key"] == ["“人口基本信息”中没有主键为“420102199202022345”的记录，请核对。"]
    assert report(world).record_key == "420102199001011236"

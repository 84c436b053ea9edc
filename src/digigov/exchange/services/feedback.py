"""Error feedback (纠错, R1.7): a consumer reports a doubtful value; the provider corrects it or confirms it.

A correction of a resource served from a hosted table is applied to the hosted row in the same transaction.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.catalog import api as catalog
from digigov.core import ledger, uploads
from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.errors import FieldErrors
from digigov.core.inbox import inbox_complete_for, inbox_register, lazy_text, notify
from digigov.core.numbering import create_numbered
from digigov.core.permissions import require
from digigov.core.rules import rule
from digigov.core.validators import validate_id_number, validate_uscc
from digigov.exchange import masking
from digigov.exchange.choices import ErrorReportStatus, ServiceKind
from digigov.exchange.lifecycle import ERROR_REPORT, ErrorReportAction
from digigov.exchange.models import ErrorReport, HostedRow, Mount
from digigov.exchange.permissions import APPLICANTS
from digigov.exchange.services._common import user_or_none

KIND_ANSWER = "exchange.error_report.answer"


def report_url(report: ErrorReport) -> str:
    return reverse("exchange_error_report_detail", args=[report.pk])


def _check_attachment(attachment) -> list[str]:
    """Evidence people actually have (scans, photos, office and OFD documents), checked by content: the size rule,
    the real type matching the name, and for .docx/.xlsx/OFD the zip checks (no bomb, no program, no macros)."""
    if not attachment:
        return []
    limit = rule("exchange.attachment_max_mb")
    try:
        data = uploads.read_upload(attachment, max_mb=limit, field="attachment")
        uploads.check_upload(
            data, filename=attachment.name or "", kinds=uploads.EVIDENCE, max_mb=limit, field="attachment"
        )
    except uploads.UploadError as exc:
        return [str(exc.message)]
    return []


@transaction.atomic
def error_report_submit(
    *,
    actor,
    reporter,
    resource_id: int,
    record_key: str,
    item_id: int,
    claimed_value: str,
    evidence: str,
    attachment=None,
) -> ErrorReport:
    """The provider's handlers get a to-do due in exchange.error_reply_days working days (R1.7)."""
    require(actor, APPLICANTS, reporter)
    resource = catalog.published_resource_get(resource_id)
    errors = FieldErrors()
    items = catalog.resource_items(resource)
    by_pk = {i.pk: i for i in items}
    key_item = next((i for i in items if i.is_key), None)
    if item_id not in by_pk:
        errors.add("item", _("Choose an information item of this resource."))
    for field, value, limit in (
        ("record_key", record_key, 100),
        ("claimed_value", claimed_value, 500),
        ("evidence", evidence, 5000),
    ):
        value = (value or "").strip()
        if not value:
            errors.add(field, _("This field is required."))
        elif len(value) > limit:
            errors.add(field, _("At most %(n)s characters.") % {"n": limit})
    if "record_key" not in errors:
        errors.update({"record_key": _check_record_key(resource, key_item, record_key.strip())})
    errors.update({"attachment": _check_attachment(attachment)})
    errors.raise_if_any()
    item = by_pk[item_id]
    days = rule("exchange.error_reply_days")
    report = create_numbered(
        ErrorReport,
        "JC",
        reporter=reporter,
        reported_by=user_or_none(actor),
        resource=resource,
        record_key=record_key.strip(),
        item=item,
        claimed_value=claimed_value.strip(),
        evidence=evidence.strip(),
        deadline=add_working_days(timezone.localdate(), days),
    )
    if attachment:
        report.attachment.save(Path(attachment.name).name, attachment, save=True)
    ledger.record(
        action="exchange.error_report.submitted",
        actor=actor,
        organisation=reporter,
        obj=report,
        after={
            "resource": resource.code,
            "key": report.record_key,
            "item": item.identifier,
            "deadline": report.deadline,
        },
    )
    inbox_register(
        source="exchange",
        kind=KIND_ANSWER,
        title=lazy_text(
            gettext_lazy("Error report %(no)s: %(org)s doubts “%(item)s” of %(key)s in “%(name)s”"),
            no=report.number,
            org=reporter.name,
            item=item.name,
            # To-do titles travel (lists, reminders, the workbench): the key is masked as the gateway would.
            key=_masked_key(key_item, report.record_key),
            name=resource.name,
        ),
        url=report_url(report),
        assignee_org=resource.provider,
        assignee_role=Role.HANDLER,
        working_days=days,
        obj=report,
    )
    return report


def _hosted_table_id(resource_id: int) -> int | None:
    """The hosted table serving the resource, if an active mount of one does."""
    mount = Mount.objects.filter(resource_id=resource_id, is_active=True).select_related("service").first()
    if mount is None or mount.service.kind != ServiceKind.HOSTED_TABLE:
        return None
    return mount.service.table_id


USCC_ELEMENTS = ("统一社会信用代码",)


def _check_record_key(resource, key_item, key: str) -> list[str]:
    """A report must name a record that can exist, or the provider is sent nonsense to check (R1.7): a resource
    served from a hosted table must hold the key; otherwise the key must have the key item's form (a valid
    GB 11643 ID number, a valid GB 32100 credit code, digits for a number, within the item's length)."""
    table_id = _hosted_table_id(resource.pk)
    if table_id is not None:
        if not HostedRow.objects.filter(table_id=table_id, key=key).exists():
            return [
                _("“%(name)s” has no record with the key “%(key)s”; check the key.")
                % {"name": resource.name, "key": key}
            ]
        return []
    if key_item is None:
        return []
    try:
        if masking.item_kind(key_item) == "id_number":
            validate_id_number(key)
        elif any(e in key_item.element or e in key_item.name for e in USCC_ELEMENTS):
            validate_uscc(key)
    except ValidationError as exc:
        return [
            _("“%(key)s” is not a valid %(item)s: %(reason)s")
            % {"key": key, "item": key_item.name, "reason": " ".join(exc.messages)}
        ]
    if key_item.data_type == "N" and not key.replace(".", "", 1).isdigit():
        return [_("The key “%(item)s” is a number.") % {"item": key_item.name}]
    if key_item.length and len(key) > key_item.length:
        return [_("The key “%(item)s” has at most %(n)s characters.") % {"item": key_item.name, "n": key_item.length}]
    return []


def masked_record_key(report: ErrorReport) -> str:
    """The record key of a report for lists: masked as the gateway and the to-do titles mask it."""
    items = catalog.resource_items(report.resource)
    return _masked_key(next((i for i in items if i.is_key), None), report.record_key)


def _correct_hosted_row(report: ErrorReport, value: str, actor) -> bool:
    """Apply the correction to the hosted table serving the resource; False if no hosted table serves it."""
    mount = Mount.objects.filter(resource_id=report.resource_id, is_active=True).select_related("service").first()
    if mount is None or mount.service.kind != ServiceKind.HOSTED_TABLE:
        return False
    column = mount.field_map.get(report.item.identifier)
    if not column:
        return False
    row = HostedRow.objects.select_for_update().filter(table_id=mount.service.table_id, key=report.record_key).first()
    if row is None:
        raise FieldErrors.one(
            "record_key",
            _("Not found in the hosted table."),
            summary=_("The hosted table has no record with key “%(key)s”.") % {"key": report.record_key},
            code="record_not_found",
        )
    before = row.data.get(column)
    row.data = {**row.data, column: value}
    row.save(update_fields=["data"])
    ledger.record(
        action="exchange.table.row_corrected",
        actor=actor,
        organisation=report.resource.provider_id,
        obj=row,
        before={column: before},
        after={column: value, "error_report": report.number},
    )
    return True


@transaction.atomic
def error_report_answer(
    *, actor, report: ErrorReport, corrected: bool, answer: str = "", corrected_value: str = ""
) -> ErrorReport:
    """The provider corrects the value (a hosted row is corrected too) or confirms it with a reason (R1.7)."""
    report = (
        ErrorReport.objects.select_for_update(of=("self",))
        .select_related("resource", "item", "reported_by")
        .get(pk=report.pk)
    )
    ERROR_REPORT.check(actor, report, ErrorReportAction.CORRECT if corrected else ErrorReportAction.CONFIRM)
    answer, corrected_value = (answer or "").strip(), (corrected_value or "").strip()
    if corrected and not corrected_value:
        raise FieldErrors.one("corrected_value", _("This field is required."), summary=_("Give the corrected value."))
    if not corrected and not answer:
        raise FieldErrors.one("answer", _("This field is required."), summary=_("Say why the data is correct."))
    errors = FieldErrors()
    errors.check_lengths(ErrorReport, {"corrected_value": corrected_value})
    errors.raise_if_any()
    applied = _correct_hosted_row(report, corrected_value, actor) if corrected else False
    report.status = ERROR_REPORT.next_state(
        report.status, ErrorReportAction.CORRECT if corrected else ErrorReportAction.CONFIRM
    )
    report.answer, report.corrected_value = answer, corrected_value if corrected else ""
    report.answered_by, report.answered_at = user_or_none(actor), timezone.now()
    report.save(update_fields=["status", "answer", "corrected_value", "answered_by", "answered_at"])
    ledger.record(
        action="exchange.error_report.answered",
        actor=actor,
        organisation=report.resource.provider_id,
        obj=report,
        before={"status": ErrorReportStatus.SUBMITTED},
        after={"status": report.status, "corrected_value": report.corrected_value, "hosted_row": applied},
    )
    inbox_complete_for(obj=report)
    if report.reported_by_id:
        notify(
            recipient=report.reported_by,
            title=lazy_text(
                gettext_lazy("Error report %(no)s answered: %(outcome)s"),
                no=report.number,
                outcome=ErrorReportStatus(report.status).label,
            ),
            body=answer or corrected_value,
            url=report_url(report),
        )
    return report


def _masked_key(key_item, key: str) -> str:
    """The record key as the gateway would show it (masking.item_kind)."""
    return key if key_item is None else masking.mask(masking.item_kind(key_item), key)

"""notify_role reaches exactly the role's active holders; to-dos and notices are stored in the installation's
language; FieldErrors raises every problem at once."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from digigov.core.choices import Role
from digigov.core.errors import DomainError, FieldErrors, PermissionDeniedError
from digigov.core.inbox import inbox_register, lazy_text, notify, notify_role, todo_assign
from digigov.core.models import InboxItem, LedgerEntry, Notification
from digigov.core.tests.factories import MembershipFactory, OrganisationFactory, staff


@pytest.mark.django_db
def test_notify_role_reaches_the_active_holders_of_the_roles_in_that_organisation_once():
    psb, other = OrganisationFactory(name="省公安厅"), OrganisationFactory(name="省民政厅")
    handler, reviewer = staff(Role.HANDLER, psb), staff(Role.REVIEWER, psb)
    MembershipFactory(user=handler, organisation=psb, role=Role.REVIEWER)  # two roles, one notice
    staff(Role.HANDLER, other)
    staff(Role.HANDLER, psb, is_active=False)
    staff(Role.LEADER, psb)
    sent = notify_role(psb, [Role.HANDLER, Role.REVIEWER], title="请处理共享申请", url="/x/")
    assert sent == 2
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == sorted(
        [handler.username, reviewer.username]
    )
    assert notify_role(psb, Role.LEADER, title="督办") == 1


def test_field_errors_collects_every_field_then_raises_one_error_with_the_first_message():
    errors = FieldErrors()
    errors.raise_if_any()  # nothing collected: nothing raised
    errors.add("name", "必须填写名称。")
    errors.add("period_end", "结束日期必须晚于开始日期。")
    errors.add("name", "名称最多 50 个字符。")
    with pytest.raises(DomainError) as caught:
        errors.raise_if_any()
    assert caught.value.code == "invalid" and caught.value.message == "必须填写名称。"
    assert caught.value.fields == {
        "name": ["必须填写名称。", "名称最多 50 个字符。"],
        "period_end": ["结束日期必须晚于开始日期。"],
    }


def test_field_errors_raise_the_callers_error_class_and_code():
    errors = FieldErrors(code="negative_invalid", error_class=PermissionDeniedError)
    errors.update({"legal_basis": ["请引用法律依据。"]})
    assert "legal_basis" in errors
    with pytest.raises(PermissionDeniedError) as caught:
        errors.raise_if_any("无法保存。")
    assert (caught.value.code, caught.value.message, caught.value.status) == ("negative_invalid", "无法保存。", 403)


# A core message with a placeholder, and its zh-hans translation as the .po file has it.
SET_TO = "“%(label)s” is now %(value)s."


@pytest.mark.django_db
def test_a_to_do_made_during_an_english_request_is_stored_in_chinese_for_whoever_reads_it_later():
    psb = OrganisationFactory(name="省公安厅")
    with translation.override("en"):  # the person acting reads English (an English browser, an API client)
        title = lazy_text(gettext_lazy(SET_TO), label=Role.REVIEWER.label, value=3)
        assert str(title) == "“Reviewer” is now 3."  # rendered late: still English for them
        item = inbox_register(source="core", kind="core.test", title=title, url="/x/", assignee_org=psb)
    item.refresh_from_db()
    assert item.title == "“审核人”已设为 3。"  # placeholder translated too
    assert LedgerEntry.objects.get(action="core.inbox.registered", object_id=str(item.pk)).summary.count("审核人") == 1


@pytest.mark.django_db
def test_notices_are_stored_in_chinese_and_plain_text_is_kept_as_typed():
    psb = OrganisationFactory(name="省公安厅")
    reviewer = staff(Role.REVIEWER, psb)
    with translation.override("en"):
        notify(recipient=reviewer, title=lazy_text(gettext_lazy(SET_TO), label="期限", value="10%"), body="100% 完成")
        notify_role(psb, Role.REVIEWER, title=gettext_lazy("To-do"), body=gettext_lazy("Reviewer"))
        todo_assign(actor=None, assignee_org=psb, assignee_role=Role.REVIEWER, title="核对目录", working_days=3)
    assert list(Notification.objects.order_by("pk").values_list("title", "body")) == [
        ("“期限”已设为 10%。", "100% 完成"),  # a % in a value or in plain text is not a placeholder
        ("待办", "审核人"),
    ]
    assert InboxItem.objects.get(kind="core.task").title == "核对目录"


def test_one_field_error_is_raised_with_its_summary_and_the_error_classs_own_code():
    error = FieldErrors.one("reason", "此项为必填项。", summary="请说明理由。")
    assert (error.code, error.message, error.fields) == ("invalid", "请说明理由。", {"reason": ["此项为必填项。"]})

    class TableError(DomainError):
        code = "invalid_table"

    error = FieldErrors.one("file", "第 3 行缺少主键。", error_class=TableError)
    assert isinstance(error, TableError) and (error.code, error.message) == ("invalid_table", "第 3 行缺少主键。")
    assert FieldErrors.one("comment", "请说明退回理由。", code="comment_required").code == "comment_required"

"""notify_role reaches exactly the role's active holders; FieldErrors raises every problem at once."""

import pytest

from digigov.core.choices import Role
from digigov.core.errors import DomainError, FieldErrors, PermissionDeniedError
from digigov.core.inbox import notify_role
from digigov.core.models import Notification
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

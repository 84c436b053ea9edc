"""Share applications through their lifecycle on the real 2026 calendar (R1.2, R1.4, R1.5)."""

import datetime as dt

import pytest

from digigov.core.errors import DomainError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry, Notification
from digigov.exchange import services
from digigov.exchange.choices import ApplicationStatus as S
from digigov.exchange.lifecycle import TransitionError
from digigov.exchange.tests.factories import SystemClientFactory

pytestmark = pytest.mark.django_db
D = dt.date


START, END = D(2026, 10, 8), D(2027, 10, 7)


def apply(world, resource=None, *, actor=None, items=None, start=START, end=END, **kwargs):
    resource = resource or world.resource
    return services.application_submit(
        actor=actor or world.cons_handler,
        consumer=world.consumer,
        resource_id=resource.pk,
        item_ids=items if items is not None else [i.pk for i in world.items(resource)[:2]],
        purpose="企业开办时核验法定代表人身份",
        legal_basis="《优化营商环境条例》第十九条",
        period_start=start,
        period_end=end,
        system_id=kwargs.pop("system_id", world.system.pk),
        **kwargs,
    )


def open_todos(kind):
    return InboxItem.objects.filter(kind=kind, done_at__isnull=True)


def test_unconditional_resource_is_granted_at_once(world, today):
    application = apply(world, world.open_resource, raw_values=True)
    assert application.status == S.GRANTED and application.number == "GX202609280001"
    grant = application.grant
    assert (grant.valid_from, grant.valid_until, grant.raw_values) == (D(2026, 10, 8), D(2027, 10, 7), True)
    assert sorted(grant.items.values_list("identifier", flat=True)) == ["sfzh", "xm"]
    assert not InboxItem.objects.filter(object_type="exchange.shareapplication").exists()
    assert (grant.system, grant.resource, grant.is_active) == (world.system, world.open_resource, True)


def test_not_shared_resources_cannot_be_applied_for(world, today):
    with pytest.raises(DomainError) as caught:
        apply(world, world.closed_resource)
    assert caught.value.code == "not_shared"
    assert str(caught.value.message) == "“在逃人员信息”依据《中华人民共和国人民警察法》第二十条不予共享，不能申请。"


def test_application_fields_are_validated(world, today):
    foreign_item = world.items(world.open_resource)[0]
    with pytest.raises(DomainError) as caught:
        apply(
            world,
            items=[foreign_item.pk],
            start=D(2026, 9, 1),
            end=D(2026, 8, 1),
            system_id=SystemClientFactory(organisation=world.other).pk,
        )
    assert caught.value.fields == {
        "items": ["所选信息项中有不属于该资源的。"],
        "period_start": ["使用期限不能早于今天开始。"],
        "period_end": ["使用期限的结束日期必须晚于开始日期。"],
        "system": ["请选择本单位一个启用中的业务系统。"],
    }
    with pytest.raises(DomainError, match="请至少选择一个信息项"):
        apply(world, items=[])


def test_another_department_cannot_apply_in_the_consumers_name(world, today):
    with pytest.raises(PermissionDeniedError):
        apply(world, actor=world.other_handler)


def test_conditional_application_passes_operator_then_provider_with_a_holiday_in_the_limit(world, today):
    application = apply(world)
    assert application.status == S.OPERATOR_CHECK
    check = open_todos("exchange.application.check").get()
    assert check.assignee_org == world.operator and check.deadline == D(2026, 9, 30)  # 2 working days
    assert check.url == f"/admin/exchange/applications/{application.pk}/"

    today(D(2026, 9, 29))
    services.application_forward(actor=world.op_handler, application=application)
    application.refresh_from_db()
    # 10 working days after 09-29 skip 国庆 10-01..10-07 and count the make-up Saturday 10-10.
    assert application.status == S.PROVIDER_REVIEW and application.deadline == D(2026, 10, 19)
    check.refresh_from_db()
    assert check.done_at is not None
    review = open_todos("exchange.application.review").get()
    assert (review.assignee_org, review.assignee_role, review.deadline) == (world.provider, "reviewer", D(2026, 10, 19))

    grant = services.application_grant(actor=world.prov_reviewer, application=application)
    application.refresh_from_db()
    assert application.status == S.GRANTED and application.decided_by == world.prov_reviewer
    assert sorted(grant.items.values_list("identifier", flat=True)) == ["sfzh", "xm"]
    assert not open_todos("exchange.application.review").exists()
    assert Notification.objects.filter(recipient=world.cons_handler, title__contains="已获授权").exists()
    actions = list(
        LedgerEntry.objects.filter(object_type="exchange.shareapplication", object_id=str(application.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["exchange.application.submitted", "exchange.application.forward", "exchange.application.grant"]


def test_operator_returns_with_a_reason(world, today):
    application = apply(world)
    with pytest.raises(DomainError, match="请填写理由"):
        services.application_return(actor=world.op_handler, application=application, reason=" ")
    services.application_return(actor=world.op_handler, application=application, reason="用途与法律依据不符")
    application.refresh_from_db()
    assert application.status == S.RETURNED and application.decision_reason == "用途与法律依据不符"
    assert not open_todos("exchange.application.check").exists()


def test_provider_refusal_needs_reasons(world, today):
    application = apply(world)
    services.application_forward(actor=world.op_handler, application=application)
    with pytest.raises(DomainError):
        services.application_refuse(actor=world.prov_reviewer, application=application, reason="")
    services.application_refuse(actor=world.prov_leader, application=application, reason="涉及个人隐私，需另行审批")
    application.refresh_from_db()
    assert application.status == S.REFUSED
    with pytest.raises(TransitionError, match="现在不能授权"):
        services.application_grant(actor=world.prov_reviewer, application=application)


def test_who_may_act_on_each_side(world, today):
    application = apply(world)
    with pytest.raises(PermissionDeniedError):  # not the platform operator
        services.application_forward(actor=world.prov_reviewer, application=application)
    services.application_forward(actor=world.op_handler, application=application)
    for outsider in (world.cons_handler, world.prov_handler, world.other_handler):
        with pytest.raises(PermissionDeniedError):  # only the provider's reviewers and leaders decide
            services.application_grant(actor=outsider, application=application)
    with pytest.raises(PermissionDeniedError):
        services.application_withdraw(actor=world.other_handler, application=application)


def test_consumer_withdraws_before_a_decision_only(world, today):
    application = apply(world)
    services.application_forward(actor=world.op_handler, application=application)
    services.application_withdraw(actor=world.cons_handler, application=application)
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert not open_todos("exchange.application.review").exists()
    granted = apply(world, world.open_resource)
    with pytest.raises(TransitionError):
        services.application_withdraw(actor=world.cons_handler, application=granted)


def test_urge_counts_and_escalation_waits_for_the_deadline(world, today):
    application = apply(world)
    today(D(2026, 9, 29))
    services.application_forward(actor=world.op_handler, application=application)  # due 2026-10-19
    services.application_urge(actor=world.op_handler, application=application, note="请尽快答复")
    services.application_urge(actor=world.op_handler, application=application)
    application.refresh_from_db()
    assert application.urged_count == 2
    assert Notification.objects.filter(recipient=world.prov_reviewer, title__startswith="催办").count() == 2
    today(D(2026, 10, 19))
    with pytest.raises(DomainError, match="超过答复期限 2026-10-19 后才能督办"):
        services.application_escalate(actor=world.op_handler, application=application)
    today(D(2026, 10, 20))
    services.application_escalate(actor=world.op_handler, application=application)
    todo = open_todos("exchange.application.escalated").get()
    assert (todo.assignee_org, todo.assignee_role) == (world.provider, "leader")
    assert todo.deadline == D(2026, 10, 23)  # exchange.escalation_reply_days = 3
    with pytest.raises(DomainError, match="已经督办过"):
        services.application_escalate(actor=world.op_handler, application=application)
    services.application_grant(actor=world.prov_leader, application=application)
    assert not InboxItem.objects.filter(object_id=str(application.pk), done_at__isnull=True).exists()


def test_grant_revocation_by_provider_or_operator_only(world, today):
    today(D(2026, 10, 8))
    grant = apply(world, world.open_resource).grant
    assert grant.is_active
    with pytest.raises(PermissionDeniedError):
        services.grant_revoke(actor=world.cons_handler, grant=grant, reason="x")
    with pytest.raises(DomainError):
        services.grant_revoke(actor=world.prov_reviewer, grant=grant, reason="")
    services.grant_revoke(actor=world.op_handler, grant=grant, reason="系统已停用")
    grant.refresh_from_db()
    assert not grant.is_active and grant.revoked_at is not None  # the gateway refuses it: test_gateway
    with pytest.raises(DomainError, match="已撤销"):
        services.grant_revoke(actor=world.prov_reviewer, grant=grant, reason="再次")


def test_numbers_run_per_day(world, today):
    first, second = apply(world), apply(world)
    today(D(2026, 9, 29))
    third = apply(world, start=D(2026, 10, 9))
    assert [first.number, second.number, third.number] == ["GX202609280001", "GX202609280002", "GX202609290001"]

"""The workflow kernel end to end on the database: versions, instances saved with each step, lanes becoming
to-dos of a role and organisation, working-day deadlines and timers, exclusive and parallel gateways, the ledger."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.workflow import api as workflow
from digigov.workflow.choices import InstanceStatus, TaskStatus
from digigov.workflow.models import ProcessInstance, UserTask
from digigov.workflow.tests.factories import bpmn, shipped_version

pytestmark = pytest.mark.django_db
# Timers compare with the real clock too, so the tests' day lies ahead of it: a timer never fires by itself.
TODAY = timezone.localdate() + dt.timedelta(days=21)


@pytest.fixture
def world():
    lead, market, police = OrganisationFactory(name="政务服务中心"), OrganisationFactory(), OrganisationFactory()
    return {
        "lead": lead,
        "market": market,
        "police": police,
        "clerk": staff(Role.HANDLER, lead),
        "market_reviewer": staff(Role.REVIEWER, market),
        "police_reviewer": staff(Role.REVIEWER, police),
        "version": shipped_version(tasks={"accept": {"working_days": 1}, "review_a": {"working_days": 5}}),
    }


def start(world, **facts):
    return workflow.instance_start(
        actor=world["clerk"],
        version=world["version"],
        organisation=world["lead"],
        facts=facts or {"materials_ok": True, "amount": 300},
        parts={"licence": world["market"], "seal": world["police"]},
        today=TODAY,
    )


def task(instance, element):
    return UserTask.objects.get(instance=instance, element_id=element, status=TaskStatus.OPEN)


def test_a_started_process_waits_on_its_first_user_task_as_a_to_do_of_the_lanes_role_and_organisation(world):
    result = start(world)
    (accept,) = result.opened
    assert (accept.element_id, accept.name, accept.organisation, accept.role) == (
        "accept",
        "受理",
        world["lead"],
        Role.HANDLER,
    )
    assert accept.due_on == add_working_days(TODAY, 1)
    todo = InboxItem.objects.get(object_type="workflow.usertask", object_id=str(accept.pk))
    assert (todo.assignee_org, todo.assignee_role, todo.deadline) == (world["lead"], Role.HANDLER, accept.due_on)
    assert "受理" in todo.title and todo.done_at is None
    instance = ProcessInstance.objects.get(pk=result.instance.pk)
    assert instance.status == InstanceStatus.RUNNING and instance.revision == 0 and instance.state
    assert LedgerEntry.objects.filter(action="workflow.instance.started", object_id=str(instance.pk)).exists()


def test_the_exclusive_gateway_reads_case_facts(world):
    result = start(world, materials_ok=False, amount=300)
    accept = result.opened[0]
    step = workflow.task_complete(actor=world["clerk"], task=accept, today=TODAY)
    assert step.completed and step.ended_at == ["refused"] and step.opened == []
    assert ProcessInstance.objects.get(pk=result.instance.pk).status == InstanceStatus.COMPLETED
    # the same version, other facts decided at the task: the other way
    other = start(world, materials_ok=False, amount=300)
    step = workflow.task_complete(actor=world["clerk"], task=other.opened[0], facts={"materials_ok": True}, today=TODAY)
    assert sorted(t.element_id for t in step.opened) == ["review_a", "review_b"]


def test_joint_approval_fans_out_to_each_part_and_waits_for_every_branch(world):
    instance = start(world).instance
    step = workflow.task_complete(actor=world["clerk"], task=task(instance, "accept"), today=TODAY)
    parts = {t.element_id: (t.organisation, t.role, t.part, t.due_on) for t in step.opened}
    assert parts == {
        "review_a": (world["market"], Role.REVIEWER, "licence", add_working_days(TODAY, 5)),
        "review_b": (world["police"], Role.REVIEWER, "seal", add_working_days(TODAY, 3)),  # the rule's default
    }
    with pytest.raises(PermissionDeniedError):  # the market department cannot do the police's part
        workflow.task_complete(actor=world["market_reviewer"], task=task(instance, "review_b"), today=TODAY)
    first = workflow.task_complete(actor=world["police_reviewer"], task=task(instance, "review_b"), today=TODAY)
    assert first.opened == [] and not first.completed  # the join waits for the other branch
    second = workflow.task_complete(actor=world["market_reviewer"], task=task(instance, "review_a"), today=TODAY)
    assert second.opened == []  # now the 2-working-day timer waits
    instance.refresh_from_db()
    # the timer fires once the second working day has passed: from the start of the day after it, local time
    due_day = add_working_days(TODAY, 2) + dt.timedelta(days=1)
    assert timezone.localtime(instance.next_timer_at).date() == due_day
    assert workflow.timers_fire(now=instance.next_timer_at - dt.timedelta(minutes=1)) == 0
    assert workflow.timers_fire(now=instance.next_timer_at) == 1
    decide = task(instance, "decide")
    assert decide.organisation == world["lead"]
    done = workflow.task_complete(actor=world["clerk"], task=decide, facts={"decision": "approved"}, today=TODAY)
    assert done.completed and done.ended_at == ["done"]
    instance.refresh_from_db()
    assert instance.status == InstanceStatus.COMPLETED and instance.next_timer_at is None
    actions = list(
        LedgerEntry.objects.filter(object_type="workflow.processinstance", object_id=str(instance.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "workflow.instance.started",
        "workflow.task.completed",
        "workflow.task.completed",
        "workflow.task.completed",
        "workflow.timer.fired",
        "workflow.task.completed",
        "workflow.instance.completed",
    ]
    assert not InboxItem.objects.filter(object_type="workflow.usertask", done_at__isnull=True).exists()


def test_a_task_done_twice_is_refused_with_who_did_it(world):
    instance = start(world).instance
    accept = task(instance, "accept")
    workflow.task_complete(actor=world["clerk"], task=accept, today=TODAY)
    other_clerk = staff(Role.HANDLER, world["lead"], first_name="敏", last_name="张")
    with pytest.raises(ConflictError) as refused:
        workflow.task_complete(actor=other_clerk, task=accept, today=TODAY)
    assert "已由" in str(refused.value.message) or "already" in str(refused.value.message)


def test_running_instances_stay_on_the_version_they_started_on(world):
    instance = start(world).instance
    definition = world["version"].definition
    renamed = bpmn("joint_approval").replace('name="决定"', 'name="审批决定"')
    v2 = workflow.version_save(actor=staff(Role.PLATFORM_ADMIN), definition=definition, bpmn_xml=renamed)
    definition.refresh_from_db()
    assert v2.number == 2 and definition.current_id == v2.pk
    assert workflow.version_save(actor=staff(Role.PLATFORM_ADMIN), definition=definition, bpmn_xml=renamed) == v2
    instance.refresh_from_db()
    assert instance.version == world["version"]


def test_a_part_without_a_department_rolls_the_whole_step_back(world):
    result = workflow.instance_start(
        actor=world["clerk"],
        version=world["version"],
        organisation=world["lead"],
        facts={"materials_ok": True, "amount": 1},
        parts={"licence": world["market"]},  # no department for "seal"
        today=TODAY,
    )
    accept = result.opened[0]
    before = LedgerEntry.objects.count()
    with pytest.raises(DomainError):
        workflow.task_complete(actor=world["clerk"], task=accept, today=TODAY)
    accept.refresh_from_db()
    assert accept.status == TaskStatus.OPEN and LedgerEntry.objects.count() == before
    assert ProcessInstance.objects.get(pk=result.instance.pk).revision == 0


@pytest.mark.parametrize(
    "facts",
    [{"__class__": 1}, {"a b": 1}, {"x": {"nested": 1}}, {"x": "长" * 501}, {"working_days": 1}, {"x": float("nan")}],
)
def test_facts_are_plain_routing_values(world, facts):
    with pytest.raises(DomainError) as refused:
        workflow.instance_start(actor=world["clerk"], version=world["version"], organisation=world["lead"], facts=facts)
    assert "facts" in refused.value.fields


def test_cancelling_closes_open_tasks_and_their_to_dos(world):
    instance = start(world).instance
    workflow.instance_cancel(actor=world["clerk"], instance=instance, reason="申请人撤回")
    assert not UserTask.objects.filter(instance=instance, status=TaskStatus.OPEN).exists()
    assert not InboxItem.objects.filter(object_type="workflow.usertask", done_at__isnull=True).exists()
    assert ProcessInstance.objects.get(pk=instance.pk).status == InstanceStatus.CANCELLED

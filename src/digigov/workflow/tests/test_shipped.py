"""The processes the platform ships install as version 1 with their bindings and a drawing, and each one runs from
start to its 办结 end (the enterprise start-up across four departments, in parallel after registration)."""

import datetime as dt

import pytest
from django.utils import timezone
from lxml import etree

from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.workflow import api as workflow
from digigov.workflow.choices import TaskStatus
from digigov.workflow.models import UserTask

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate() + dt.timedelta(days=21)


@pytest.mark.parametrize("key", ["instant", "general", "joint", "enterprise_startup"])
def test_each_shipped_process_installs_with_a_drawing_and_runs_to_its_end(key):
    admin = staff(Role.PLATFORM_ADMIN)
    definition = workflow.shipped_install(actor=admin, key=key)
    assert workflow.shipped_install(actor=admin, key=key) == definition  # installed once
    version = definition.current
    drawn = etree.fromstring(version.bpmn_xml.encode())
    shapes = {s.get("bpmnElement") for s in drawn.iter("{http://www.omg.org/spec/BPMN/20100524/DI}BPMNShape")}
    assert set(version.tasks) <= shapes and set(version.lanes) <= shapes
    lead = OrganisationFactory()
    parts = {binding["part"]: OrganisationFactory() for binding in version.lanes.values() if binding["part"]}
    step = workflow.instance_start(
        actor=admin, version=version, organisation=lead, parts=parts, facts={"accepted": True}, today=TODAY
    )
    instance, rounds = step.instance, 0
    while not step.completed:
        rounds += 1
        assert rounds < 10
        task = UserTask.objects.filter(instance=instance, status=TaskStatus.OPEN).first()
        holder = staff(task.role, task.organisation)
        step = workflow.task_complete(actor=holder, task=task, today=TODAY)
    assert step.ended_at == ["concluded"]


def test_enterprise_startup_runs_seal_invoice_and_social_security_in_parallel_after_registration():
    admin = staff(Role.PLATFORM_ADMIN)
    version = workflow.shipped_install(actor=admin, key="enterprise_startup").current
    names = {"registration": "市场监管局", "seal": "公安局", "invoice": "税务局", "social": "人社局"}
    orgs = {code: OrganisationFactory(name=name) for code, name in names.items()}
    centre = OrganisationFactory(name="政务服务中心")
    step = workflow.instance_start(
        actor=admin, version=version, organisation=centre, parts=orgs, facts={"accepted": True}, today=TODAY
    )
    step = workflow.task_complete(actor=staff(Role.HANDLER, centre), task=step.opened[0], today=TODAY)
    assert [(t.element_id, t.organisation.name) for t in step.opened] == [("register", "市场监管局")]
    step = workflow.task_complete(actor=staff(Role.HANDLER, orgs["registration"]), task=step.opened[0], today=TODAY)
    due = add_working_days(TODAY, 1)  # each department's own time limit, counted from when its task opens
    assert sorted((t.element_id, t.organisation.name, t.due_on) for t in step.opened) == [
        ("invoice", "税务局", due),
        ("seal", "公安局", due),
        ("social", "人社局", due),
    ]

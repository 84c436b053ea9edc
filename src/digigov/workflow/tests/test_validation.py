"""What a process version must be before it is saved: the supported BPMN subset, lanes bound to who works,
conditions and timers the engine accepts — refused with a Chinese message naming the element."""

import contextlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digigov.core.choices import Role
from digigov.core.errors import DomainError
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.workflow import api as workflow
from digigov.workflow.engine import EngineError, SafeEnvironment, expression_problem
from digigov.workflow.models import ProcessVersion
from digigov.workflow.tests.factories import bpmn

pytestmark = pytest.mark.django_db
JOINT = bpmn("joint_approval")


@pytest.fixture
def definition():
    admin = staff(Role.PLATFORM_ADMIN)
    return admin, workflow.definition_create(actor=admin, key="joint", name="并联审批")


def refused(definition, xml, **bindings) -> dict:
    admin, target = definition
    with pytest.raises(DomainError) as error:
        workflow.version_save(actor=admin, definition=target, bpmn_xml=xml, **bindings)
    assert not ProcessVersion.objects.filter(definition=target).exists()
    return {field: " ".join(str(m) for m in messages) for field, messages in error.value.fields.items()}


def test_a_script_task_is_refused_at_its_element(definition):
    xml = JOINT.replace('<bpmn:userTask id="decide" name="决定" />', '<bpmn:scriptTask id="decide" name="决定" />')
    assert "element:decide" in refused(definition, xml)


def test_a_condition_that_would_run_code_is_refused_before_it_is_saved(definition):
    xml = JOINT.replace("materials_ok and amount &lt;= 500", "__import__('os').system('id')")
    errors = refused(definition, xml)
    assert "element:f_yes" in errors and "条件" in errors["element:f_yes"]


def test_a_timer_must_count_working_days(definition):
    xml = JOINT.replace("<bpmn:timeDate>working_days(2)</bpmn:timeDate>", "<bpmn:timeDuration>P2D</bpmn:timeDuration>")
    assert "工作日" in refused(definition, xml)["element:wait"]


def test_a_user_task_outside_any_lane_and_a_gateway_without_conditions_are_named(definition):
    xml = JOINT.replace("<bpmn:flowNodeRef>decide</bpmn:flowNodeRef>", "").replace(' default="f_no"', "")
    errors = refused(definition, xml)
    assert {"element:decide", "element:complete_gw"} <= set(errors)


def test_a_doctype_and_entities_are_refused(definition):
    xml = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + JOINT.split("?>", 1)[1]
    assert "DOCTYPE" in refused(definition, xml)["bpmn"]


@pytest.mark.parametrize("text", ["", "not xml", "<root/>", "<a:b xmlns:a='urn:x'/>"])
def test_what_is_not_a_bpmn_model_is_refused_in_chinese(definition, text):
    errors = refused(definition, text)
    assert re.search(r"[\u4e00-\u9fff]", errors["bpmn"])


def test_lane_bindings_are_checked_and_stored(definition):
    admin, target = definition
    errors = refused(definition, JOINT, lanes={"lane_seal": {"role": "janitor"}, "nope": {}})
    assert {"lanes.lane_seal", "lanes.nope"} <= set(errors)
    version = workflow.version_save(
        actor=admin, definition=target, bpmn_xml=JOINT, lanes={"lane_lead": {"role": Role.LEADER}}
    )
    assert version.lanes["lane_lead"] == {"name": "lead:handler", "scope": "lead", "part": "", "role": "leader"}
    assert version.lanes["lane_seal"]["part"] == "seal"


def test_an_organisation_administrator_designs_only_their_own_processes():
    own, other = OrganisationFactory(), OrganisationFactory()
    admin = staff(Role.ORG_ADMIN, own)
    with pytest.raises(DomainError):
        workflow.definition_create(actor=admin, key="platform", name="全省通用")  # platform-wide: not theirs
    mine = workflow.definition_create(actor=admin, key="mine", name="本单位流程", owner=own)
    assert workflow.version_save(actor=admin, definition=mine, bpmn_xml=JOINT).number == 1
    theirs = workflow.definition_create(actor=staff(Role.ORG_ADMIN, other), key="theirs", name="他单位", owner=other)
    with pytest.raises(DomainError):
        workflow.version_save(actor=admin, definition=theirs, bpmn_xml=JOINT)
    with pytest.raises(DomainError):
        workflow.version_save(actor=staff(Role.HANDLER, own), definition=mine, bpmn_xml=JOINT)


def test_the_outline_lists_lanes_and_user_tasks_for_the_binding_form():
    outline = workflow.bpmn_outline(JOINT)
    assert outline.process_id == "joint"
    assert [lane.id for lane in outline.lanes] == ["lane_lead", "lane_licence", "lane_seal"]
    assert ("review_b", "公安局审查", "lane_seal") in [(t.id, t.name, t.lane_id) for t in outline.user_tasks]


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os').system('id')",
        "().__class__.__bases__[0].__subclasses__()",
        "open('/etc/passwd').read()",
        "[x for x in range(10)]",
        "lambda: 1",
        "amount ** 99999999",
        "working_days(n=1)",
        "_secret",
    ],
)
def test_expressions_beyond_facts_and_comparisons_never_run(expression):
    assert expression_problem(expression)
    with pytest.raises(EngineError):
        SafeEnvironment(today=None).evaluate(expression, {"amount": 1})  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_no_random_expression_reaches_eval_unless_it_is_plain(expression):
    problem = expression_problem(expression)
    if problem:
        with pytest.raises(EngineError):
            SafeEnvironment(today=None).evaluate(expression, {})  # type: ignore[arg-type]
    else:  # a plain expression: it may fail on an unknown name, but never by running anything
        with contextlib.suppress(NameError, TypeError, ValueError, ZeroDivisionError, OverflowError, MemoryError):
            SafeEnvironment(today=None).evaluate(expression, {})  # type: ignore[arg-type]

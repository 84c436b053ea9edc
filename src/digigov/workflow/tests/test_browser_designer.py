"""In chromium: an organisation administrator creates a process, edits it in the designer (bpmn-js with its
properties panel and context pad), sees the server's errors marked on the diagram, saves a new version, and the
edited version then runs: the renamed user task is what the engine opens. A condition edited beside the diagram
routes the next instances. The bpmn.io watermark stays visible and uncovered (its licence; docs/deploy.md)."""

import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.db import connections
from playwright.sync_api import expect

from digigov.core.choices import Role
from digigov.core.tests.browser import sign_in
from digigov.core.tests.factories import MembershipFactory, OrganisationFactory, staff
from digigov.workflow import api as workflow

PASSWORD = "Test@Pass2026"  # noqa: S105  (the factories' test password)


@pytest.fixture
def department(transactional_db):
    org = OrganisationFactory(name="市市场监督管理局")
    admin = staff(Role.ORG_ADMIN, org, username="scjg.admin")
    admin.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    handler = staff(Role.HANDLER, org, username="scjg.handler")
    MembershipFactory(user=admin, organisation=org, role=Role.HANDLER)
    return org, admin, handler


def in_another_thread(work):
    """Run ORM work outside Playwright's greenlet, on its own connection (as another process would)."""
    box = {}

    def run():
        try:
            box["result"] = work()
        except Exception as error:  # noqa: BLE001  (re-raised in the test's thread)
            box["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["result"]


def watermark_is_free(page, container: str) -> None:
    """The bpmn.io logo is visible, inside the canvas, and the topmost element at its centre (nothing covers it)."""
    logo = page.locator(f"{container} .bjs-powered-by")
    expect(logo).to_be_visible()
    box, canvas = logo.bounding_box(), page.locator(container).bounding_box()
    assert box and canvas and box["width"] > 10 and box["height"] > 10
    assert canvas["x"] <= box["x"] and box["x"] + box["width"] <= canvas["x"] + canvas["width"]
    assert canvas["y"] <= box["y"] and box["y"] + box["height"] <= canvas["y"] + canvas["height"]
    covered = page.evaluate(
        """([x, y]) => { const hit = document.elementFromPoint(x, y);
            return !hit || !hit.closest('.bjs-powered-by'); }""",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert not covered


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_process_drawn_in_the_designer_runs(live_server, department, browser, screenshot_dir):
    org, admin, handler = department
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    sign_in(page, live_server.url, admin.username, PASSWORD)

    # the list, then a new process from the minimal diagram
    page.goto(f"{live_server.url}/admin/workflow/")
    page.screenshot(path=str(screenshot_dir / "workflow-definitions-empty.png"), full_page=True)
    page.click("text=新建流程")
    page.fill("input[name=key]", "permit-review")
    page.fill("input[name=name]", "施工许可审查")
    page.select_option("select[name=owner]", label="市市场监督管理局")
    page.screenshot(path=str(screenshot_dir / "workflow-definition-create.png"), full_page=True)
    page.click("[data-testid=definition-form] button")
    page.wait_for_selector("form[data-ready=true]")
    expect(page.locator("[data-testid=properties]")).to_contain_text("常规")  # the panel speaks Chinese
    watermark_is_free(page, "#wf-canvas")
    page.screenshot(path=str(screenshot_dir / "workflow-designer.png"), full_page=True)

    # a task appended through the context pad is a user task; left without a name, the server refuses it and the
    # designer outlines it in red; nothing is stored
    page.click("g.djs-element[data-element-id=handle]")
    expect(page.locator("#bio-properties-panel-name")).to_have_value("办理")
    page.click(".djs-context-pad [data-action='append.append-task']")
    expect(page.locator(".bio-properties-panel-header-type")).to_have_text("人工任务")
    added = page.input_value("#bio-properties-panel-id")
    page.screenshot(path=str(screenshot_dir / "workflow-designer-appended.png"), full_page=True)
    page.fill("input[name=note]", "试一下未命名的任务")
    page.click("[data-testid=save]")
    page.wait_for_selector("form[data-ready=true]")
    expect(page.locator("[data-testid=element-errors]")).to_contain_text(added)
    expect(page.locator(f"g.djs-element.dg-error[data-element-id={added}]")).to_have_count(1)
    expect(page.locator(f"[data-testid=tasks] tr[data-element={added}]")).to_have_count(1)  # its row is there
    assert page.input_value("input[name=note]") == "试一下未命名的任务"  # what was typed stays
    page.screenshot(path=str(screenshot_dir / "workflow-designer-errors.png"), full_page=True)

    # the appended task deleted again
    page.click(f"g.djs-element[data-element-id={added}]")
    page.click(".djs-context-pad [data-action=delete]")
    expect(page.locator(f"g.djs-element[data-element-id={added}]")).to_have_count(0)

    # renamed through the properties panel, a time limit set beside it: saved as version 2
    page.click("g.djs-element[data-element-id=handle]")
    page.locator("#bio-properties-panel-name").fill("实质审查")
    page.locator("body").press("Tab")
    expect(page.locator("g.djs-element[data-element-id=handle] text")).to_have_text("实质审查")
    page.fill("input[name=task-handle-days]", "4")
    page.fill("input[name=note]", "办理改为实质审查")
    page.click("[data-testid=save]")
    page.wait_for_url("**/admin/workflow/*/")
    expect(page.locator(".messages")).to_contain_text("已保存为第 2 版")
    expect(page.locator("[data-testid=current-version]")).to_have_text("v2")
    page.wait_for_selector("#wf-viewer[data-ready=true]")
    expect(page.locator("#wf-viewer g.djs-element[data-element-id=handle] text")).to_have_text("实质审查")
    watermark_is_free(page, "#wf-viewer")
    page.screenshot(path=str(screenshot_dir / "workflow-definition-versions.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/workflow/")
    expect(page.locator("[data-testid=definitions]")).to_contain_text("v2")
    page.screenshot(path=str(screenshot_dir / "workflow-definitions.png"), full_page=True)
    page.close()

    def run_the_edited_version():
        definition = workflow.ProcessDefinition.objects.get(key="permit-review")
        version = definition.current
        started = workflow.instance_start(actor=admin, version=version, organisation=org)
        opened = [(t.element_id, t.name, t.organisation_id, t.role) for t in started.opened]
        done = workflow.task_complete(actor=handler, task=started.opened[0])
        return version.number, version.tasks, version.diagram_svg, opened, done.completed

    number, tasks, svg, opened, completed = in_another_thread(run_the_edited_version)
    assert number == 2 and tasks["handle"]["working_days"] == 4
    assert svg.startswith("<?xml") or svg.startswith("<svg")
    assert "实质审查" in svg  # the SVG the designer exported at save time
    assert opened == [("handle", "实质审查", org.pk, Role.HANDLER)]
    assert completed


GATEWAY_BPMN = (Path(__file__).parent / "subsidy.bpmn").read_text(encoding="utf-8")  # drawn: it has its DI


@pytest.fixture
def subsidy(department):
    org, admin, handler = department
    definition = workflow.definition_create(actor=admin, key="subsidy", name="补贴审核", owner=org)
    workflow.version_save(actor=admin, definition=definition, bpmn_xml=GATEWAY_BPMN)
    return definition


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_condition_edited_beside_the_diagram_routes_the_process(
    live_server, department, subsidy, browser, screenshot_dir
):
    org, admin, handler = department
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    sign_in(page, live_server.url, admin.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/workflow/{subsidy.pk}/design/")
    page.wait_for_selector("form[data-ready=true]")
    condition = page.locator("[data-testid=condition]")
    expect(condition).to_be_hidden()
    gateway, granted, refused = (
        page.locator(f"g.djs-element[data-element-id={i}]").bounding_box() for i in ("gw", "granted", "refused")
    )
    # a connection's box has no height: click on its line, between the shapes it joins
    page.mouse.click((gateway["x"] + gateway["width"] + granted["x"]) / 2, granted["y"] + granted["height"] / 2)
    expect(condition).to_be_visible()
    expect(page.locator("#wf-condition-body")).to_have_value("amount <= 500")
    page.fill("#wf-condition-body", "amount <= 800")
    page.screenshot(path=str(screenshot_dir / "workflow-designer-condition.png"), full_page=True)
    page.mouse.click(  # the default flow (its horizontal leg) takes no condition
        (gateway["x"] + gateway["width"] + refused["x"]) / 2, refused["y"] + refused["height"] / 2
    )
    expect(condition).to_be_hidden()
    page.click("[data-testid=save]")
    page.wait_for_url("**/admin/workflow/*/")
    expect(page.locator("[data-testid=current-version]")).to_have_text("v2")
    page.close()

    def run(amount):
        version = workflow.ProcessDefinition.objects.get(pk=subsidy.pk).current
        started = workflow.instance_start(actor=admin, version=version, organisation=org)
        done = workflow.task_complete(actor=handler, task=started.opened[0], facts={"amount": amount})
        return version.number, done.ended_at

    assert in_another_thread(lambda: run(700)) == (2, ["granted"])  # 700 passes the edited condition
    assert in_another_thread(lambda: run(900)) == (2, ["refused"])

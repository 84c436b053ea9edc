"""In chromium: an organisation administrator creates a process, edits it in the designer (bpmn-js with its
properties panel), sees the server's errors marked on the diagram, saves a new version, and the edited version then
runs: the renamed user task is what the engine opens. The bpmn.io watermark stays visible and uncovered (its
licence; docs/deploy.md)."""

import threading

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
    page.on("console", lambda m: print("CONSOLE", m.type, m.text))
    page.on("pageerror", lambda e: print("PAGEERROR", e))
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

    # a user task without a name: the server refuses, the task is outlined in red, nothing is stored
    page.click("g.djs-element[data-element-id=handle]")
    name = page.locator("#bio-properties-panel-name")
    expect(name).to_have_value("办理")
    page.screenshot(path=str(screenshot_dir / "workflow-designer-task-selected.png"), full_page=True)
    name.fill("")
    page.fill("input[name=note]", "试一下空名称")
    page.click("[data-testid=save]")
    page.wait_for_selector("form[data-ready=true]")
    expect(page.locator("[data-testid=element-errors]")).to_contain_text("handle")
    expect(page.locator("g.djs-element.dg-error[data-element-id=handle]")).to_have_count(1)
    assert page.input_value("input[name=note]") == "试一下空名称"  # what was typed stays
    page.screenshot(path=str(screenshot_dir / "workflow-designer-errors.png"), full_page=True)

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

"""The back-office process screens through real HTTP: the list, creating a process, the versions and the designer;
saving valid input makes version n+1, invalid input shows Chinese errors at the rows and the elements and stores
nothing; another organisation's process is not found for editing, a platform-wide one is refused to an
organisation administrator, and any staff member may look."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.workflow import api as workflow
from digigov.workflow.starter import starter_bpmn

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def org_process():
    """An organisation's process, made through the services by its organisation administrator."""
    org = OrganisationFactory(name="市市场监督管理局")
    admin = staff(Role.ORG_ADMIN, org)
    definition = workflow.definition_create(actor=admin, key="licence-review", name="许可审查", owner=org)
    xml = starter_bpmn(key="licence-review", name="许可审查", lane="牵头部门", task="审查")
    workflow.version_save(actor=admin, definition=definition, bpmn_xml=xml)
    definition.refresh_from_db()
    return definition, admin


def design_post(client, definition, **overrides):
    """The designer's form as its script sends it: the page's own fields, with the diagram's XML."""
    page = client.get(f"/admin/workflow/{definition.pk}/design/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data.update(overrides)
    return client.post(f"/admin/workflow/{definition.pk}/design/", data)


def test_the_list_shows_key_name_owner_version_and_running_instances(org_process):
    definition, admin = org_process
    reader = staff(Role.HANDLER, OrganisationFactory(name="市公安局"))
    page = client_for(reader).get("/admin/workflow/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "licence-review" in html and "许可审查" in html and "市市场监督管理局" in html and "v1" in html
    assert f"/admin/workflow/{definition.pk}/design/" not in html  # a reader gets no designer link
    assert "新建流程" not in html
    assert f"/admin/workflow/{definition.pk}/design/" in client_for(admin).get("/admin/workflow/").content.decode()


def test_an_org_admin_creates_a_process_which_starts_from_the_minimal_diagram():
    org = OrganisationFactory(name="区行政审批局")
    admin = staff(Role.ORG_ADMIN, org)
    c = client_for(admin)
    form = c.get("/admin/workflow/new/")
    assert form.status_code == 200 and "区行政审批局" in form.content.decode()
    assert "全平台" not in form.content.decode()  # only platform administrators make platform-wide processes
    response = c.post("/admin/workflow/new/", {"key": "permit", "name": "施工许可", "owner": str(org.pk)})
    definition = workflow.ProcessDefinition.objects.get(key="permit")
    assert response.status_code == 302 and response["Location"] == f"/admin/workflow/{definition.pk}/design/"
    assert definition.owner == org and definition.current.number == 1
    outline = workflow.bpmn_outline(definition.current.bpmn_xml)
    assert [(t.id, t.name) for t in outline.user_tasks] == [("handle", "办理")]
    assert len(outline.lanes) == 1
    assert LedgerEntry.objects.filter(action="workflow.definition.created").count() == 1


def test_a_bad_key_is_shown_at_its_field_with_what_was_typed():
    admin = staff(Role.PLATFORM_ADMIN)
    response = client_for(admin).post("/admin/workflow/new/", {"key": "9-bad", "name": "测试流程", "owner": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'id="id_key"[^>]*aria-invalid="true"|error-message', html)  # at the key field (service's text)
    assert 'value="测试流程"' in html
    assert not workflow.ProcessDefinition.objects.exists()


def test_a_handler_may_not_create_a_process():
    handler = staff(Role.HANDLER, OrganisationFactory())
    assert client_for(handler).get("/admin/workflow/new/").status_code == 403
    assert client_for(handler).post("/admin/workflow/new/", {"key": "x-y", "name": "x"}).status_code == 403


def test_the_designer_page_carries_the_diagram_and_a_row_per_lane_and_task(org_process):
    definition, admin = org_process
    page = client_for(admin).get(f"/admin/workflow/{definition.pk}/design/")
    html = page.content.decode()
    config = json.loads(re.search(r'<script id="wf-config" type="application/json">(.*?)</script>', html, re.S)[1])
    assert config["xml"] == definition.current.bpmn_xml
    assert config["labels"]["Create start event"] == "创建开始事件"
    assert 'name="lane-lane_lead-scope"' in html and 'name="task-handle-days"' in html
    assert "<script>" not in html  # configuration as JSON, code from files only (CSP)
    assert "vendor/bpmn-js/18.31.1/bpmn-modeler.production.min.js" in html


def test_saving_a_changed_diagram_makes_the_next_version(org_process):
    definition, admin = org_process
    c = client_for(admin)
    xml = definition.current.bpmn_xml.replace('name="审查"', 'name="实质审查"')
    response = design_post(
        c,
        definition,
        bpmn_xml=xml,
        diagram_svg="<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        note="改任务名",
        **{"task-handle-days": "5", "lane-lane_lead-role": "reviewer"},
    )
    assert response.status_code == 302 and response["Location"] == f"/admin/workflow/{definition.pk}/"
    definition.refresh_from_db()
    version = definition.current
    assert version.number == 2 and version.note == "改任务名" and version.created_by == admin
    assert version.tasks["handle"]["working_days"] == 5 and version.tasks["handle"]["name"] == "实质审查"
    assert version.lanes["lane_lead"]["role"] == "reviewer"
    detail = c.get(response["Location"]).content.decode()
    assert "已保存为第 2 版" in detail and "改任务名" in detail and version.sha256[:12] in detail
    # the same again stores nothing
    again = design_post(c, definition)
    assert again.status_code == 302 and definition.versions.count() == 2


def test_an_invalid_diagram_shows_errors_at_the_elements_and_rows_and_stores_nothing(org_process):
    definition, admin = org_process
    xml = definition.current.bpmn_xml.replace("bpmn:userTask", "bpmn:serviceTask")
    response = design_post(client_for(admin), definition, bpmn_xml=xml, note="坏的", **{"task-handle-days": "400"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "流程未保存" in html
    config = json.loads(re.search(r'<script id="wf-config" type="application/json">(.*?)</script>', html, re.S)[1])
    assert "handle" in config["errors"] and config["xml"] == xml  # the diagram is kept as it was sent
    assert 'value="坏的"' in html
    assert definition.versions.count() == 1


def test_a_lane_binding_error_lands_on_its_row(org_process):
    definition, admin = org_process
    response = design_post(
        client_for(admin), definition, **{"lane-lane_lead-scope": "part", "lane-lane_lead-part": "Bad Code"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(r'<tr data-element="lane_lead" class="wf-row-error">(.*?)</tr>', html, re.S)
    assert row and 'class="error-message"' in row[1]
    assert 'value="Bad Code"' in html
    assert definition.versions.count() == 1


def test_unreadable_xml_is_one_message_not_a_crash(org_process):
    definition, admin = org_process
    response = design_post(client_for(admin), definition, bpmn_xml="<bpmn:definitions")
    assert response.status_code == 200
    assert "XML" in response.content.decode() and definition.versions.count() == 1


def test_another_organisation_cannot_edit_but_may_look(org_process):
    definition, _admin = org_process
    other_admin = staff(Role.ORG_ADMIN, OrganisationFactory(name="市公安局"))
    c = client_for(other_admin)
    assert c.get(f"/admin/workflow/{definition.pk}/design/").status_code == 404
    assert c.post(f"/admin/workflow/{definition.pk}/design/", {"bpmn_xml": "x"}).status_code == 404
    assert c.get(f"/admin/workflow/{definition.pk}/").status_code == 200  # viewing is open to any staff
    assert definition.versions.count() == 1


def test_an_org_admin_may_not_edit_a_platform_wide_process():
    platform = staff(Role.PLATFORM_ADMIN)
    definition = workflow.definition_create(actor=platform, key="shared", name="全省通用")
    workflow.version_save(
        actor=platform,
        definition=definition,
        bpmn_xml=starter_bpmn(key="shared", name="全省通用", lane="牵头部门", task="办理"),
    )
    org_admin = staff(Role.ORG_ADMIN, OrganisationFactory())
    assert client_for(org_admin).get(f"/admin/workflow/{definition.pk}/design/").status_code == 403
    assert client_for(platform).get(f"/admin/workflow/{definition.pk}/design/").status_code == 200


def test_the_detail_page_shows_any_version_read_only(org_process):
    definition, admin = org_process
    design_post(
        client_for(admin), definition, bpmn_xml=definition.current.bpmn_xml.replace('name="审查"', 'name="复审"')
    )
    reader = staff(Role.HANDLER, OrganisationFactory())
    page = client_for(reader).get(f"/admin/workflow/{definition.pk}/?version=1").content.decode()
    config = json.loads(re.search(r'<script id="wf-config" type="application/json">(.*?)</script>', page, re.S)[1])
    assert 'name="审查"' in config["xml"]
    assert "bpmn-navigated-viewer.production.min.js" in page and "bpmn-modeler" not in page
    assert "从此版本编辑" not in page  # a reader has no designer link


def test_people_without_a_role_are_refused(org_process):
    definition, _admin = org_process
    nobody = client_for(UserFactory())
    assert nobody.get("/admin/workflow/").status_code in (302, 403)
    assert nobody.get(f"/admin/workflow/{definition.pk}/").status_code in (302, 403)

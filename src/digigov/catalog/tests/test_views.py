"""The catalogue screens in the back office, through Django's test client (R1.1–R1.3)."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from digigov.catalog import services
from digigov.catalog.models import NegativeEntry, Resource
from digigov.catalog.tests.helpers import fields, item, operator_user, seeded
from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.core.tests.files import xlsx

pytestmark = pytest.mark.django_db


def admin_user(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def world():
    org = OrganisationFactory(name="省公安厅")
    return org, admin_user(staff(Role.HANDLER, org)), admin_user(operator_user()), admin_user(staff(Role.HANDLER))


def make(org, handler, **extra):
    return services.resource_create(
        actor=handler, provider=org, classification=seeded("101001"), items=[item()], **fields(**extra)
    )


def form_data(org, **extra):
    data = {
        "provider": org.pk,
        "classification": seeded("101001").pk,
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-0-name": "公民身份号码",
        "items-0-identifier": "sfzh",
        "items-0-data_type": "C",
        "items-1-name": "",
        "items-1-identifier": "",
        "items-1-data_type": "",
    }
    return data | fields() | extra


def test_handler_creates_a_resource_with_inline_items_and_submits_it(client, world):
    org, handler, _operator, _stranger = world
    client.force_login(handler)
    assert client.get("/admin/catalog/resources/new/").status_code == 200
    response = client.post("/admin/catalog/resources/new/", form_data(org))
    resource = Resource.objects.get()
    assert response.status_code == 302 and resource.items.get().identifier == "sfzh"
    page = client.get(f"/admin/catalog/resources/{resource.pk}/").content.decode()
    assert "101001/000001" in page and "提交审核" in page
    client.post(f"/admin/catalog/resources/{resource.pk}/", {"action": "submit"})
    resource.refresh_from_db()
    assert resource.status == "submitted"


def test_form_shows_share_type_errors_in_chinese(client, world):
    org, handler, _operator, _stranger = world
    client.force_login(handler)
    page = client.post("/admin/catalog/resources/new/", form_data(org, share_type="not_shared")).content.decode()
    assert "必须填写“法律依据”" in page and not Resource.objects.exists()


def test_operator_publishes_and_sees_the_diff_of_a_revision(client, world):
    org, handler, operator, _stranger = world
    resource = make(org, handler)
    services.resource_submit(actor=handler, resource=resource)
    client.force_login(operator)
    assert "发布" in client.get(f"/admin/catalog/resources/{resource.pk}/").content.decode()
    client.post(f"/admin/catalog/resources/{resource.pk}/", {"action": "publish"})
    resource.refresh_from_db()
    assert resource.status == "published"
    services.resource_update(actor=handler, resource=resource, summary="新摘要")
    page = client.get(f"/admin/catalog/resources/{resource.pk}/").content.decode()
    assert "当前修订稿的变化" in page and "新摘要" in page


def test_other_department_cannot_open_or_edit_a_draft(client, world):
    org, handler, _operator, stranger = world
    resource = make(org, handler)
    client.force_login(stranger)
    assert client.get(f"/admin/catalog/resources/{resource.pk}/").status_code == 404
    assert client.get(f"/admin/catalog/resources/{resource.pk}/edit/").status_code == 404
    listing = client.get("/admin/catalog/resources/").content.decode()
    assert resource.name not in listing


def test_resource_list_filters(client, world):
    org, handler, _operator, _stranger = world
    make(org, handler)
    make(org, handler, name="户籍迁移信息")
    client.force_login(handler)
    page = client.get("/admin/catalog/resources/?q=户籍").content.decode()
    assert "户籍迁移信息" in page and "常住人口基本信息" not in page


def test_list_import_shows_every_bad_cell_and_export_downloads(client, world, django_capture_on_commit_callbacks):
    org, handler, _operator, _stranger = world
    content = xlsx(
        [
            ["部门", "资源名称", "信息项", "依据类型", "法律依据"],
            ["省公安厅", "涉密案件", "", "法律", "《保守国家秘密法》"],
            ["省公安厅", "", "", "法律", "某法"],
        ]
    )
    client.force_login(handler)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/catalog/lists/negative/", {"file": SimpleUploadedFile("n.xlsx", content)})
    assert response.status_code == 302 and response.url.startswith("/admin/jobs/")
    page = client.get(response.url).content.decode()
    assert "<code>B3</code>" in page and "必须填写“资源名称”。" in page and "未导入任何数据" in page
    assert not NegativeEntry.objects.exists()
    export = client.get("/admin/catalog/lists/negative/export/")
    assert load_workbook(io.BytesIO(export.content)).active["A1"].value == "部门"


def test_mount_rate_and_demand_screens(client, world):
    org, handler, operator, _stranger = world
    requester = OrganisationFactory(name="省民政厅")
    entry = services.demand_create(
        actor=staff(Role.HANDLER, requester),
        requester=requester,
        resource_name="人口信息",
        purpose="低保",
        provider=org,
    )
    client.force_login(operator)
    assert "90%" in client.get("/admin/catalog/mount-rate/").content.decode()
    client.post(f"/admin/catalog/demands/{entry.pk}/", {"action": "ask", "provider": org.pk})
    entry.refresh_from_db()
    assert entry.status == "asked"
    client.force_login(handler)
    client.post(f"/admin/catalog/demands/{entry.pk}/", {"action": "unmet", "response": "暂无此数据"})
    entry.refresh_from_db()
    assert entry.status == "unmet"
    client.force_login(admin_user(staff(Role.HANDLER)))
    assert client.get(f"/admin/catalog/demands/{entry.pk}/").status_code == 404


def published(org, handler, operator):
    resource = make(org, handler)
    services.resource_submit(actor=handler, resource=resource)
    return services.resource_review(actor=operator, resource=resource, approve=True)


def refused(response) -> bool:
    return response.status_code == 403 and "<h1>您无权打开此页面</h1>" in response.content.decode()


def test_another_department_reads_a_published_resource_but_neither_sees_nor_sends_its_forms(client, world):
    """Issue 9, item 10: the edit form of another department's resource was shown and only saving was refused."""
    org, handler, operator, stranger = world
    resource = published(org, handler, operator)
    entries = LedgerEntry.objects.count()
    client.force_login(stranger)
    page = client.get(f"/admin/catalog/resources/{resource.pk}/").content.decode()
    assert resource.name in page, "the catalogue is for every department to read"
    assert f"/admin/catalog/resources/{resource.pk}/edit/" not in page and 'data-step="withdraw"' not in page

    edit = client.get(f"/admin/catalog/resources/{resource.pk}/edit/")
    assert refused(edit) and 'name="summary"' not in edit.content.decode()
    assert refused(client.post(f"/admin/catalog/resources/{resource.pk}/edit/", form_data(org, summary="改掉")))
    assert refused(client.get(f"/admin/catalog/resources/{resource.pk}/withdraw/"))
    assert refused(client.post(f"/admin/catalog/resources/{resource.pk}/withdraw/", {"reason": "不要了"}))
    for action in ("submit", "discard", "publish"):
        assert refused(client.post(f"/admin/catalog/resources/{resource.pk}/", {"action": action})), action
    resource.refresh_from_db()
    assert (resource.status, resource.summary, resource.revision) == ("published", fields()["summary"], None)
    assert LedgerEntry.objects.count() == entries, "nothing was done, so nothing was recorded"


def test_a_person_without_an_editing_role_gets_no_new_resource_form(client, world):
    org, _handler, _operator, _stranger = world
    client.force_login(admin_user(staff(Role.REVIEWER, org)))
    assert refused(client.get("/admin/catalog/resources/new/"))
    assert refused(client.post("/admin/catalog/resources/new/", form_data(org)))
    assert not Resource.objects.exists()


def test_the_editor_of_a_resource_under_review_is_sent_back_to_it_with_the_reason(client, world):
    org, handler, _operator, _stranger = world
    resource = services.resource_submit(actor=handler, resource=make(org, handler))
    client.force_login(handler)
    response = client.get(f"/admin/catalog/resources/{resource.pk}/edit/", follow=True)
    assert response.redirect_chain == [(f"/admin/catalog/resources/{resource.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["该目录资源当前为“待审核”，现在不能编辑。"]


def test_withdrawing_asks_on_a_page_of_its_own_and_keeps_the_reason(client, world):
    """No inline confirm() (the Content-Security-Policy refuses it): 撤销 leads to a confirmation page."""
    org, handler, operator, _stranger = world
    resource = published(org, handler, operator)
    client.force_login(handler)
    detail = client.get(f"/admin/catalog/resources/{resource.pk}/").content.decode()
    assert f'href="/admin/catalog/resources/{resource.pk}/withdraw/" data-step="withdraw">撤销</a>' in detail
    confirm = client.get(f"/admin/catalog/resources/{resource.pk}/withdraw/").content.decode()
    assert "撤销后，该资源退出目录" in confirm and "确认撤销" in confirm
    assert f'href="/admin/catalog/resources/{resource.pk}/">取消</a>' in confirm
    resource.refresh_from_db()
    assert resource.status == "published", "opening the page changes nothing"

    done = client.post(f"/admin/catalog/resources/{resource.pk}/withdraw/", {"reason": "职能调整，不再提供"})
    assert done.status_code == 302 and done["Location"] == f"/admin/catalog/resources/{resource.pk}/"
    resource.refresh_from_db()
    assert resource.status == "withdrawn"
    entry = LedgerEntry.objects.filter(action="catalog.resource.withdrawn").get()
    assert "职能调整，不再提供" in entry.summary
    again = client.get(f"/admin/catalog/resources/{resource.pk}/withdraw/", follow=True)
    assert again.redirect_chain[-1][0] == f"/admin/catalog/resources/{resource.pk}/", "nothing left to withdraw"

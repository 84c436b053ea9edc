"""The service-item screens in the back office, through Django's test client (R4.1)."""

import pytest
from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.eservices import services
from digigov.eservices.choices import ItemStatus
from digigov.eservices.models import ServiceItem
from digigov.eservices.tests.factories import BasicItemFactory, ServiceItemFactory, guide, process_definition

pytestmark = pytest.mark.django_db


def admin_user(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def world():
    org = OrganisationFactory(name="省市场监管局")
    handler = admin_user(staff(Role.HANDLER, org))
    reviewer = admin_user(staff(Role.REVIEWER, org))
    stranger = admin_user(staff(Role.HANDLER, OrganisationFactory(name="省民政厅")))
    return org, handler, reviewer, stranger


def form_data(basic, org, **extra):
    data = {
        "basic": basic.pk,
        "organisation": org.pk,
        "fees-TOTAL_FORMS": "1",
        "fees-INITIAL_FORMS": "0",
        "materials-TOTAL_FORMS": "2",
        "materials-INITIAL_FORMS": "0",
        "materials-0-name": "营业执照",
        "materials-0-source": "government",
        "materials-0-originals": "1",
        "materials-0-copies": "0",
        "materials-0-formats": "both",
        "materials-0-required": "always",
        "materials-0-substitute": "licence",
        "materials-0-licence_type": "11100000000013338W001",
        "materials-1-source": "applicant",
        "materials-1-originals": "1",
        "materials-1-copies": "0",
        "materials-1-formats": "both",
        "materials-1-required": "always",
        "materials-1-substitute": "none",
        "parts-TOTAL_FORMS": "1",
        "parts-INITIAL_FORMS": "0",
    }
    fields = guide(process=process_definition().pk) | extra
    fields.pop("fee")
    data.update({k: ("on" if v is True else v) for k, v in fields.items() if v is not False})
    return data


def test_the_list_filters_by_department_kind_status_and_keyword(client, world):
    org, handler, _reviewer, _stranger = world
    ServiceItemFactory(organisation=org, basic=BasicItemFactory(name="食品经营许可"))
    ServiceItemFactory(basic=BasicItemFactory(name="出生登记", kind="confirmation", basic_code="070000000009"))
    client.force_login(handler)
    page = client.get("/admin/eservices/items/").content.decode()
    assert "食品经营许可" in page and "出生登记" in page and "新建事项" in page
    assert "出生登记" not in client.get("/admin/eservices/items/?q=食品").content.decode()
    assert "食品经营许可" not in client.get("/admin/eservices/items/?kind=confirmation").content.decode()
    assert "出生登记" not in client.get(f"/admin/eservices/items/?org={org.pk}").content.decode()
    assert "食品经营许可" not in client.get("/admin/eservices/items/?status=draft").content.decode()


def test_create_submit_review_and_publish_on_the_screens(client, world):
    org, handler, reviewer, _stranger = world
    basic = BasicItemFactory(name="食品经营许可")
    client.force_login(handler)
    assert client.get("/admin/eservices/items/new/").status_code == 200
    response = client.post("/admin/eservices/items/new/", form_data(basic, org))
    item = ServiceItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/eservices/items/{item.pk}/"
    assert item.materials.get().licence_type == "11100000000013338W001"
    client.post(f"/admin/eservices/items/{item.pk}/", {"action": "submit"})
    client.force_login(reviewer)
    page = client.get(f"/admin/eservices/items/{item.pk}/").content.decode()
    assert 'data-testid="review-form"' in page
    response = client.post(f"/admin/eservices/items/{item.pk}/", {"action": "return", "comment": ""})
    assert "请说明退回的理由" in response.content.decode()
    client.post(f"/admin/eservices/items/{item.pk}/", {"action": "publish", "comment": ""})
    item.refresh_from_db()
    assert (item.status, item.version) == (ItemStatus.PUBLISHED, 1)
    assert client.get(f"/admin/eservices/items/{item.pk}/versions/1/").status_code == 200
    assert LedgerEntry.objects.filter(action="eservices.item.published").count() == 1


def test_a_promised_limit_over_the_legal_one_is_shown_at_the_field(client, world):
    org, handler, _reviewer, _stranger = world
    client.force_login(handler)
    response = client.post(
        "/admin/eservices/items/new/", form_data(BasicItemFactory(), org, legal_days="5", promised_days="8")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "不能长于法定时限" in page and not ServiceItem.objects.exists()


def test_a_material_error_lands_on_its_row(client, world):
    org, handler, _reviewer, _stranger = world
    client.force_login(handler)
    data = form_data(BasicItemFactory(), org) | {"materials-0-licence_type": ""}
    page = client.post("/admin/eservices/items/new/", data).content.decode()
    assert "GB/T 36902" in page and not ServiceItem.objects.exists()


def test_a_published_item_is_revised_through_the_form(client, world):
    org, handler, _reviewer, _stranger = world
    item = ServiceItemFactory(organisation=org)
    client.force_login(handler)
    data = form_data(item.basic, org, promised_days="2")
    response = client.post(f"/admin/eservices/items/{item.pk}/edit/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.revision["fields"]["promised_days"] == 2 and item.promised_days == 10


def test_another_department_reads_published_items_but_cannot_edit_or_see_drafts(client, world):
    org, handler, _reviewer, stranger = world
    item = ServiceItemFactory(organisation=org)
    draft = services.item_create(actor=handler, basic=BasicItemFactory(), organisation=org, **guide())
    client.force_login(stranger)
    assert client.get(f"/admin/eservices/items/{item.pk}/").status_code == 200
    assert client.get(f"/admin/eservices/items/{item.pk}/edit/").status_code == 403
    assert client.post(f"/admin/eservices/items/{item.pk}/", {"action": "withdraw"}).status_code == 403
    assert client.get(f"/admin/eservices/items/{draft.pk}/").status_code == 404
    assert draft.name not in client.get("/admin/eservices/items/").content.decode()
    refused = client.post("/admin/eservices/items/new/", form_data(BasicItemFactory(), org))
    assert refused.status_code == 200 and not ServiceItem.objects.filter(organisation=org).exclude(
        pk__in=[item.pk, draft.pk]
    )


def test_a_handler_cannot_publish(client, world):
    org, handler, _reviewer, _stranger = world
    item = services.item_create(
        actor=handler, basic=BasicItemFactory(), organisation=org, **guide(process=process_definition())
    )
    services.item_submit(actor=handler, item=item)
    client.force_login(handler)
    assert client.post(f"/admin/eservices/items/{item.pk}/", {"action": "publish"}).status_code == 403

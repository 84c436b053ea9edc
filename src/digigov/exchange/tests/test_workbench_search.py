"""The workbench search box works for every staff role and finds what that person may see (issue #8 B3)."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.inbox import todo_assign
from digigov.core.tests.factories import staff
from digigov.exchange import services
from digigov.exchange.tests.factories import SystemClientFactory

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 10, 8), dt.date(2027, 10, 7)


def apply(world, consumer, actor, purpose):
    return services.application_submit(
        actor=actor,
        consumer=consumer,
        resource_id=world.open_resource.pk,
        item_ids=[item.pk for item in world.items(world.open_resource)[:2]],
        purpose=purpose,
        legal_basis="《优化营商环境条例》第十九条",
        period_start=START,
        period_end=END,
        system_id=SystemClientFactory(organisation=consumer).pk,
    )


@pytest.fixture
def two_applications(world, today):
    mine = apply(world, world.consumer, world.cons_handler, "企业开办时核验户籍信息")
    theirs = apply(world, world.other, world.other_handler, "学籍登记时核验户籍信息")
    return mine, theirs


def search(client, user, q):
    client.force_login(user)
    response = client.get("/admin/search/", {"q": q})
    assert response.status_code == 200
    page = response.content.decode()
    assert "没有权限" not in page and "无权限" not in page
    return page


def test_a_handler_finds_their_own_departments_application_and_not_another(world, two_applications, client):
    mine, theirs = two_applications
    page = search(client, world.cons_handler, "核验户籍")
    assert mine.number in page
    assert theirs.number not in page, "another department's application stays out of sight"


def test_the_provider_finds_applications_for_its_resources_and_the_resources(world, two_applications, client):
    page = search(client, world.prov_handler, world.open_resource.name)
    assert all(app.number in page for app in two_applications)
    page = search(client, world.prov_handler, world.open_resource.code)
    assert 'data-testid="search-section-catalog.resources"' in page and world.open_resource.name in page


def test_the_platform_administrator_finds_both(world, two_applications, client):
    admin = staff(Role.PLATFORM_ADMIN)
    admin.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    page = search(client, admin, "核验户籍")
    assert all(app.number in page for app in two_applications)


def test_a_handler_finds_their_to_dos_and_the_box_leads_everyone_to_the_search(world, client):
    todo_assign(
        actor=None, assignee_org=world.other, assignee_role=Role.HANDLER, title="报送学籍数据共享情况", working_days=5
    )
    assert "报送学籍数据共享情况" in search(client, world.other_handler, "学籍 报送")
    assert "报送学籍数据共享情况" not in search(client, world.cons_handler, "学籍")
    assert "没有与“学籍”相符的结果" in search(client, world.cons_handler, "学籍")

    dashboard = client.get("/admin/").content.decode()
    assert 'action="/admin/search/"' in dashboard and "搜索资源、共享申请、待办" in dashboard

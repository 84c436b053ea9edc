"""Another organisation can neither see nor act (issue 9, item 10): every exchange screen that shows or sends a
form about one organisation's application, grant, error report or data service answers another organisation's
staff with 404 (not theirs to know of) or 403 (theirs to read, not to act on), and nothing changes or is recorded.
Forms acting for one's own organisation are shown only to those whose roles may send them."""

import pytest

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import staff
from digigov.exchange import services
from digigov.exchange.choices import ApplicationStatus
from digigov.exchange.models import ErrorReport, Grant, Mount
from digigov.exchange.tests.conftest import _admin_access
from digigov.exchange.tests.test_applications import apply

pytestmark = pytest.mark.django_db
CSV = "身份证号,姓名\n420102199001011234,张三\n".encode()


def refused(response) -> bool:
    return response.status_code == 403 and "<h1>您无权打开此页面</h1>" in response.content.decode()


def hidden(response) -> bool:
    return response.status_code == 404 and "<h1>页面不存在</h1>" in response.content.decode()


@pytest.fixture
def cases(world, today):
    application = apply(world)
    grant = apply(world, world.open_resource).grant  # unconditional: granted at once
    report = services.error_report_submit(
        actor=world.cons_handler,
        reporter=world.consumer,
        resource_id=world.resource.pk,
        record_key="420102199001011236",
        item_id=world.items()[1].pk,
        claimed_value="张叁",
        evidence="户口簿",
    )
    service = services.service_register_table(
        actor=world.prov_handler,
        provider=world.provider,
        name="人口库表",
        filename="p.csv",
        content=CSV,
        key_column="身份证号",
    )
    return application, grant, report, service


def test_another_organisation_finds_nothing_to_open_or_send(client, world, cases):
    application, grant, report, service = cases
    entries = LedgerEntry.objects.count()
    client.force_login(world.other_handler)
    for url, data in (
        (f"/admin/exchange/applications/{application.pk}/", {"op": "withdraw"}),
        (f"/admin/exchange/error-reports/{report.pk}/", {"outcome": "confirmed_correct", "answer": "无误"}),
        (f"/admin/exchange/services/{service.pk}/", {"op": "reload"}),
    ):
        assert hidden(client.get(url)), url
        assert hidden(client.post(url, data)), url
    assert hidden(client.post("/admin/exchange/grants/", {"grant": grant.pk, "reason": "不再需要"}))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.OPERATOR_CHECK
    assert Grant.objects.get(pk=grant.pk).is_active and ErrorReport.objects.get(pk=report.pk).status == "submitted"
    assert LedgerEntry.objects.count() == entries


def test_who_may_read_but_not_act_is_shown_no_form_and_refused_if_they_send_one(client, world, cases):
    application, grant, report, service = cases
    entries = LedgerEntry.objects.count()
    # the platform operator reads every data service; mounting, unmounting and reloading are the provider's
    client.force_login(world.op_handler)
    page = client.get(f"/admin/exchange/services/{service.pk}/?resource={world.resource.pk}").content.decode()
    assert "人口库表" in page
    assert not [op for op in ("mount", "unmount", "reload") if f'name="op" value="{op}"' in page]
    sent = {"op": "mount", "resource": world.resource.pk, "map:sfzh": "身份证号", "map:xm": "姓名"}
    assert refused(client.post(f"/admin/exchange/services/{service.pk}/", sent))
    assert not Mount.objects.exists()
    # the consumer holds the grant but only its provider revokes it; the reporter may not answer its own report
    client.force_login(world.cons_handler)
    assert f'value="{grant.pk}"' not in client.get("/admin/exchange/grants/").content.decode()
    assert refused(client.post("/admin/exchange/grants/", {"grant": grant.pk, "reason": "不再需要"}))
    assert 'name="outcome"' not in client.get(f"/admin/exchange/error-reports/{report.pk}/").content.decode()
    answer = {"outcome": "confirmed_correct", "answer": "无误"}
    assert refused(client.post(f"/admin/exchange/error-reports/{report.pk}/", answer))
    assert Grant.objects.get(pk=grant.pk).is_active and ErrorReport.objects.get(pk=report.pk).status == "submitted"
    assert LedgerEntry.objects.count() == entries


def test_forms_for_ones_own_organisation_need_a_role_that_may_send_them(client, world):
    reviewer = staff(Role.REVIEWER, world.consumer)  # decides, but neither applies, reports nor registers services
    _admin_access(reviewer)
    client.force_login(reviewer)
    for url in (
        f"/admin/exchange/applications/new/?resource={world.resource.pk}",
        f"/admin/exchange/error-reports/new/?resource={world.resource.pk}",
        "/admin/exchange/services/new/",
    ):
        assert refused(client.get(url)), url
        assert refused(client.post(url, {"resource": world.resource.pk})), url
    for url, button in (
        ("/admin/exchange/applications/", "/admin/exchange/applications/new/"),
        ("/admin/exchange/error-reports/", "/admin/exchange/error-reports/new/"),
        ("/admin/exchange/services/", "/admin/exchange/services/new/"),
    ):
        assert button not in client.get(url).content.decode(), url
    client.force_login(world.cons_handler)
    assert (
        "市场主体登记系统"
        in client.get(f"/admin/exchange/applications/new/?resource={world.resource.pk}").content.decode()
    )

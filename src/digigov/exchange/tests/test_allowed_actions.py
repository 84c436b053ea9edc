"""Who may do what now (core.lifecycle): the lifecycle answers per person and state, and every screen shows only
those buttons — nobody is offered an action the service would refuse after they typed a reason."""

import datetime as dt

import pytest

from digigov.exchange import services
from digigov.exchange.lifecycle import APPLICATION, ERROR_REPORT, GRANT, Action
from digigov.exchange.tests.test_applications import apply

pytestmark = pytest.mark.django_db
D = dt.date


def test_each_side_gets_its_own_actions_on_an_application(world, today):
    application = apply(world)
    assert APPLICATION.actions_for(world.op_handler, application) == [Action.FORWARD, Action.RETURN]
    assert APPLICATION.actions_for(world.cons_handler, application) == [Action.WITHDRAW]
    assert APPLICATION.actions_for(world.prov_reviewer, application) == []
    assert APPLICATION.actions_for(world.other_handler, application) == []
    services.application_forward(actor=world.op_handler, application=application)
    application.refresh_from_db()
    assert APPLICATION.actions_for(world.prov_reviewer, application) == [Action.GRANT, Action.REFUSE]
    assert APPLICATION.actions_for(world.prov_handler, application) == []  # handlers do not decide
    # 督办 waits for the deadline (2026-10-16), then is offered once.
    assert APPLICATION.actions_for(world.op_handler, application) == [Action.URGE]
    today(D(2026, 10, 19))
    assert APPLICATION.actions_for(world.op_handler, application) == [Action.URGE, Action.ESCALATE]
    services.application_escalate(actor=world.op_handler, application=application)
    application.refresh_from_db()
    assert APPLICATION.actions_for(world.op_handler, application) == [Action.URGE]


def test_a_grant_is_revoked_by_its_provider_or_the_operator_never_by_the_consumer(world, today):
    grant = apply(world, world.open_resource).grant
    assert GRANT.actions_for(world.cons_handler, grant) == []
    assert GRANT.actions_for(world.other_handler, grant) == []
    assert GRANT.actions_for(world.prov_reviewer, grant) == ["revoke"]
    assert GRANT.actions_for(world.op_handler, grant) == ["revoke"]
    services.grant_revoke(actor=world.prov_reviewer, grant=grant, reason="停止使用")
    grant.refresh_from_db()
    assert GRANT.actions_for(world.prov_reviewer, grant) == []


def test_an_error_report_is_answered_once_by_the_providers_staff(world, today):
    report = services.error_report_submit(
        actor=world.cons_handler,
        reporter=world.consumer,
        resource_id=world.resource.pk,
        record_key="420102199001011236",
        item_id=world.items()[1].pk,
        claimed_value="张叁",
        evidence="户口簿",
    )
    assert ERROR_REPORT.actions_for(world.cons_handler, report) == []
    assert ERROR_REPORT.actions_for(world.prov_handler, report) == ["correct", "confirm"]
    services.error_report_answer(actor=world.prov_handler, report=report, corrected=False, answer="经核对无误")
    report.refresh_from_db()
    assert ERROR_REPORT.actions_for(world.prov_handler, report) == []


def _buttons(page: str) -> set[str]:
    ops = ("forward", "return", "grant", "refuse", "urge", "escalate", "withdraw")
    return {op for op in ops if f'value="{op}"' in page}


def test_the_application_screen_shows_each_person_only_their_buttons(client, world, today):
    application = apply(world)
    url = f"/admin/exchange/applications/{application.pk}/"
    seen = {}
    for who in ("op_handler", "cons_handler", "prov_reviewer"):
        client.force_login(getattr(world, who))
        seen[who] = _buttons(client.get(url).content.decode())
    assert seen == {"op_handler": {"forward", "return"}, "cons_handler": {"withdraw"}, "prov_reviewer": set()}
    client.force_login(world.cons_handler)
    assert "理由或意见" not in client.get(url).content.decode()  # withdrawing asks for no words
    services.application_forward(actor=world.op_handler, application=application)
    client.force_login(world.prov_reviewer)
    page = client.get(url).content.decode()
    assert _buttons(page) == {"grant", "refuse"} and "理由或意见" in page


def test_revoke_is_offered_on_the_grant_list_to_the_provider_and_operator_not_the_consumer(client, world, today):
    grant = apply(world, world.open_resource).grant
    client.force_login(world.cons_handler)
    page = client.get("/admin/exchange/grants/").content.decode()
    assert grant.application.number in page and "撤销</button>" not in page
    for decider in (world.prov_reviewer, world.op_handler):
        client.force_login(decider)
        assert "撤销</button>" in client.get("/admin/exchange/grants/").content.decode()
    # A forged post by the consumer is refused by the service, and nothing changes.
    client.force_login(world.cons_handler)
    page = client.post("/admin/exchange/grants/", {"grant": grant.pk, "reason": "不用了"}).content.decode()
    grant.refresh_from_db()
    assert grant.is_active and "您无权" in page


def test_a_revocation_without_reason_is_shown_at_the_field_and_keeps_the_grant(client, world, today):
    grant = apply(world, world.open_resource).grant
    client.force_login(world.prov_reviewer)
    page = client.post("/admin/exchange/grants/", {"grant": grant.pk, "reason": ""}).content.decode()
    grant.refresh_from_db()
    assert grant.is_active and 'class="error-message"> 此项为必填项。' in " ".join(page.split())
    # a real form field: its label, required mark and error belong to this grant's row
    assert f'<label class="w-field__label" for="id_revoke{grant.pk}_reason"' in page
    assert '撤销理由<span class="w-required-mark">*</span>' in page

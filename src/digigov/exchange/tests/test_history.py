"""Histories (办理过程) read from the ledger name people and steps in words (R0.4): a share application's and a
data service's, through the one core helper (core.audit_actions.describe_many)."""

import re

import pytest

from digigov.core import audit_actions
from digigov.exchange import services
from digigov.exchange.lifecycle import TRANSITIONS, Action
from digigov.exchange.tests.test_applications import apply
from digigov.exchange.tests.test_dataservices import table

pytestmark = pytest.mark.django_db


def name(user, surname: str, given: str):
    user.last_name, user.first_name = surname, given
    user.save()
    return user


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_application_history_names_the_people_the_steps_and_the_reason(client, world, today):
    name(world.cons_handler, "赵", "红")
    name(world.op_handler, "王", "建国")
    name(world.prov_reviewer, "陈", "立")
    application = apply(world)
    services.application_forward(actor=world.op_handler, application=application)
    services.application_refuse(actor=world.prov_reviewer, application=application, reason="用途超出法定职责范围")
    client.force_login(world.cons_handler)
    page = visible_text(client.get(f"/admin/exchange/applications/{application.pk}/").content.decode())
    history = page[page.index("办理过程") :]
    assert re.search(r"赵红 提交申请 资源：\S+ 人口基本信息；信息项：公民身份号码、姓名", history)
    assert re.search(r"王建国 转提供方 截止日期：\d{4}-\d\d-\d\d", history)
    assert "陈立 不予同意 理由：用途超出法定职责范围" in history
    for login in (world.cons_handler, world.op_handler, world.prov_reviewer):
        assert login.username not in history
    assert "exchange." not in history and "{" not in history and "'status'" not in history


def test_data_service_page_shows_rows_as_cells_and_its_history(client, world):
    name(world.prov_handler, "张", "敏")
    service = table(world)
    services.service_mount(
        actor=world.prov_handler,
        service=service,
        resource_id=world.resource.pk,
        field_map={"sfzh": "身份证号", "xm": "姓名"},
    )
    client.force_login(world.prov_handler)
    html = client.get(f"/admin/exchange/services/{service.pk}/").content.decode()
    page = visible_text(html)
    assert "{'" not in html and "': '" not in html  # no Python dict of a row
    assert "身份证号 姓名 电话" in page and "1 420102199001011234 张三 13800000001" in page
    history = page[page.index("办理过程") :]
    assert "张敏 登记数据服务 人口库表（平台托管库表）；people.csv，2 行" in history
    assert re.search(r"张敏 挂接数据服务 \S+ 人口基本信息；字段对应：公民身份号码 ← 身份证号、姓名 ← 姓名", history)
    assert world.prov_handler.username not in history


def test_each_lifecycle_step_has_a_registered_ledger_key():
    """_step writes "exchange.application.<action>"; submitting is recorded as "submitted" either way."""
    submits = {Action.SUBMIT_CONDITIONAL, Action.SUBMIT_UNCONDITIONAL}
    keys = {f"exchange.application.{action}" for _state, action in TRANSITIONS if action not in submits}
    assert len(keys) == 7 and all(audit_actions.is_registered(key) for key in keys)

"""The figures screen and its Excel export through Django's test client (ADR 0003 §6): the numbers are those of the
items made here, they follow an item's change, and each department sees its own rows only."""

import io
import json
import re

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from digigov.core.choices import Role
from digigov.core.tests.factories import DivisionFactory, OrganisationFactory, UserFactory, staff
from digigov.core.tests.test_back_office_language import sidebar_menus
from digigov.eservices.choices import Substitute
from digigov.eservices.models import ServiceItem
from digigov.eservices.tests.factories import MaterialFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db
URL = "/admin/eservices/figures/"


def admin_user(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def world():
    """Province department 甲厅 with three published items (depth IV, II, III), city department 乙局 with one
    (depth III); a handler of each, the platform operator's handler and a platform administrator."""
    a = OrganisationFactory(name="甲厅")
    b = OrganisationFactory(name="乙局", division=DivisionFactory(code="420100", name="武汉市", level="city"))
    operator = OrganisationFactory(name="省政务服务和大数据管理局", is_platform_operator=True)
    a1 = ServiceItemFactory(organisation=a, online_depth=4, visits=0, legal_days=20, promised_days=5)
    a2 = ServiceItemFactory(organisation=a, online_depth=2, visits=2, legal_days=10, promised_days=10)
    ServiceItemFactory(organisation=a, online_depth=3, visits=1, legal_days=0, promised_days=3)
    b1 = ServiceItemFactory(organisation=b, online_depth=3, visits=1, legal_days=20, promised_days=5)
    MaterialFactory(item=a1, substitute=Substitute.LICENCE, licence_type="11100000000013338W001")
    MaterialFactory(item=a1)
    MaterialFactory(item=b1, substitute=Substitute.SHARED)
    return {
        "a2": a2,
        "a_handler": admin_user(staff(Role.HANDLER, a)),
        "b_handler": admin_user(staff(Role.HANDLER, b)),
        "operator": admin_user(staff(Role.HANDLER, operator)),
        "admin": UserFactory(is_superuser=True),
    }


def charts(response) -> dict:
    """The figures the page's charts are drawn from (its JSON data island), by figure and row label."""
    island = re.search(r'<script id="figures-data" type="application/json">(.*?)</script>', response.text, re.S)
    data = json.loads(island.group(1))
    return {f["key"]: {r["label"]: r for r in f["rows"]} for f in data["figures"]}


def table_row(response, figure: str, label: str) -> list[str]:
    """The cells of one row of a figure's table, as text."""
    table = re.search(rf'data-testid="figure-table-{figure}">(.*?)</table>', response.text, re.S).group(1)
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells and cells[0] == label:
            return cells
    raise AssertionError(f"no row {label} in {figure}")


def test_the_screen_shows_the_items_figures_and_follows_a_change_of_depth(client, world):
    client.force_login(world["operator"])
    response = client.get(URL)
    assert response.status_code == 200
    figures = charts(response)
    online = figures["online_rate"]
    assert {label: (r["value"], r["target"], r["met"]) for label, r in online.items()} == {
        "全部": (75.0, None, None),
        "省级": (66.7, 90, False),
        "市级": (100.0, 70, True),
        "甲厅": (66.7, 90, False),
        "乙局": (100.0, 70, True),
    }
    assert table_row(response, "online_rate", "甲厅") == ["甲厅", "66.7%", "2", "3", "≥ 90%", "未达标"]
    assert table_row(response, "online_rate", "全部") == ["全部", "75.0%", "3", "4", "—", "—"]
    assert figures["full_online_rate"]["全部"]["value"] == 25.0
    assert (figures["one_visit"]["全部"]["value"], figures["one_visit"]["全部"]["target"]) == (3, 200)
    assert figures["substitution_rate"]["甲厅"]["value"] == 50.0
    assert figures["time_compression"]["乙局"]["value"] == 75.0
    assert "网上可办率" in response.text and "eservices.online_rate_target_province" in response.text

    ServiceItem.objects.filter(pk=world["a2"].pk).update(online_depth=4, visits=0)
    figures = charts(client.get(URL))
    assert (figures["online_rate"]["甲厅"]["value"], figures["online_rate"]["甲厅"]["met"]) == (100.0, True)
    assert figures["online_rate"]["全部"]["value"] == 100.0
    assert figures["full_online_rate"]["甲厅"]["value"] == 66.7
    assert figures["one_visit"]["全部"]["value"] == 4


def test_the_page_has_no_inline_script_and_loads_the_vendored_echarts(client, world):
    client.force_login(world["admin"])
    page = client.get(URL).text
    assert "vendor/echarts/6.1.0/echarts.min.js" in page and "eservices/figures.js" in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs, _body in scripts)
    assert not re.search(r"\son[a-z]+=", page)


def test_a_department_sees_only_its_own_rows(client, world):
    client.force_login(world["b_handler"])
    response = client.get(URL)
    figures = charts(response)
    assert set(figures["online_rate"]) == {"全部", "市级", "乙局"}
    assert figures["online_rate"]["全部"]["value"] == 100.0
    assert "甲厅" not in response.text and "乙局" in response.content.decode()
    client.force_login(world["a_handler"])
    response = client.get(URL)
    assert set(charts(response)["online_rate"]) == {"全部", "省级", "甲厅"} and "乙局" not in response.text


def test_staff_of_a_department_without_items_see_none_of_the_others(client, world):
    client.force_login(admin_user(staff(Role.LEADER, OrganisationFactory(name="丙委"))))
    response = client.get(URL)
    assert response.status_code == 200
    figures = charts(response)
    assert set(figures["online_rate"]) == {"全部"} and figures["online_rate"]["全部"]["value"] is None
    assert "甲厅" not in response.text and "乙局" not in response.text
    xlsx = client.get(URL, {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[3:]] == ["全部"]


def test_nobody_outside_the_staff_opens_the_screen(client, world):
    assert client.get(URL).status_code == 302  # to the sign-in page
    client.force_login(admin_user(UserFactory()))
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "xlsx"}).status_code == 403


def test_the_excel_export_has_the_screens_rows(client, world):
    client.force_login(world["admin"])
    response = client.get(URL, {"format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="eservices-figures-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "办件与事项指标" and "全部部门" in rows[1][0]
    header = rows[2]
    assert header[:6] == (
        "范围",
        "部门或层级",
        "网上可办率（%）",
        "网上可办率目标",
        "全流程网办率（%）",
        "全流程网办率目标",
    )
    lines = {r[1]: dict(zip(header, r, strict=True)) for r in rows[3:]}
    assert list(lines) == ["全部", "省级", "市级", "乙局", "甲厅"]
    assert [lines[n]["范围"] for n in lines] == ["总体", "行政区划层级", "行政区划层级", "部门", "部门"]
    assert lines["甲厅"]["网上可办率（%）"] == 66.7 and lines["甲厅"]["网上可办率目标"] == 90
    assert lines["全部"]["网上可办率目标"] is None
    assert lines["全部"]["“最多跑一次”事项（项）"] == 3 and lines["全部"]["“最多跑一次”事项目标"] == 200
    assert lines["乙局"]["时限压缩率（%）"] == 75.0 and lines["乙局"]["时限压缩率目标"] == 40
    assert (lines["全部"]["已发布事项"], lines["全部"]["网上可办事项"], lines["全部"]["全程网办事项"]) == (4, 3, 1)
    assert (lines["全部"]["申请材料"], lines["全部"]["可免提交材料"]) == (3, 2)
    assert (lines["甲厅"]["承诺时限合计（工作日）"], lines["甲厅"]["法定时限合计（工作日）"]) == (15, 30)


def test_a_department_exports_only_its_own_rows(client, world):
    client.force_login(world["a_handler"])
    rows = list(
        load_workbook(io.BytesIO(client.get(URL, {"format": "xlsx"}).content)).active.iter_rows(values_only=True)
    )
    assert [r[1] for r in rows[3:]] == ["全部", "省级", "甲厅"] and "甲厅" in rows[1][0]
    assert not any("乙局" in str(cell) for row in rows for cell in row)


def test_the_menu_offers_the_screen_to_staff(client, world):
    client.force_login(world["b_handler"])
    entries = sidebar_menus(client.get("/admin/").content.decode())["政务服务"]
    assert {"label": "办件与事项指标", "url": URL} in [{"label": e["label"], "url": e["url"]} for e in entries]

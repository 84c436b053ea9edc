"""The subject category tree kept as data (issue #13 item 2; GB/T 44191 知识分类): knowledge managers add and
change nodes and import a whole tree from Excel, all rows or none with every bad cell named; the export imports
back; nobody else changes it."""

import io
import json

import openpyxl
import pytest

from digigov.core.choices import Role
from digigov.core.errors import DomainError, PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.spreadsheets import ImportRejectedError, write_xlsx
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.knowledge import services
from digigov.knowledge.models import Category
from digigov.knowledge.tests.factories import make_centre

pytestmark = pytest.mark.django_db
HEADER = ["分类编码", "分类名称", "排序", "启用"]


@pytest.fixture
def manager():
    return make_centre()[1]


def test_a_manager_adds_and_changes_categories_under_their_parents(manager):
    city = services.category_create(actor=manager, code="01", name="城乡建设")
    road = services.category_create(actor=manager, code="0101", name="道路交通", order=2)
    assert road.parent == city
    with pytest.raises(DomainError) as orphan:
        services.category_create(actor=manager, code="020101", name="无上级")
    assert "0201" in str(orphan.value.fields["code"][0])
    with pytest.raises(DomainError) as bad:
        services.category_create(actor=manager, code="1", name="")
    assert set(bad.value.fields) == {"code", "name"}
    with pytest.raises(DomainError):
        services.category_create(actor=manager, code="01", name="重复")
    services.category_update(actor=manager, category_id=road.pk, name="道路与交通", order=1, is_active=False)
    road.refresh_from_db()
    assert (road.name, road.is_active) == ("道路与交通", False)
    assert list(
        LedgerEntry.objects.filter(action__startswith="knowledge.category").values_list("action", flat=True)
    ) == [
        "knowledge.category.created",
        "knowledge.category.created",
        "knowledge.category.changed",
    ]


def test_a_department_or_an_agent_may_not_change_the_tree():
    centre, _manager = make_centre()
    for person in (staff(Role.ORG_ADMIN, OrganisationFactory()), staff(Role.HANDLER, centre)):
        with pytest.raises(PermissionDeniedError):
            services.category_create(actor=person, code="09", name="其他")
        with pytest.raises(PermissionDeniedError):
            services.category_import(actor=person, data=write_xlsx(HEADER, [["09", "其他", 0, "是"]], title="t"))
    assert not Category.objects.exists()


def test_an_excel_tree_imports_whole_and_updates_existing_codes(manager):
    services.category_create(actor=manager, code="03", name="社保")
    data = write_xlsx(
        HEADER,
        [["03", "社会保障", 1, "是"], ["0301", "养老保险", 1, "是"], ["030101", "转移接续", "", ""],
         ["05", "住房保障", 2, "否"]],
        title="事项分类",
    )  # fmt: skip
    assert services.category_import(actor=manager, data=data) == 4
    tree = {c.code: (c.name, c.parent.code if c.parent else None, c.is_active) for c in Category.objects.all()}
    assert tree == {
        "03": ("社会保障", None, True),
        "0301": ("养老保险", "03", True),
        "030101": ("转移接续", "0301", True),
        "05": ("住房保障", None, False),
    }
    entry = LedgerEntry.objects.get(action="knowledge.category.imported")
    assert json.loads(entry.summary)["after"] == {"count": 4}


def test_a_file_with_bad_cells_changes_nothing_and_names_every_cell_in_chinese(manager):
    data = write_xlsx(
        HEADER,
        [["01", "城乡建设", 1, "是"], ["0x", "错码", 1, "是"], ["0201", "无上级", 1, "是"], ["01", "重复", 1, "是"],
         ["02", "", "第一", "也许"]],
        title="事项分类",
    )  # fmt: skip
    with pytest.raises(ImportRejectedError) as rejected:
        services.category_import(actor=manager, data=data)
    problems = {e.cell: str(e.message) for e in rejected.value.rows}
    assert set(problems) == {"A3", "A4", "A5", "B6", "C6", "D6"}
    assert "分类编码为 2 到 20 位数字" in problems["A3"]
    assert "上级分类 02 " in problems["A4"]
    assert "出现了两次" in problems["A5"]
    assert problems["D6"] == "请填写“是”或“否”。"
    assert not Category.objects.exists()


def test_the_export_imports_back_unchanged(manager):
    services.category_create(actor=manager, code="07", name="=税务")  # formula-looking text stays text
    services.category_create(actor=manager, code="0701", name="个人所得税", order=3)
    data = services.category_export()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    assert rows[2] == ["0701", "个人所得税", 3, "是"]
    assert services.category_import(actor=manager, data=data) == 2
    assert Category.objects.get(code="07").name == "=税务"

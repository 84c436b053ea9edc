"""Spreadsheets in and out (core.spreadsheets): what a person uploading or opening a file notices.

Every file here is a real one, built with openpyxl, csv and zipfile as Excel, WPS or an attacker would make it.
"""

import datetime as dt
import io
import time
import zipfile

import pytest
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook

from digigov.core import spreadsheets
from digigov.core.choices import OrganisationKind
from digigov.core.models import Organisation
from digigov.core.rules import rule_set
from digigov.core.spreadsheets import Column, ImportRejectedError, SpreadsheetFileError
from digigov.core.tests.factories import DivisionFactory, UserFactory
from digigov.core.tests.files import csv_file, many_parts, program, xlsx, zip_bomb

pytestmark = pytest.mark.django_db  # size limits are rules read from the database

ATTACK = "=cmd|' /C calc'!A0"
COLUMNS = [
    Column("name", _("name"), required=True),
    Column("kind", _("kind"), parse=spreadsheets.choice_cell(OrganisationKind), required=True),
    Column("since", _("date"), parse=spreadsheets.date_cell),
]
HEADER = ["名称", "类型", "日期"]


def refusal(data: bytes, **kwargs) -> str:
    with pytest.raises(SpreadsheetFileError) as caught:
        spreadsheets.read_sheet(data, max_mb=kwargs.pop("max_mb", 5), **kwargs)
    return str(caught.value.message)


# --- what the file really is ------------------------------------------------------------------------------------


def test_a_program_renamed_xlsx_is_refused_by_its_content():
    assert refusal(program(), filename="名单.xlsx") == "文件扩展名为 .xlsx，但内容不是 Excel 工作簿。"
    assert refusal(program(), formats=(spreadsheets.XLSX,)) == "文件不是 Excel 工作簿（.xlsx）。"
    assert refusal(program(), filename="名单.csv") == "文件既不是 CSV 文本文件，也不是 Excel 工作簿（.xlsx）。"


def test_an_old_xls_and_a_workbook_named_csv_are_told_how_to_fix_them():
    old_xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    assert refusal(old_xls, filename="名单.xls", formats=("xls", "xlsx")) == (
        "文件是旧版 Excel 工作簿（.xls），请另存为 .xlsx 后重新上传。"
    )
    assert refusal(xlsx([["a"]]), filename="名单.csv") == "文件扩展名为 .csv，但内容是 Excel 工作簿，请改为 .xlsx。"
    assert refusal(b"a,b\n1,2\n", filename="名单.txt") == "只能上传 CSV 或 .xlsx 文件。"


def test_a_zip_bomb_is_refused_quickly_before_anything_unpacks_it():
    bomb = zip_bomb(120)
    assert len(bomb) < 1024 * 1024, "a small upload, far under any size rule"
    started = time.monotonic()
    message = refusal(bomb, filename="名单.xlsx")
    assert time.monotonic() - started < 1.0
    assert message == "文件解压后为 121 MB，超过允许的 100 MB，请拆分为较小的文件。"


def test_the_unpacked_size_and_part_count_are_rules_the_administrator_sets():
    admin = UserFactory(is_superuser=True)
    rule_set(actor=admin, key="core.upload_max_unpacked_mb", value=2)
    assert "超过允许的 2 MB" in refusal(zip_bomb(3))
    assert spreadsheets.read_sheet(zip_bomb(1), max_mb=5).rows == [(2, ["张三"])]
    rule_set(actor=admin, key="core.upload_max_zip_entries", value=50)
    assert refusal(many_parts(60)).startswith("文件包含 ")


def test_the_callers_size_rule_is_checked_first():
    assert refusal(b"PK\x03\x04" + b"0" * (1024 * 1024 + 1), max_mb=1) == "文件超过 1 MB。"


# --- reading ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "utf-8-sig"])
def test_csv_as_chinese_excel_saves_it_is_read(encoding):
    data = csv_file([["姓名", "地址"], ["张三", "武汉市洪山区珞喻路"], ["", ""], ["𠀋李四", "襄阳"]], encoding=encoding)
    sheet = spreadsheets.read_sheet(data, filename="人员.csv", max_mb=5)
    assert sheet.header == ["姓名", "地址"]
    assert sheet.rows == [(2, ["张三", "武汉市洪山区珞喻路"]), (4, ["𠀋李四", "襄阳"])]


def test_unicode_text_from_excel_is_utf16_and_tab_separated():
    data = csv_file([["姓名", "电话"], ["张三", "13800000001"]], encoding="utf-16", delimiter="\t")
    assert spreadsheets.read_sheet(data, filename="人员.csv", max_mb=5).rows == [(2, ["张三", "13800000001"])]


def test_xlsx_cells_are_read_as_the_text_people_typed():
    written = dt.datetime(2026, 1, 2, 8, 30)  # noqa: DTZ001  Excel cells hold local times without a zone
    data = xlsx([["编号", "日期", "时间"], [1001.0, dt.date(2026, 1, 2), written], [None]])
    sheet = spreadsheets.read_sheet(data, max_mb=5)
    assert sheet.rows == [(2, ["1001", "2026-01-02", "2026-01-02 08:30:00"])]


def test_too_many_rows_and_a_blank_header_are_refused():
    assert refusal(xlsx([["a"], *[[n] for n in range(11)]]), max_rows=10) == "文件超过 10 行。"
    assert refusal(csv_file([["", ""], ["1", "2"]]), filename="a.csv") == "第 1 行必须是列名。"


# --- typed rows -------------------------------------------------------------------------------------------------


def test_every_bad_cell_is_named_by_its_address_with_a_chinese_reason():
    data = xlsx(
        [
            HEADER,
            ["省公安厅", "政务部门", "2026-12-31"],
            ["", "部门", "明年"],
            ["省民政厅", "事业单位", "2026年1月5日"],
        ]
    )
    table = spreadsheets.parse(data, COLUMNS, max_mb=5)
    with pytest.raises(ImportRejectedError) as caught:
        table.errors.raise_if_any()
    assert [(e.cell, e.message) for e in caught.value.rows] == [
        ("A3", "必须填写“名称”。"),
        ("B3", "“部门”不是以下之一：政务部门、事业单位、内设机构。"),
        ("C3", "“明年”不是日期（YYYY-MM-DD）。"),
    ]
    assert caught.value.message == "未导入任何数据：文件中有 3 处错误，请改正后重新导入。"
    assert caught.value.fields["C3"] == ["“明年”不是日期（YYYY-MM-DD）。"]
    good = [row.values for row in table.rows if row.ok]
    assert [(v["kind"], v["since"].isoformat()) for v in good] == [
        (OrganisationKind.DEPARTMENT, "2026-12-31"),
        (OrganisationKind.INSTITUTION, "2026-01-05"),
    ]


def test_a_wrong_header_is_refused_before_any_row_is_read():
    with pytest.raises(ImportRejectedError) as caught:
        spreadsheets.parse(xlsx([["单位", "类型"], ["省公安厅", "政务部门"]]), COLUMNS, max_mb=5)
    assert [(e.cell, e.message) for e in caught.value.rows] == [("A1", "表头应为“名称”。"), ("C1", "表头应为“日期”。")]


def import_organisations(data: bytes, division) -> int:
    """The way an app imports: parse, add its own checks, raise every problem, and only then save."""
    table = spreadsheets.parse(data, COLUMNS, max_mb=5)
    for row in table.rows:
        if row["name"] and Organisation.objects.filter(name=row["name"]).exists():
            row.error("name", f"“{row['name']}”已存在。")
    table.errors.raise_if_any()
    with transaction.atomic():
        for row in table.rows:
            Organisation.objects.create(name=row["name"], kind=row["kind"], division=division)
    return len(table.rows)


def test_an_import_with_one_bad_cell_in_its_last_row_saves_nothing():
    division = DivisionFactory()
    rows = [HEADER, *[[f"第{n}局", "政务部门", ""] for n in range(1, 30)]]
    with pytest.raises(ImportRejectedError) as caught:
        import_organisations(xlsx([*rows, ["第99局", "公司", ""]]), division)
    assert [e.cell for e in caught.value.rows] == ["B31"]
    assert not Organisation.objects.filter(name__startswith="第").exists()
    assert import_organisations(xlsx(rows), division) == 29
    with pytest.raises(ImportRejectedError) as caught:
        import_organisations(xlsx(rows[:3]), division)
    assert [e.cell for e in caught.value.rows] == ["A2", "A3"]
    assert Organisation.objects.filter(name__startswith="第").count() == 29


def test_progress_is_reported_while_rows_are_parsed():
    seen = []
    rows = [HEADER, *[[f"第{n}局", "政务部门", ""] for n in range(1, 1201)]]
    spreadsheets.parse(xlsx(rows), COLUMNS, max_mb=5, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 1200), (500, 1200), (1000, 1200), (1200, 1200)]  # the total as soon as the sheet is read


# --- writing ----------------------------------------------------------------------------------------------------

DANGEROUS = [ATTACK, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1"]  # XML would turn a leading \r into \n


def test_plain_openpyxl_would_write_the_attack_as_a_formula():
    """The hazard the writer guards against: without it, Excel runs the text."""
    book = Workbook()
    book.active.append([ATTACK])
    out = io.BytesIO()
    book.save(out)
    assert load_workbook(io.BytesIO(out.getvalue())).active["A1"].data_type == "f"


def test_xlsx_export_writes_formula_like_text_as_text():
    data = spreadsheets.write_xlsx(["名称", "数量"], [[text, 3] for text in DANGEROUS], title="清单")
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [sheet.cell(row, 1) for row in range(2, len(DANGEROUS) + 2)]
    assert [cell.value for cell in cells] == DANGEROUS, "the value reads back unchanged"
    assert {cell.data_type for cell in cells} == {"s"}, "no cell is a formula"
    assert all(cell.quotePrefix for cell in cells), "Excel keeps it text even when the cell is edited"
    assert sheet["B2"].value == 3 and sheet["B2"].data_type == "n", "numbers stay numbers"
    raw = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in raw


def test_csv_export_prefixes_formula_like_text_with_a_quote():
    data = spreadsheets.write_csv(["名称", "备注"], [[ATTACK, "普通文字"], ["-2+3", None], [12, "@x"]])
    assert data.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel opens it as UTF-8"
    lines = data.decode("utf-8-sig").splitlines()
    assert lines == ["名称,备注", "'=cmd|' /C calc'!A0,普通文字", "'-2+3,", "12,'@x"]


def test_control_characters_openpyxl_refuses_are_dropped_not_a_server_error():
    data = spreadsheets.write_xlsx(["名称"], [["张\x00三\x07"]], title="清单")
    assert load_workbook(io.BytesIO(data)).active["A2"].value == "张三"


def test_a_large_export_is_written_in_time_proportional_to_its_rows():
    """openpyxl's max_row scans every cell: reading it per row made 4,000 rows take ~60 s (the call log exports tens
    of thousands); kept linear, 6,000 rows of 15 cells take a few seconds even on the loaded test machine."""
    writer = spreadsheets.XlsxWriter("调用日志")
    writer.title("调用日志")
    writer.header([f"列{i}" for i in range(15)])
    started = time.perf_counter()
    writer.rows([n, "420102********1236", "=x", *range(12)] for n in range(6000))
    data = writer.save()
    assert time.perf_counter() - started < 30
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.max_row == 6002 and sheet["A3"].value == 0 and sheet["A6002"].value == 5999
    assert sheet["A1"].font.bold and sheet["A2"].font.bold and sheet["C3"].data_type == "s"

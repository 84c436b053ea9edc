"""Registering data services, hosted tables from CSV/Excel, mounting to catalogue resources (R1.4)."""

import pytest

from digigov.catalog.api import resource_get
from digigov.core.errors import DomainError, PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.spreadsheets import ImportRejectedError
from digigov.core.tests.files import xlsx
from digigov.exchange import services
from digigov.exchange.choices import ServiceKind
from digigov.exchange.models import HostedRow, HostedTable, Mount

pytestmark = pytest.mark.django_db

CSV = "身份证号,姓名,电话\n420102199001011234,张三,13800000001\n420102199202022345,李四,13800000002\n".encode()


def table(world, content=CSV, filename="people.csv", key="身份证号"):
    return services.service_register_table(
        actor=world.prov_handler,
        provider=world.provider,
        name="人口库表",
        filename=filename,
        content=content,
        key_column=key,
    )


def test_csv_upload_becomes_hosted_rows_with_the_chosen_key(world):
    service = table(world)
    assert service.kind == ServiceKind.HOSTED_TABLE
    assert service.table.columns == ["身份证号", "姓名", "电话"]
    rows = list(HostedRow.objects.filter(table=service.table))
    assert [(r.row_no, r.key, r.data["姓名"]) for r in rows] == [
        (1, "420102199001011234", "张三"),
        (2, "420102199202022345", "李四"),
    ]
    assert LedgerEntry.objects.filter(action="exchange.service.registered", object_id=str(service.pk)).exists()


def test_a_table_of_several_write_batches_is_hosted_whole_and_a_reload_drops_every_old_row(world):
    # 1,001 rows: six batches on SQLite (200 rows each), two on PostgreSQL (1,000): a batch boundary either way.
    lines = ["身份证号,姓名"] + [f"{n:018d},人{n}" for n in range(1, 1002)]
    service = table(world, ("\n".join(lines) + "\n").encode())
    rows = list(HostedRow.objects.filter(table=service.table).order_by("row_no").values_list("row_no", "key"))
    assert rows == [(n, f"{n:018d}") for n in range(1, 1002)] and service.table.row_count == 1001
    old = service.table_id
    services.table_reload(actor=world.prov_handler, service=service, filename="v2.csv", content=CSV)
    assert not HostedRow.objects.filter(table_id=old).exists() and not HostedTable.objects.filter(pk=old).exists()
    assert service.table.rows.count() == 2


def test_gb18030_csv_from_excel_is_read():
    from digigov.exchange.services.tables import parse_table

    parsed = parse_table(filename="a.csv", content=CSV.decode().encode("gb18030"), key_column="身份证号")
    assert parsed.rows[0][2]["姓名"] == "张三"


def test_xlsx_upload_keeps_cells_as_text(world):
    content = xlsx([["编号", "姓名", "出生日期"], [1001, "张三", "1990-01-01"], [1002.0, "李四", None]])
    service = table(world, content=content, filename="people.xlsx", key="编号")
    assert list(service.table.rows.values_list("key", flat=True)) == ["1001", "1002"]
    assert service.table.rows.get(key="1002").data["出生日期"] == ""


@pytest.mark.parametrize(
    ("filename", "content", "key", "message"),
    [
        ("people.txt", CSV, "身份证号", "只能上传 CSV 或 .xlsx 文件。"),
        ("people.xlsx", CSV, "身份证号", "文件扩展名为 .xlsx，但内容不是 Excel 工作簿。"),
        ("people.csv", b"", "身份证号", "文件为空。"),
        ("people.csv", CSV, "证件号", "第 1 行中没有主键列“证件号”（现有列：身份证号、姓名、电话）。"),
        ("people.csv", b"a,b\n", "a", "文件只有表头，没有数据行。"),
    ],
)
def test_bad_files_are_refused_in_chinese(world, filename, content, key, message):
    with pytest.raises(DomainError) as caught:
        table(world, content=content, filename=filename, key=key)
    assert str(caught.value.message) == message


def test_bad_cells_are_reported_by_their_address_and_nothing_is_stored(world):
    lines = ["身份证号,姓名", "1,张三", ",李四", "1,王五", "2,赵六,多余", "3," * 60, f"{'9' * 101},钱七"]
    content = "\n".join(lines).encode()
    with pytest.raises(ImportRejectedError) as caught:
        table(world, content=content)
    assert [(e.cell, e.message) for e in caught.value.rows] == [
        ("A3", "必须填写“身份证号”。"),
        ("A4", "主键“1”与 A2 重复。"),
        ("C5", "第 1 行没有为该单元格所在列命名：请删除该内容，或在第 1 行填写列名。"),
        ("C6", "第 1 行没有为该单元格所在列命名：请删除该内容，或在第 1 行填写列名。"),
        ("A7", "主键超过 100 个字符。"),
    ]
    assert caught.value.message == "未导入任何数据：文件中有 5 处错误，请改正后重新导入。"
    assert not HostedRow.objects.exists() and not HostedTable.objects.exists()


@pytest.mark.parametrize(
    ("header", "cells"),
    [
        ("身份证号,姓名,身份证号", [("C1", "列名“身份证号”已在 A1 使用。")]),
        ("身份证号,,姓名", [("B1", "该列在第 1 行没有列名。")]),
    ],
)
def test_a_bad_header_is_refused_at_its_cell(world, header, cells):
    with pytest.raises(ImportRejectedError) as caught:
        table(world, content=f"{header}\n1,2,3\n".encode())
    assert [(e.cell, e.message) for e in caught.value.rows] == cells


def test_an_xlsx_table_is_checked_by_cell_too(world):
    content = xlsx([["编号", "姓名", None], [1001, "张三", None], [1001, "李四", "备注"]])
    with pytest.raises(ImportRejectedError) as caught:
        table(world, content=content, filename="people.xlsx", key="编号")
    assert [e.cell for e in caught.value.rows] == ["A3", "C3"]


def test_file_over_the_size_rule_is_refused(world):
    from digigov.core.rules import rule_set
    from digigov.core.tests.factories import UserFactory

    rule_set(actor=UserFactory(is_superuser=True), key="exchange.upload_max_mb", value=1)
    with pytest.raises(DomainError, match="1 MB"):
        table(world, content=CSV + b"x" * (1024 * 1024))


def test_reload_replaces_all_rows_or_none(world):
    service = table(world)
    services.table_reload(
        actor=world.prov_handler, service=service, filename="v2.csv", content="身份证号,姓名,电话\n9,王五,1\n".encode()
    )
    assert list(service.table.rows.values_list("key", flat=True)) == ["9"]
    with pytest.raises(DomainError):
        services.table_reload(
            actor=world.prov_handler, service=service, filename="v3.csv", content="身份证号,姓名,电话\n,x,y\n".encode()
        )
    assert list(service.table.rows.values_list("key", flat=True)) == ["9"]  # the failed reload changed nothing


def test_another_department_cannot_register_for_the_provider(world, upstream):
    with pytest.raises(PermissionDeniedError):
        services.service_register_upstream(
            actor=world.other_handler, provider=world.provider, name="冒名接口", endpoint=upstream.url
        )


def test_upstream_mount_checks_fields_against_a_sample_record(world, upstream):
    service = services.service_register_upstream(
        actor=world.prov_handler, provider=world.provider, name="人口接口", endpoint=upstream.url
    )
    with pytest.raises(DomainError) as caught:
        services.service_mount(
            actor=world.prov_handler, service=service, resource_id=world.resource.pk, field_map={"xm": "xm"}
        )
    assert caught.value.fields["field_map"] == ["查询主键信息项“公民身份号码”必须映射。"]
    with pytest.raises(DomainError) as caught:
        services.service_mount(
            actor=world.prov_handler,
            service=service,
            resource_id=world.resource.pk,
            field_map={"sfzh": "sfzh", "xm": "name", "nosuch": "xm"},
        )
    assert "“nosuch”不是该资源的信息项。" in caught.value.fields["field_map"]
    assert "信息项“姓名”：数据服务没有字段“name”。" in caught.value.fields["field_map"]
    mount = services.service_mount(
        actor=world.prov_handler, service=service, resource_id=world.resource.pk, field_map={"sfzh": "sfzh", "xm": "xm"}
    )
    assert "page=1&size=1" in upstream.requests[-1]
    assert Mount.objects.filter(resource=world.resource, is_active=True).first() == mount
    assert resource_get(world.resource.pk).mounted_at is not None


def test_mount_replaces_the_previous_and_unmount_clears_the_catalogue_flag(world):
    service = table(world)
    first = services.service_mount(
        actor=world.prov_handler, service=service, resource_id=world.resource.pk, field_map={"sfzh": "身份证号"}
    )
    second = services.service_mount(
        actor=world.prov_handler,
        service=service,
        resource_id=world.resource.pk,
        field_map={"sfzh": "身份证号", "xm": "姓名"},
    )
    first.refresh_from_db()
    assert not first.is_active and Mount.objects.filter(resource=world.resource, is_active=True).first() == second
    services.service_unmount(actor=world.prov_handler, mount=second)
    assert Mount.objects.filter(resource=world.resource, is_active=True).first() is None
    assert resource_get(world.resource.pk).mounted_at is None
    assert LedgerEntry.objects.filter(action="catalog.resource.unmounted").exists()


def test_only_own_published_resources_can_be_mounted(world):
    from digigov.catalog.tests.factories import ResourceFactory

    service = table(world)
    foreign = ResourceFactory(provider=world.other)
    with pytest.raises(PermissionDeniedError, match="只能挂接到本部门"):
        services.service_mount(
            actor=world.prov_handler, service=service, resource_id=foreign.pk, field_map={"x": "姓名"}
        )
    with pytest.raises(PermissionDeniedError):
        services.service_mount(
            actor=world.other_handler, service=service, resource_id=world.resource.pk, field_map={"sfzh": "身份证号"}
        )
    assert not Mount.objects.exists()

"""Every upload is checked for what it really is (core.uploads; issue 9, item 4): real files as people and attackers
make them, refused by content and by the zip's own directory before any parser unpacks them."""

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from digigov.core import spreadsheets, uploads
from digigov.core.rules import rule_set
from digigov.core.tests.factories import UserFactory
from digigov.core.tests.files import dense_bomb, docx, ofd, program, xlsx, zip_of

pytestmark = pytest.mark.django_db  # the limits are rules read from the database
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def refusal(data: bytes, filename: str | None, kinds=uploads.EVIDENCE, max_mb=10) -> str:
    with pytest.raises(uploads.UploadError) as caught:
        uploads.check_upload(data, filename=filename, kinds=kinds, max_mb=max_mb, field="attachment")
    assert list(caught.value.fields) == ["attachment"], "the message is shown at the field that holds the file"
    return str(caught.value.message)


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (PDF, "证明.pdf", uploads.PDF),
        (PNG, "照片.PNG", uploads.PNG),
        (JPEG, "扫描件.jpeg", uploads.JPEG),
        (ofd(), "电子证照.ofd", uploads.OFD),
        (docx(), "情况说明.docx", uploads.DOCX),
        (xlsx([["姓名"], ["张三"]]), "名单.xlsx", uploads.XLSX),
    ],
)
def test_the_files_people_have_are_accepted_as_what_they_are(data, filename, kind):
    assert uploads.check_upload(data, filename=filename, kinds=uploads.EVIDENCE, max_mb=10) == kind


def test_a_zip_holding_a_program_named_docx_is_refused():
    assert (
        refusal(zip_of({"setup.exe": program()}), "情况说明.docx")
        == "文件中含有可执行程序（setup.exe），不能上传程序。"
    )
    disguised = docx(**{"word/media/image1.png": program()})  # a program renamed inside a real document
    assert refusal(disguised, "情况说明.docx") == "文件中含有可执行程序（word/media/image1.png），不能上传程序。"
    assert refusal(program(), "情况说明.docx") == "文件是可执行程序，不能上传程序。"


def test_a_file_whose_content_is_not_what_its_name_says_is_refused():
    assert refusal(PDF, "情况说明.docx") == "文件扩展名为 .docx，但内容不是 Word 文档（.docx）。"
    assert refusal(docx(), "名单.xlsx") == "文件是 zip 压缩包，但不是 Excel 工作簿（.xlsx）。"
    assert refusal(zip_of({"a.txt": b"hello"}), "情况说明.docx") == "文件是 zip 压缩包，但不是 Word 文档（.docx）。"
    assert refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "说明.docx") == (
        "文件是旧版 Office 格式（.doc/.xls），请另存为 .docx 或 .xlsx 后重新上传。"
    )
    assert refusal(PDF, "证明.html") == (
        "请上传以下类型之一：PDF 文件、PNG 图片、JPEG 图片、OFD 版式文件、Word 文档（.docx）、Excel 工作簿（.xlsx）。"
    )
    assert refusal(b"", "证明.pdf") == "文件为空。"


def test_macros_encryption_and_paths_leaving_the_archive_are_refused():
    assert refusal(docx(**{"word/vbaProject.bin": b"\x00" * 64}), "说明.docx") == (
        "文件含有宏，请另存为不含宏的 .docx 或 .xlsx 后重新上传。"
    )
    encrypted = bytearray(docx(**{"word/secret.xml": b"\x00" * 32}))
    # What a password-protected entry declares: bit 0 of its flags, in its local header and in the directory.
    encrypted[encrypted.rfind(b"PK\x03\x04") + 6] |= 0x1
    encrypted[encrypted.rfind(b"PK\x01\x02") + 8] |= 0x1
    assert refusal(bytes(encrypted), "说明.docx") == "文件已加密，请去除密码后上传。"
    assert refusal(docx(**{"../../etc/cron.d/x": b"* * * * * root sh"}), "说明.docx") == "文件已损坏，无法读取。"
    assert refusal(b"PK\x03\x04" + b"\x00" * 100, "说明.docx") == "文件已损坏，无法读取。"


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_a_29_mb_file_inflating_to_300_mb_is_refused_quickly_and_without_unpacking(kind):
    bomb = dense_bomb(kind)
    assert 2.5 * 1024 * 1024 < len(bomb) < 3 * 1024 * 1024, "an upload of ordinary size, under every size rule"
    tracemalloc.start()
    started = time.monotonic()
    message = refusal(bomb, f"名单.{kind}", max_mb=10)
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert message == "文件解压后为 304 MB，超过允许的 100 MB，请拆分为较小的文件。"
    assert elapsed < 0.5, f"refused in {elapsed:.3f} s"
    assert peak < 2 * 1024 * 1024, f"{peak} bytes allocated: nothing was unpacked"


def test_the_sharedstrings_bomb_is_refused_by_the_spreadsheet_reader_too():
    started = time.monotonic()
    with pytest.raises(spreadsheets.SpreadsheetFileError) as caught:
        spreadsheets.read_sheet(dense_bomb("xlsx"), filename="名单.xlsx", max_mb=20)
    assert time.monotonic() - started < 0.5
    assert caught.value.message == "文件解压后为 304 MB，超过允许的 100 MB，请拆分为较小的文件。"


def test_the_limits_are_rules_the_platform_administrator_sets():
    admin = UserFactory(is_superuser=True)
    many = docx(**{f"word/media/{n}.xml": b"<x/>" for n in range(60)})
    assert uploads.check_upload(many, filename="说明.docx", kinds=[uploads.DOCX], max_mb=10) == uploads.DOCX
    rule_set(actor=admin, key="core.upload_max_zip_entries", value=50)
    assert refusal(many, "说明.docx") == "文件包含 62 个部件（zip 条目），超过允许的 50 个，请重新另存为普通文件。"
    rule_set(actor=admin, key="core.upload_max_unpacked_mb", value=400)
    rule_set(actor=admin, key="core.upload_max_zip_entries", value=1000)
    assert uploads.check_upload(dense_bomb("docx"), filename="说明.docx", kinds=[uploads.DOCX], max_mb=10)


def test_the_size_rule_of_the_caller_comes_first_and_reading_stops_there():
    big = SimpleUploadedFile("证明.pdf", PDF + b"0" * (2 * 1024 * 1024))
    with pytest.raises(uploads.UploadError, match="文件超过 1 MB。"):
        uploads.read_upload(big, max_mb=1)
    assert refusal(PDF + b"0" * (2 * 1024 * 1024), "证明.pdf", max_mb=1) == "文件超过 1 MB。"


def test_wagtails_document_library_checks_uploads_the_same_way(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    client.force_login(UserFactory(is_superuser=True))
    root = Collection.get_first_root_node()
    refused = client.post(
        "/admin/documents/add/",
        {
            "title": "安装说明",
            "collection": root.pk,
            "file": SimpleUploadedFile("安装说明.docx", zip_of({"a.exe": program()})),
        },
    )
    assert refused.status_code == 200
    assert "文件中含有可执行程序（a.exe），不能上传程序。" in refused.content.decode()
    assert not Document.objects.exists()
    accepted = client.post(
        "/admin/documents/add/",
        {"title": "情况说明", "collection": root.pk, "file": SimpleUploadedFile("说明.docx", docx())},
    )
    assert accepted.status_code == 302 and Document.objects.get().title == "情况说明"

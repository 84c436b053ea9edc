"""The 错敏词 check (R8.7): a maintained list of sensitive and wrong words; a severe one blocks publishing at the
field where it stands (title, summary, body or an attachment's text), the others are shown as warnings."""

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from weasyprint import HTML

from digigov.core.models import LedgerEntry
from digigov.core.tests.files import docx
from digigov.websites import words
from digigov.websites.choices import WordSeverity
from digigov.websites.models import LibraryItem, SensitiveWord
from digigov.websites.tests.factories import editor, open_site, platform_admin

pytestmark = pytest.mark.django_db
LIST = "/admin/snippets/websites/libraryitem/"


@pytest.fixture
def word_list():
    SensitiveWord.objects.create(word="中华人民共和国国务院", severity=WordSeverity.WARNING, correction="国务院")
    SensitiveWord.objects.create(word="国务院", severity=WordSeverity.WARNING)
    SensitiveWord.objects.create(word="湖北省长", severity=WordSeverity.SEVERE, correction="湖北省省长")
    SensitiveWord.objects.create(word="届时", severity=WordSeverity.WARNING, correction="到时")
    words.forget_words()


def test_the_longest_word_wins_and_each_hit_has_its_context_and_correction(word_list):
    hits = words.scan_text("正文", "根据中华人民共和国国务院部署，湖北省长主持会议。届时发布。")
    assert [(h.word, h.severity, h.correction) for h in hits] == [
        ("中华人民共和国国务院", "warning", "国务院"),
        ("湖北省长", "severe", "湖北省省长"),
        ("届时", "warning", "到时"),
    ]
    assert hits[1].context == "华人民共和国国务院部署，湖北省长主持会议。届时发布。"
    assert words.severe_problem(hits).startswith("不能发布：含有严重错敏词“湖北省长”（正文）")


def test_the_text_of_pdf_and_word_attachments_is_read():
    pdf = HTML(string="<p>湖北省长出席活动</p>").write_pdf()
    assert "湖北省长出席活动" in words.attachment_text(pdf).replace("\n", "").replace(" ", "")
    assert "届时召开" in words.attachment_text(docx("届时召开"))
    assert words.attachment_text(b"\x89PNG\r\n\x1a\n") == ""


def _fields(site, **changes):
    body = changes.pop("body", "会议强调，要抓好落实。")
    return {
        "kind": "article",
        "owner": site.organiser.pk,
        "title": "全省工作会议召开",
        "summary": "",
        "body": json.dumps({"blocks": [{"key": "a", "text": body}], "entityMap": {}}),
        "source": "",
        "topic": "general",
        "document_number": "",
        "issuer": "",
        "validity": "",
        **changes,
    }


def test_a_severe_word_blocks_submitting_for_publication_at_its_field_and_a_draft_is_still_saved(client, word_list):
    site = open_site()
    client.force_login(editor(site.organiser))

    refused = client.post(LIST + "add/", {**_fields(site, body="湖北省长主持会议。"), "action-submit": "1"})
    assert refused.status_code == 200
    assert "不能发布：含有严重错敏词“湖北省长”（正文）" in refused.content.decode()
    assert not LibraryItem.objects.exists(), "nothing saved by the refused submission"

    saved = client.post(LIST + "add/", _fields(site, body="湖北省长主持会议。"))
    assert saved.status_code == 302 and not LibraryItem.objects.get().live
    warned = client.get(LIST + f"edit/{LibraryItem.objects.get().pk}/").content.decode()
    assert "“湖北省长”" in warned and "湖北省省长" in warned, "the editor sees it with its correction"


def test_a_warning_word_is_shown_but_does_not_block(client, word_list):
    site = open_site()
    client.force_login(editor(site.organiser))
    response = client.post(LIST + "add/", {**_fields(site, body="届时发布。"), "action-submit": "1"}, follow=True)
    assert LibraryItem.objects.get().current_workflow_task.name == "审核", "submitted for publication"
    assert "“届时”" in response.content.decode() and "到时" in response.content.decode()


def test_a_severe_word_in_an_attachment_blocks_submitting(client, word_list):
    site = open_site()
    document = Document.objects.create(title="会议纪要", file=ContentFile(docx("湖北省长讲话"), name="jiyao.docx"))
    client.force_login(editor(site.organiser))
    refused = client.post(LIST + "add/", {**_fields(site), "attachments": [document.pk], "action-submit": "1"})
    assert "不能发布：含有严重错敏词“湖北省长”（会议纪要）" in refused.content.decode()
    assert not LibraryItem.objects.exists()


def test_the_platform_administrator_keeps_the_list_and_an_editor_cannot(client):
    client.force_login(platform_admin())
    response = client.post(
        "/admin/websites_sensitiveword/new/",
        {"word": "湖北省长", "severity": "severe", "correction": "湖北省省长", "note": ""},
    )
    assert response.status_code == 302 and SensitiveWord.objects.filter(word="湖北省长").exists()
    assert LedgerEntry.objects.filter(action="websites.sensitiveword.created").exists()
    assert [h.word for h in words.scan_text("标题", "湖北省长")] == ["湖北省长"], "in force at once"

    client.force_login(editor(open_site().organiser))
    client.post("/admin/websites_sensitiveword/new/", {"word": "届时", "severity": "warning"})
    assert not SensitiveWord.objects.filter(word="届时").exists()

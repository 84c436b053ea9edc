"""The knowledge base's back-office screens (GB/T 44191): the list with Chinese search and filters, the article
form (errors at the fields, input kept), the article page with its actions, the category tree with its Excel
import (every bad cell on screen) and export; another department reads but may not edit."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.spreadsheets import write_xlsx
from digigov.core.tests.factories import OrganisationFactory
from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.models import Article, Category
from digigov.knowledge.tests.factories import ArticleFactory, category, make_centre, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    department = OrganisationFactory(name="市人力资源和社会保障局")
    pension = category("0301", "养老保险")
    return department, officer(Role.HANDLER, department), pension


def test_the_list_searches_in_chinese_and_filters(client, setting):
    department, handler, pension = setting
    today = timezone.localdate()
    due = ArticleFactory(department=department, category=pension, title="养老保险转移接续", review_on=today)
    ArticleFactory(
        department=department, category=pension, title="失业保险金申领", review_on=today + dt.timedelta(days=300)
    )
    other = ArticleFactory(title="公租房申请条件")
    client.force_login(handler)
    page = client.get("/admin/knowledge/articles/", {"q": "养老保险怎么转移"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "养老保险转移接续" in text and "失业保险金申领" not in text and "共 1 条知识" in text
    assert "失业保险金申领" in client.get("/admin/knowledge/articles/", {"department": department.pk}).content.decode()
    due_page = client.get("/admin/knowledge/articles/", {"due": "on"}).content.decode()
    assert due.title in due_page and "失业保险金申领" not in due_page and other.title not in due_page
    assert "待复审" in due_page


def test_a_handler_writes_an_article_errors_at_the_fields_then_publishes_it(client, setting):
    department, handler, pension = setting
    client.force_login(handler)
    form = {"title": "", "category": pension.pk, "department": department.pk, "keywords": "社保", "answer": "",
            "valid_from": "2026-06-01", "valid_until": "2026-05-01", "review_on": ""}  # fmt: skip
    refused = client.post("/admin/knowledge/articles/new/", form)
    text = refused.content.decode()
    assert refused.status_code == 200 and "此项为必填项" in text
    assert 'value="社保"' in text  # what was typed is kept
    dates = client.post(
        "/admin/knowledge/articles/new/", form | {"title": "养老保险转移", "answer": "到新参保地办理。"}
    )
    assert "有效期截止日期早于开始日期" in dates.content.decode() and not Article.objects.exists()
    saved = client.post(
        "/admin/knowledge/articles/new/",
        form | {"title": "养老保险转移", "answer": "到新参保地办理。", "valid_until": ""},
    )
    article = Article.objects.get()
    assert saved.status_code == 302 and saved["Location"].endswith(f"/knowledge/articles/{article.pk}/")
    assert article.status == ArticleStatus.DRAFT and article.created_by == handler
    client.post(f"/admin/knowledge/articles/{article.pk}/", {"action": "publish"})
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    withdrawn = client.post(f"/admin/knowledge/articles/{article.pk}/", {"action": "withdraw", "reason": ""})
    assert "此项为必填项" in withdrawn.content.decode() or "请说明" in withdrawn.content.decode()
    client.post(f"/admin/knowledge/articles/{article.pk}/", {"action": "withdraw", "reason": "政策调整"})
    article.refresh_from_db()
    assert article.status == ArticleStatus.WITHDRAWN
    detail = client.get(f"/admin/knowledge/articles/{article.pk}/").content.decode()
    assert "新建知识条目" in detail and "发布知识条目" in detail and "下架知识条目" in detail and "政策调整" in detail


def test_another_department_reads_the_published_article_but_may_not_edit_and_never_sees_a_draft(client, setting):
    department, _handler, pension = setting
    published = ArticleFactory(department=department, category=pension, title="养老保险转移")
    draft = ArticleFactory(department=department, category=pension, status=ArticleStatus.DRAFT)
    stranger = officer(Role.ORG_ADMIN, OrganisationFactory(name="市住房和城乡建设局"))
    client.force_login(stranger)
    page = client.get(f"/admin/knowledge/articles/{published.pk}/").content.decode()
    assert "只读" in page and f"/knowledge/articles/{published.pk}/edit/" not in page
    assert client.get(f"/admin/knowledge/articles/{published.pk}/edit/").status_code == 403
    assert (
        client.post(f"/admin/knowledge/articles/{published.pk}/", {"action": "withdraw", "reason": "x"}).status_code
        == 403
    )
    assert client.get(f"/admin/knowledge/articles/{draft.pk}/").status_code == 404
    published.refresh_from_db()
    assert published.status == ArticleStatus.PUBLISHED
    assert not LedgerEntry.objects.filter(action="knowledge.article.withdrawn").exists()


def test_the_category_tree_screen_adds_imports_with_cell_errors_and_exports(client):
    _centre, manager = make_centre()
    client.force_login(manager)
    client.post("/admin/knowledge/categories/", {"code": "01", "name": "城乡建设", "order": 1})
    assert Category.objects.filter(code="01").exists()
    bad = write_xlsx(
        ["分类编码", "分类名称", "排序", "启用"], [["0101", "道路", 1, "是"], ["9", "错", 1, "也许"]], title="t"
    )
    page = client.post("/admin/knowledge/categories/", {"file": SimpleUploadedFile("分类.xlsx", bad)}).content.decode()
    assert "A3：分类编码为 2 到 20 位数字" in page and "D3：请填写“是”或“否”。" in page
    assert not Category.objects.filter(code="0101").exists()
    good = write_xlsx(["分类编码", "分类名称", "排序", "启用"], [["0101", "道路", 1, "是"]], title="t")
    done = client.post("/admin/knowledge/categories/", {"file": SimpleUploadedFile("分类.xlsx", good)})
    assert done.status_code == 302 and Category.objects.get(code="0101").parent.code == "01"
    exported = client.get("/admin/knowledge/categories/export.xlsx")
    assert exported.status_code == 200 and exported.content[:2] == b"PK"
    department_admin = officer(Role.ORG_ADMIN, OrganisationFactory())
    client.force_login(department_admin)
    assert "知识管理员维护" in client.get("/admin/knowledge/categories/").content.decode()
    assert client.post("/admin/knowledge/categories/", {"code": "02", "name": "x", "order": 0}).status_code == 403
    assert client.get(f"/admin/knowledge/categories/{Category.objects.get(code='01').pk}/").status_code == 403

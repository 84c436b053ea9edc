"""An agent finds the answer while the caller talks: published articles in force, every word, the most used first."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.knowledge import api
from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.tests.factories import ArticleFactory, category

pytestmark = pytest.mark.django_db


def test_published_articles_in_force_holding_every_word_are_found_most_used_first():
    social = category("03", "社会保障")
    pension = category("0301", "养老保险", social)
    housing = category("05", "住房保障")
    today = timezone.localdate()
    often = ArticleFactory(category=pension, title="养老保险 转移接续 办理流程", used_count=40)
    rarely = ArticleFactory(category=pension, title="城乡居民养老保险缴费", answer="转移接续见另一条", used_count=2)
    ArticleFactory(category=pension, title="养老保险 转移接续（草稿）", status=ArticleStatus.DRAFT)
    ArticleFactory(category=pension, title="养老保险 转移接续（旧）", valid_until=today - dt.timedelta(days=1))
    ArticleFactory(category=housing, title="公租房申请 转移接续")

    found = api.article_search(terms="养老保险 转移接续")
    assert found == [often, rarely]
    assert api.article_search(terms="转移接续", category=social) == [often, rarely]
    assert [a.title for a in api.article_search(terms="转移接续", category=housing)] == ["公租房申请 转移接续"]
    assert api.article_search(terms="医保") == []

"""An agent finds the answer while the caller talks (GB/T 44191 知识检索): published articles in force, by jieba
words over a search text stored on save, in a category subtree, title matches and use first."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.knowledge import api
from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.models import Article
from digigov.knowledge.tests.factories import ArticleFactory, category

pytestmark = pytest.mark.django_db


def test_published_articles_in_force_holding_every_word_are_found_title_matches_and_most_used_first():
    social = category("03", "社会保障")
    pension = category("0301", "养老保险", social)
    housing = category("05", "住房保障")
    today = timezone.localdate()
    often = ArticleFactory(category=pension, title="养老保险 转移接续 办理流程", used_count=40)
    rarely = ArticleFactory(category=pension, title="城乡居民养老保险缴费", answer="转移接续见另一条", used_count=2)
    ArticleFactory(category=pension, title="养老保险 转移接续（草稿）", status=ArticleStatus.DRAFT)
    ArticleFactory(category=pension, title="养老保险 转移接续（旧）", valid_until=today - dt.timedelta(days=1))
    ArticleFactory(category=pension, title="养老保险 转移接续（未生效）", valid_from=today + dt.timedelta(days=1))
    ArticleFactory(category=housing, title="公租房申请 转移接续")

    found = api.article_search(terms="养老保险 转移接续")
    assert found == [often, rarely]
    assert api.article_search(terms="转移接续", category=social) == [often, rarely]
    assert [a.title for a in api.article_search(terms="转移接续", category=housing)] == ["公租房申请 转移接续"]
    assert api.article_search(terms="医保") == []


def test_segmented_words_find_a_sentence_the_caller_says_not_only_the_exact_title():
    article = ArticleFactory(
        title="城乡居民养老保险关系转移接续",
        keywords="社保转移 养老金",
        answer="参保人跨省流动就业的，可向新就业地社保经办机构申请办理养老保险关系转移。",
    )
    ArticleFactory(title="住房公积金提取", answer="凭身份证和银行卡到公积金中心办理。")
    assert api.article_search(terms="我想问一下养老保险怎么转移") == [article]
    assert api.article_search(terms="养老金") == [article]  # a keyword
    assert api.article_search(terms="经办机构") == [article]  # a word of the answer
    assert api.article_search(terms="公积金提取")[0].title == "住房公积金提取"


def test_a_tickets_request_in_the_callers_words_is_matched_by_the_articles_holding_most_of_its_words():
    """A ticket's page suggests articles for the whole request, which no article holds word for word."""
    lift = ArticleFactory(
        title="住宅电梯停运的报修渠道", keywords="电梯 停运 报修", answer="请先联系物业；物业不处理的，由住建部门督促。"
    )
    noise = ArticleFactory(title="小区停车位收费标准", answer="由物价部门核定。", used_count=900)  # one word: 小区
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    ArticleFactory(title="电梯停运报修（旧）", keywords="电梯 停运", valid_until=yesterday)
    request = "小区电梯停运一周，物业不维修，老人上下楼很困难。"
    assert api.article_search(terms=request) == []  # every word: nothing
    assert api.article_suggestions(text=request) == [lift]
    both = ArticleFactory(title="小区电梯停运怎么办", keywords="小区 电梯 停运 物业")
    assert api.article_suggestions(text=request) == [both, lift]  # most of the words first
    assert api.article_suggestions(text="停车位") == [noise]  # a one-word request needs that word only
    assert api.article_suggestions(text="的了吗") == [] and api.article_suggestions(text="") == []


def test_a_title_match_outranks_a_more_used_answer_match_and_use_orders_the_rest():
    in_answer = ArticleFactory(title="医保报销比例", answer="门诊特殊疾病的报销另见……", used_count=500)
    in_title_rare = ArticleFactory(title="门诊特殊疾病认定", answer="到定点医院鉴定。", used_count=1)
    in_title_often = ArticleFactory(title="门诊特殊疾病申请材料", answer="病历、诊断证明。", used_count=30)
    assert api.article_search(terms="门诊特殊疾病") == [in_title_often, in_title_rare, in_answer]


def test_the_stored_search_text_follows_every_save_and_delete():
    article = ArticleFactory(title="占道经营投诉")
    assert api.article_search(terms="占道经营") == [article]
    article.title = "夜市摊位噪音投诉"
    article.save()
    assert api.article_search(terms="占道经营") == []
    assert api.article_search(terms="夜市摊位") == [article]
    pk = article.pk
    article.delete()
    assert api.article_search(terms="夜市摊位") == []
    assert not Article.objects.filter(pk=pk).exists()


def test_without_words_the_category_articles_in_force_come_most_used_first_and_the_limit_holds():
    tax = category("07", "税务")
    articles = [ArticleFactory(category=tax, title=f"个税问题{n}", used_count=n) for n in range(5)]
    assert api.article_search(terms="", category=tax, limit=3) == articles[::-1][:3]
    assert len(api.article_search(terms="个税", limit=2)) == 2
    assert len(api.article_search(terms="个税", limit=10_000)) == 5  # capped, never refused


def test_punctuation_and_query_operators_are_plain_text():
    article = ArticleFactory(title="不动产登记（首次）")
    assert api.article_search(terms='不动产 OR "登记" -( *') == []
    assert api.article_search(terms="不动产，登记！") == [article]

"""Website texts of the demo portals: deterministic, plain text, within their length bounds and mostly distinct.

Pure functions of a random.Random: no database, no Django models.
"""

import dataclasses
import random
import re

import pytest

from digigov.demo import website_texts
from digigov.demo.website_texts import TOPICS, ArticleText, PolicyText, articles, message_texts, policies

# (organisation, short name, division) of the seven demo sites
SITES = [
    ("湖北省人民政府", "省政府", "湖北省"),
    ("湖北省公安厅", "省公安厅", "湖北省"),
    ("湖北省人力资源和社会保障厅", "省人社厅", "湖北省"),
    ("湖北省市场监督管理局", "省市场监管局", "湖北省"),
    ("武汉市人民政府", "市政府", "武汉市"),
    ("武汉市公安局", "市公安局", "武汉市"),
    ("武汉市市场监督管理局", "市市场监管局", "武汉市"),
]
# (issuer, document-number prefix)
ISSUERS = [
    ("湖北省人民政府办公厅", "鄂政办发"),
    ("湖北省人力资源和社会保障厅", "鄂人社发"),
    ("湖北省公安厅", "鄂公发"),
    ("湖北省市场监督管理局", "鄂市监规"),
    ("武汉市人民政府", "武政规"),
]
MEDIA = {"湖北日报", "荆楚网", "湖北之声", "长江日报", "长江网"}
NUMERALS = "一二三四五六七八九十"


def site_articles(rng: random.Random, kind: str, per_site: int) -> list[ArticleText]:
    return [
        article
        for organisation, short_name, division in SITES
        for article in articles(
            rng, organisation=organisation, short_name=short_name, division_name=division, count=per_site, kind=kind
        )
    ]


def issued_policies(rng: random.Random, per_issuer: int, year: int = 2026) -> list[PolicyText]:
    return [
        policy
        for organisation, prefix in ISSUERS
        for policy in policies(rng, organisation=organisation, prefix=prefix, year=year, count=per_issuer)
    ]


def strings(value) -> list[str]:
    """Every string inside a text, its lists and tuples."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        return strings([getattr(value, field.name) for field in dataclasses.fields(value)])
    return [text for item in value for text in strings(item)]


def numbered(paragraph: str) -> str | None:
    """The numeral a section paragraph starts with ("一、…"), or None."""
    return paragraph[0] if len(paragraph) > 1 and paragraph[0] in NUMERALS and paragraph[1] == "、" else None


def assert_numbered_in_order(paragraphs: list[str]) -> None:
    numerals = [numbered(p) for p in paragraphs if numbered(p)]
    assert numerals == list(NUMERALS[: len(numerals)])


def test_same_seed_gives_the_same_texts_and_another_seed_others():
    def everything(seed: int):
        rng = random.Random(seed)
        return (
            site_articles(rng, "news", 5),
            site_articles(rng, "notice", 5),
            issued_policies(rng, 3),
            message_texts(rng, count=20),
        )

    assert everything(7) == everything(7)
    assert everything(7) != everything(8)


def test_same_rng_state_gives_the_same_texts():
    rng = random.Random(3)
    rng.random()
    state = rng.getstate()
    first = articles(rng, organisation="湖北省公安厅", short_name="省公安厅", division_name="湖北省", count=10)
    rng.setstate(state)
    again = articles(rng, organisation="湖北省公安厅", short_name="省公安厅", division_name="湖北省", count=10)
    assert first == again


@pytest.mark.parametrize("kind", ["news", "notice"])
def test_articles_keep_their_length_bounds(kind):
    items = site_articles(random.Random(11), kind, 45)  # 315 articles
    assert len(items) >= 300
    for article in items:
        assert article.kind == kind
        assert 12 <= len(article.title) <= 40, article.title
        assert 40 <= len(article.summary) <= 90, article.summary
        assert 3 <= len(article.paragraphs) <= 6, article.title
        for paragraph in article.paragraphs:
            assert 80 <= len(paragraph) <= 260, paragraph


@pytest.mark.parametrize("kind", ["news", "notice"])
def test_five_hundred_titles_are_overwhelmingly_distinct(kind):
    titles = [article.title for article in site_articles(random.Random(2026), kind, 72)]  # 504 titles, one rng
    assert len(titles) >= 500
    assert len(set(titles)) >= 0.95 * len(titles)


def test_articles_name_their_organisation_and_differ_between_organisations():
    rng = random.Random(5)
    bodies = {}
    for organisation, short_name, division in SITES:
        for kind in ("news", "notice"):
            items = articles(
                rng, organisation=organisation, short_name=short_name, division_name=division, count=30, kind=kind
            )
            for article in items:
                assert organisation in "".join(article.paragraphs), article.title
                assert organisation in article.summary or short_name in article.summary or short_name in article.title
            bodies[organisation, kind] = {"".join(article.paragraphs) for article in items}
    for kind in ("news", "notice"):
        for i, (first, *_) in enumerate(SITES):
            for second, *_ in SITES[i + 1 :]:
                assert not bodies[first, kind] & bodies[second, kind]


def test_sources_are_the_organisation_or_a_newspaper():
    rng = random.Random(9)
    for organisation, short_name, division in SITES:
        news = articles(rng, organisation=organisation, short_name=short_name, division_name=division, count=40)
        assert {article.source for article in news} <= {organisation} | MEDIA
        assert organisation in {article.source for article in news}
        notices = articles(
            rng, organisation=organisation, short_name=short_name, division_name=division, count=20, kind="notice"
        )
        assert {article.source for article in notices} == {organisation}


def test_notices_are_numbered_sections_after_an_opening():
    for article in site_articles(random.Random(13), "notice", 20):
        assert numbered(article.paragraphs[0]) is None
        assert all(numbered(paragraph) for paragraph in article.paragraphs[1:]), article.title
        assert_numbered_in_order(article.paragraphs)
        if not article.title.endswith("通报"):
            assert article.paragraphs[-1].endswith(("特此通知。", "特此公告。", "特此公示。", "特此通告。"))


def test_a_city_site_speaks_of_the_city_not_the_province():
    rng = random.Random(17)
    for kind in ("news", "notice"):
        for article in articles(
            rng, organisation="武汉市公安局", short_name="市公安局", division_name="武汉市", count=60, kind=kind
        ):
            text = article.title + article.summary + "".join(article.paragraphs)
            assert "全省" not in text and "神农架林区" not in text


def test_an_unknown_article_kind_is_refused():
    organisation, short_name, division = SITES[1]
    with pytest.raises(ValueError):
        articles(
            random.Random(1),
            organisation=organisation,
            short_name=short_name,
            division_name=division,
            count=1,
            kind="blog",
        )


def test_policies_have_unique_numbers_and_mostly_distinct_titles():
    rng = random.Random(19)
    for organisation, prefix in ISSUERS:
        items = policies(rng, organisation=organisation, prefix=prefix, year=2026, count=60)
        numbers = [policy.document_number for policy in items]
        assert len(set(numbers)) == len(numbers) == 60
        assert all(re.fullmatch(re.escape(prefix) + r"〔2026〕[1-9]\d*号", number) for number in numbers)
        titles = [policy.title for policy in items]
        assert len(set(titles)) >= 0.9 * len(titles)


def test_policies_are_structured_documents_within_bounds():
    items = issued_policies(random.Random(23), 60)  # 300 documents
    for policy in items:
        assert policy.topic in TOPICS
        assert policy.issuer in {organisation for organisation, _ in ISSUERS}
        assert 4 <= len(policy.paragraphs) <= 10, policy.title
        assert numbered(policy.paragraphs[0]) is None and numbered(policy.paragraphs[1]) == "一"
        assert_numbered_in_order(policy.paragraphs)
        assert policy.interpretation_title.startswith("《") and policy.interpretation_title.endswith("》政策解读")
        assert 3 <= len(policy.interpretation_paragraphs) <= 6, policy.title
        assert [p[:6] for p in policy.interpretation_paragraphs[:3]] == ["一、出台背景", "二、主要内容", "三、适用对象"]
        assert_numbered_in_order(policy.interpretation_paragraphs)
        for paragraph in policy.paragraphs + policy.interpretation_paragraphs:
            assert 80 <= len(paragraph) <= 260, paragraph
    issuers = {policy.issuer: policy for policy in items}
    assert all(organisation in "".join(issuers[organisation].paragraphs) for organisation, _ in ISSUERS)
    assert len({policy.topic for policy in items}) >= 8


def test_message_texts_are_a_citizen_asking_and_a_department_replying():
    messages = message_texts(random.Random(29), count=300)
    assert len(messages) == 300
    assert {kind for kind, *_ in messages} == {"consultation", "complaint", "suggestion"}
    for _kind, title, body, reply in messages:
        assert title and 40 <= len(body) <= 200, body
        assert 60 <= len(reply) <= 300, reply
        assert reply.startswith("您好！") and reply.endswith("。")
        assert body not in reply


def test_texts_are_plain_text_with_every_template_slot_filled():
    rng = random.Random(31)
    everything = strings(
        [
            site_articles(rng, "news", 20),
            site_articles(rng, "notice", 20),
            issued_policies(rng, 20),
            message_texts(rng, count=100),
        ]
    )
    for text in everything:
        assert not re.search(r"[<>&{}\n]", text), text
        assert text == text.strip()


def test_topics_are_the_disclosure_catalogue():
    assert len(TOPICS) == len(set(TOPICS)) == 19
    assert TOPICS[0] == "综合政务" and TOPICS[-1] == "其他"
    assert {"劳动、人事、监察", "公安、安全、司法", "市场监管、安全生产监管"} <= set(TOPICS)
    assert website_texts.MESSAGE_KINDS == ("consultation", "complaint", "suggestion")

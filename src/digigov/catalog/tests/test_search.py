"""Chinese keyword search over the catalogue (R1.1), on the real database index (FTS5 or tsvector)."""

import pytest

from digigov.catalog import search
from digigov.catalog.choices import ResourceStatus, ShareType
from digigov.catalog.models import Resource
from digigov.catalog.tests.factories import ClassificationFactory, InformationItemFactory, ResourceFactory
from digigov.core.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def indexed(**fields) -> Resource:
    items = fields.pop("items", [])
    resource = ResourceFactory(**fields)
    for name in items:
        InformationItemFactory(resource=resource, name=name)
    search.index_resource(resource)
    return resource


@pytest.fixture
def catalogue():
    population = indexed(
        name="人口基础信息",
        summary="全省户籍人口和流动人口的基础信息",
        provider=OrganisationFactory(name="湖北省公安厅"),
        items=["公民身份号码", "姓名", "户籍地址"],
    )
    entity = indexed(
        name="法人基础信息",
        summary="市场主体登记注册形成的营业执照信息",
        provider=OrganisationFactory(name="湖北省市场监督管理局"),
        items=["统一社会信用代码", "企业名称", "法定代表人"],
    )
    housing = indexed(
        name="不动产登记信息",
        summary="不动产权利人及权属状况",
        provider=OrganisationFactory(name="湖北省自然资源厅"),
        items=["不动产单元号", "权利人"],
    )
    return {"population": population, "entity": entity, "housing": housing}


def ids(q, **kwargs):
    return search.resource_search(q, **kwargs)[0]


def test_word_in_the_name_finds_the_resource(catalogue):
    assert ids("人口") == [catalogue["population"].pk]
    assert ids("人口基础信息") == [catalogue["population"].pk]


def test_word_in_the_summary_finds_the_resource(catalogue):
    assert ids("营业执照") == [catalogue["entity"].pk]


def test_word_in_an_information_item_finds_the_resource(catalogue):
    assert ids("统一社会信用代码") == [catalogue["entity"].pk]
    assert ids("身份号码") == [catalogue["population"].pk]


def test_provider_and_code_are_searchable(catalogue):
    assert ids("公安厅") == [catalogue["population"].pk]
    assert ids(catalogue["housing"].code) == [catalogue["housing"].pk]


def test_every_token_must_match(catalogue):
    assert set(ids("基础信息")) == {catalogue["population"].pk, catalogue["entity"].pk}
    assert ids("法人 基础信息") == [catalogue["entity"].pk]
    assert ids("人口 营业执照") == []


def test_a_name_match_ranks_before_a_summary_only_match():
    summary_only = indexed(name="户籍登记台账", summary="包含人口基础信息的户籍台账")
    in_name = indexed(name="人口基础信息", summary="全省数据")

    found, total = search.resource_search("人口")

    assert found == [in_name.pk, summary_only.pk]
    assert total == 2


def test_limit_offset_and_total():
    created = [indexed(name=f"企业年报信息{n}") for n in range(5)]

    first, total = search.resource_search("企业年报", limit=2)
    second, _ = search.resource_search("企业年报", limit=2, offset=2)
    past_end = search.resource_search("企业年报", limit=2, offset=10)

    assert total == 5
    assert len(first) == len(second) == 2
    assert set(first).isdisjoint(second)
    assert set(first + second) < {resource.pk for resource in created}
    assert past_end == ([], 5)


@pytest.mark.parametrize(
    "q",
    ['"', '人口"', "人口*", "-人口", "(人口", "人口)", "人口 OR 法人", "NEAR(人口 法人)", "人口 AND", "^人口",
     "人口:", "name:人口", "'; DROP TABLE catalog_resource; --", "\\", "%", "\x00", "🙂", "   ", ""],
)  # fmt: skip
def test_special_characters_do_not_raise(catalogue, q):
    found, total = search.resource_search(q)

    assert len(found) == total
    assert Resource.objects.count() == 3


def test_operator_words_are_plain_text(catalogue):
    indexed(name="OR NEAR 接口说明")

    assert len(ids("OR")) == 1
    assert ids("人口 OR 法人") == []


def test_reindex_after_an_update(catalogue):
    population = catalogue["population"]
    population.name = "户籍人口统计"
    population.summary = "全省户籍人口统计数据"
    population.save()
    InformationItemFactory(resource=population, name="婚姻状况")
    search.index_resource(population)

    assert ids("基础信息") == [catalogue["entity"].pk]
    assert ids("户籍人口统计") == [population.pk]
    assert ids("婚姻状况") == [population.pk]


def test_removal(catalogue):
    search.index_remove(catalogue["entity"].pk)

    assert ids("营业执照") == []
    assert search.resource_search("基础信息") == ([catalogue["population"].pk], 1)


def test_a_deleted_resource_never_shows_even_before_removal(catalogue):
    housing = catalogue["housing"]
    housing.items.all().delete()
    housing.delete()

    assert search.resource_search("不动产") == ([], 0)


def test_reindex_all_rebuilds_from_the_catalogue(catalogue):
    Resource.objects.filter(pk=catalogue["population"].pk).update(name="出生医学证明")
    unindexed = ResourceFactory(name="营业执照电子证照")

    assert search.reindex_all() == 4
    assert ids("出生医学证明") == [catalogue["population"].pk]
    assert ids("电子证照") == [unindexed.pk]
    assert set(ids("营业执照")) == {catalogue["entity"].pk, unindexed.pk}


def test_filters_and_within(catalogue):
    entity, population = catalogue["entity"], catalogue["population"]
    Resource.objects.filter(pk=population.pk).update(status=ResourceStatus.DRAFT, share_type=ShareType.CONDITIONAL)

    assert ids("基础信息", status=ResourceStatus.PUBLISHED) == [entity.pk]
    assert ids("基础信息", share_type=ShareType.CONDITIONAL) == [population.pk]
    assert ids("基础信息", provider_id=population.provider_id) == [population.pk]
    assert ids("基础信息", within=Resource.objects.filter(provider=entity.provider)) == [entity.pk]
    assert ids("基础信息", within=Resource.objects.none()) == []
    with pytest.raises(TypeError):
        search.resource_search("人口", colour="red")


def test_classification_is_searchable():
    theme = ClassificationFactory(code="2", name="主题信息资源", level=1)
    resource = indexed(name="养老服务机构名录", classification=theme)

    assert ids("主题") == [resource.pk]


def test_query_terms_drop_long_words_covered_by_shorter_ones():
    assert search.query_terms("营业执照") == ["营业", "执照"]
    assert search.query_terms("人口基础信息") == ["人口", "基础", "信息"]
    assert search.query_terms("管理局") == ["管理", "管理局"]
    assert search.query_terms('(人口) OR "x" -y*') == ["人口", "or", "x", "y"]


def test_unknown_words_match_whatever_their_neighbours():
    # jieba's HMM would glue 局 to an unknown word that follows (局林权); with it off, 林权 matches anywhere.
    resource = indexed(name="西陵区林业局林权登记台账", summary="全区林权证发放台账")

    assert ids("林权登记") == [resource.pk]
    assert ids("林业局") == [resource.pk]


def test_full_width_letters_and_digits_match_their_ascii_form():
    resource = indexed(name="ＡＰＩ接口目录", code="3/ＡＢ０１２３")

    assert ids("api") == [resource.pk]
    assert ids("3/AB0123") == [resource.pk]


def test_within_a_visibility_queryset(catalogue):
    provider = catalogue["housing"].provider

    found, total = search.resource_search("信息", within=Resource.objects.filter(provider=provider).published())

    assert (found, total) == ([catalogue["housing"].pk], 1)


def test_reindex_all_works_with_the_migration_s_historical_model(catalogue):
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection).project_state(("catalog", "0002_search_index"))

    assert search.reindex_all(resource_model=state.apps.get_model("catalog", "Resource")) == 3
    assert ids("营业执照") == [catalogue["entity"].pk]


def test_a_platform_administrator_rebuilds_the_index_as_a_background_job(
    catalogue, client, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    from digigov.core.choices import Role
    from digigov.core.models import BackgroundJob
    from digigov.core.tests.factories import staff

    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    admin, handler = staff(Role.PLATFORM_ADMIN), staff(Role.HANDLER)
    for user in (admin, handler):
        user.user_permissions.add(access)
    Resource.objects.filter(pk=catalogue["population"].pk).update(name="出生医学证明")
    client.force_login(handler)
    assert "重建检索索引" not in client.get("/admin/catalog/resources/").content.decode()
    refused = client.post("/admin/catalog/resources/reindex/")
    assert refused["Location"] == "/admin/" and not BackgroundJob.objects.exists()

    client.force_login(admin)
    assert "重建检索索引" in client.get("/admin/catalog/resources/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/catalog/resources/reindex/")
    job = BackgroundJob.objects.get(owner=admin)
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.done, job.total, job.message) == ("done", 3, 3, "已为 3 个资源建立索引。")
    assert ids("出生医学证明") == [catalogue["population"].pk]

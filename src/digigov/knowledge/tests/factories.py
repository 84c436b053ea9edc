"""Knowledge base test data: categories by code and published articles (other apps' tests may import these)."""

import factory

from digigov.core.tests.factories import OrganisationFactory
from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.models import Article, Category


def category(code: str, name: str, parent: Category | None = None) -> Category:
    return Category.objects.create(code=code, name=name, parent=parent)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    category = factory.LazyFunction(lambda: Category.objects.get_or_create(code="99", name="其他")[0])
    title = factory.Sequence(lambda n: f"知识条目{n}")
    answer = "请携带身份证原件到政务服务中心办理。"
    department = factory.SubFactory(OrganisationFactory)
    status = ArticleStatus.PUBLISHED

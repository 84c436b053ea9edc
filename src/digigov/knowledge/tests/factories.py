"""Knowledge base test data: categories by code, published articles, departments' editors and the centre's
knowledge managers (other apps' tests may import these)."""

import factory
from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.rules import rule_set
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.models import Article, Category

PASSWORD = "Test@Pass2026"  # noqa: S105  (the core factories' test password)


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


def officer(role: str, organisation, **user_fields):
    """Staff holding `role` in `organisation`, let into the back office (access_admin)."""
    user = staff(role, organisation, **user_fields)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def make_centre(name: str = "市12345政务服务便民热线中心"):
    """The 12345 centre, named in the rule `knowledge.centre_organisations`, with a knowledge manager (reviewer)."""
    centre = OrganisationFactory(name=name)
    rule_set(actor=UserFactory(is_superuser=True), key="knowledge.centre_organisations", value=str(centre.pk))
    return centre, officer(Role.REVIEWER, centre)

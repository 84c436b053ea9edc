import factory

from digigov.catalog import search
from digigov.catalog.choices import (
    CatalogueCategory,
    ItemDataType,
    OpenType,
    ResourceFormat,
    ResourceStatus,
    ShareMethod,
    ShareType,
    UpdateCycle,
)
from digigov.catalog.models import Classification, InformationItem, Resource
from digigov.core.tests.factories import OrganisationFactory


class ClassificationFactory(factory.django.DjangoModelFactory):
    """A 部门 class node (category department) unless told otherwise."""

    class Meta:
        model = Classification
        django_get_or_create = ("code",)

    code = "3"
    name = "部门信息资源"
    level = 1
    category = CatalogueCategory.DEPARTMENT


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published, unconditionally shared resource with no items (add them with InformationItemFactory)."""

    class Meta:
        model = Resource

    code = factory.Sequence(lambda n: f"3/{n + 1:06d}")
    classification = factory.SubFactory(ClassificationFactory)
    name = factory.Sequence(lambda n: f"测试信息资源{n}")
    provider = factory.SubFactory(OrganisationFactory)
    summary = "测试用信息资源摘要"
    format = ResourceFormat.DATABASE
    share_type = ShareType.UNCONDITIONAL
    share_method = ShareMethod.API
    open_type = OpenType.NOT_OPEN
    update_cycle = UpdateCycle.DAILY
    status = ResourceStatus.PUBLISHED
    version = 1


class InformationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationItem

    resource = factory.SubFactory(ResourceFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"信息项{n}")
    identifier = factory.Sequence(lambda n: f"item{n}")
    data_type = ItemDataType.CHAR


def indexed(resource: Resource) -> Resource:
    """The resource in the keyword index, as publishing puts it (factories bypass the services)."""
    search.index_resource(resource)
    return resource

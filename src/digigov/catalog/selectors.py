"""Reads of the catalogue, scoped to the actor where a person asks."""

from digigov.catalog.models import InformationItem, Resource
from digigov.core.errors import NotFoundError


def resource_get(pk: int) -> Resource:
    """Any resource by id, whatever its state (for apps that hold a reference to it)."""
    try:
        return Resource.objects.select_related("provider", "classification").get(pk=pk)
    except Resource.DoesNotExist:
        raise NotFoundError() from None


def published_resource_get(pk: int) -> Resource:
    """A published resource, the only kind that may be applied for, mounted or served (R1.1)."""
    try:
        return Resource.objects.published().select_related("provider", "classification").get(pk=pk)
    except Resource.DoesNotExist:
        raise NotFoundError() from None


def resource_items(resource: Resource) -> list[InformationItem]:
    return list(resource.items.all())

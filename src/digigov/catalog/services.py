"""Writes of the catalogue: each checks permission, changes state and records it in the audit ledger."""

from django.db import transaction
from django.utils import timezone

from digigov.catalog.models import Resource
from digigov.core import ledger


@transaction.atomic
def resource_set_mounted(*, resource: Resource, mounted: bool, actor=None) -> Resource:
    """Called by the exchange when a data service is mounted to or unmounted from the resource (挂接, R1.3)."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    was = resource.mounted_at is not None
    if was == mounted:
        return resource
    resource.mounted_at = timezone.now() if mounted else None
    resource.save(update_fields=["mounted_at", "updated_at"])
    ledger.record(
        action="catalog.resource.mounted" if mounted else "catalog.resource.unmounted",
        actor=actor,
        organisation=resource.provider,
        obj=resource,
        before={"mounted": was},
        after={"mounted": mounted},
    )
    return resource

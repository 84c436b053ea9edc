"""The catalogue's events, each adapted into one exchange service call (docs/adr/0001-app-skeleton.md)."""

from django.dispatch import receiver

from digigov.catalog import api as catalog
from digigov.exchange import services


@receiver(catalog.sharing_stopped, dispatch_uid="exchange.suspend_grants")
def suspend_grants(sender, *, resource, actor, reason, **kwargs) -> None:
    """Withdrawn, or published again as 不予共享: the resource's grants stop now (R1.2, R1.9)."""
    services.grants_suspend(actor=actor, resource=resource, reason=reason)

"""What other apps (and the exchange gateway) may call on the exchange. Nothing else of `exchange` is public.

The gateway asks two questions per call: which grant lets this system read this resource today, and which data
service is mounted to the resource (R1.4, R1.8).
"""

from django.utils import timezone

from digigov.exchange.models import Grant, Mount


def grant_for_call(*, system, resource_id: int) -> Grant | None:
    """The active grant of `system` (identity.SystemClient) for the resource, valid today, or None."""
    if system is None:
        return None
    today = timezone.localdate()
    return (
        Grant.objects.filter(
            system=system,
            resource_id=resource_id,
            is_active=True,
            valid_from__lte=today,
            valid_until__gte=today,
        )
        .select_related("consumer", "system", "resource")
        .prefetch_related("items")
        .order_by("-created_at")
        .first()
    )


def active_mount(resource_id: int) -> Mount | None:
    """The data service mounted (挂接) to the resource, or None if it has none."""
    return (
        Mount.objects.filter(resource_id=resource_id, is_active=True)
        .select_related("service", "service__table", "resource")
        .first()
    )


__all__ = ["active_mount", "grant_for_call"]

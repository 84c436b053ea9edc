"""Reads of the service-item catalogue, scoped to the actor (R4.1): published items for everyone who may call;
drafts, submitted and returned items only for their department's staff and the platform operator."""

from django.db.models import Q, QuerySet

from digigov.core.errors import NotFoundError
from digigov.core.permissions import organisation_ids
from digigov.eservices.choices import ItemStatus
from digigov.eservices.models import ServiceItem, ServiceItemVersion, Theme
from digigov.eservices.permissions import is_operator


def item_visible(actor) -> QuerySet[ServiceItem]:
    """Published items for anyone; the rest for the implementing department's members and the operator."""
    qs = ServiceItem.objects.select_related("basic", "organisation", "division")
    if is_operator(actor):
        return qs
    ids = organisation_ids(actor) if getattr(actor, "is_authenticated", False) else set()
    return qs.filter(Q(status=ItemStatus.PUBLISHED) | Q(organisation_id__in=ids))


def item_list(
    *,
    actor,
    organisation: int | None = None,
    kind: str = "",
    status: str = "",
    theme: str = "",
    audience: str = "",
    q: str = "",
    published_only: bool = False,
) -> QuerySet[ServiceItem]:
    """The catalogue as the actor may see it, filtered; `status` "revising" lists items with a revision open."""
    qs = item_visible(actor)
    if published_only:
        qs = qs.filter(status=ItemStatus.PUBLISHED)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if kind:
        qs = qs.filter(basic__kind=kind)
    if status == "revising":
        qs = qs.exclude(revision_status="")
    elif status:
        qs = qs.filter(Q(status=status) | Q(revision_status=status))
    if theme:
        qs = qs.filter(themes__code=theme)
    if audience:
        qs = qs.filter(audience=audience)
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(implementation_code__icontains=q) | Q(basic__basic_code__icontains=q))
    return qs.order_by("organisation__name", "implementation_code")


def item_detail(*, actor, pk: int) -> ServiceItem:
    try:
        return item_visible(actor).get(pk=pk)
    except (ServiceItem.DoesNotExist, ValueError, TypeError):
        raise NotFoundError() from None


def published_item_get(pk: int) -> ServiceItem:
    """A published item by id, whoever asks (the hall, cases)."""
    try:
        return ServiceItem.objects.published().select_related("basic", "organisation", "division").get(pk=pk)
    except ServiceItem.DoesNotExist:
        raise NotFoundError() from None


def version_list(item: ServiceItem) -> list[ServiceItemVersion]:
    return list(item.versions.select_related("published_by").order_by("-number"))


def version_get(item: ServiceItem, number: int) -> ServiceItemVersion:
    """The version a case applied under."""
    try:
        return item.versions.get(number=number)
    except ServiceItemVersion.DoesNotExist:
        raise NotFoundError() from None


def theme_list(*, audience: str = "") -> QuerySet[Theme]:
    qs = Theme.objects.all()
    return qs.filter(audience=audience) if audience else qs

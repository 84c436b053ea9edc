"""Reads of the catalogue, scoped to the actor where a person asks (R1.1, R1.3, R1.6)."""

from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from digigov.catalog import search, versions
from digigov.catalog.choices import OpenType, ResourceStatus, ShareType, SharingStop
from digigov.catalog.models import (
    Classification,
    DemandEntry,
    InformationItem,
    NegativeEntry,
    Resource,
    ResourceVersion,
    ResponsibilityEntry,
)
from digigov.catalog.permissions import is_operator, is_staff_member
from digigov.core.errors import NotFoundError
from digigov.core.models import Organisation
from digigov.core.permissions import organisation_ids
from digigov.core.rules import rule


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


def sharing_stop(resource: Resource) -> SharingStop | None:
    """Why the resource may not be shared now, or None if it may: only a published resource that is not 不予共享 is
    applied for, mounted or served (R1.2, R1.9)."""
    if resource.status != ResourceStatus.PUBLISHED:
        return SharingStop.WITHDRAWN
    if resource.share_type == ShareType.NOT_SHARED:
        return SharingStop.NOT_SHARED
    return None


def resource_items(resource: Resource) -> list[InformationItem]:
    return list(resource.items.all())


def operator_organisation() -> Organisation | None:
    """The platform operator (共享平台运维方) that reviews resources and keeps the lists."""
    return Organisation.objects.filter(is_platform_operator=True, is_active=True).order_by("pk").first()


def resource_visible(actor) -> QuerySet[Resource]:
    """Published resources for every staff member; drafts only for their provider and the operator."""
    qs = Resource.objects.select_related("provider", "classification")
    if is_operator(actor):
        return qs
    if not is_staff_member(actor):
        return qs.none()
    return qs.filter(Q(status=ResourceStatus.PUBLISHED) | Q(provider_id__in=organisation_ids(actor)))


def resource_list(
    *,
    actor,
    provider: int | None = None,
    share_type: str = "",
    status: str = "",
    classification: str = "",
    q: str = "",
) -> QuerySet[Resource]:
    """The catalogue as the actor may see it; `classification` is a code and includes the nodes below it."""
    qs = resource_visible(actor)
    if provider:
        qs = qs.filter(provider_id=provider)
    if share_type:
        qs = qs.filter(share_type=share_type)
    if status == "revising":
        qs = qs.exclude(revision_status="")
    elif status:
        qs = qs.filter(Q(status=status) | Q(revision_status=status))
    if classification:
        qs = qs.filter(classification__code__startswith=classification)
    if q:
        return _ranked_search(qs, q)
    return qs.order_by("code")


SEARCH_LIMIT = 1000  # a keyword search lists its best matches; nobody pages past a thousand


def _ranked_search(qs: QuerySet[Resource], q: str) -> QuerySet[Resource]:
    """Chinese keyword search (jieba + full-text index) within `qs`, best match first; a resource code typed in
    whole or in part is found too."""
    ids, _total = search.resource_search(q, within=qs, limit=SEARCH_LIMIT)
    by_code = list(qs.filter(code__icontains=q.strip()).values_list("pk", flat=True)[:20])
    ranked = [*by_code, *[pk for pk in ids if pk not in set(by_code)]]
    if not ranked:
        return qs.none()
    order = Case(*[When(pk=pk, then=Value(position)) for position, pk in enumerate(ranked)])
    return qs.filter(pk__in=ranked).order_by(order)


def open_resource_list(*, q: str = "", theme: int | None = None, provider: int | None = None) -> QuerySet[Resource]:
    """Resources open to the public without conditions (无条件开放, R3.1): published ones only, the newest release
    first, or the best match first for a keyword; `theme` is a classification and takes everything filed under it."""
    qs = Resource.objects.published().filter(open_type=OpenType.UNCONDITIONAL).exclude(share_type=ShareType.NOT_SHARED)
    if provider:
        qs = qs.filter(provider_id=provider)
    if theme:
        qs = qs.filter(
            Q(classification_id=theme) | Q(classification__parent_id=theme) | Q(classification__parent__parent_id=theme)
        )
    qs = qs.select_related("provider", "classification__parent")
    return _ranked_search(qs, q) if q.strip() else qs.order_by("-release_date", "code")


def open_resource_get(pk: int) -> Resource:
    """One resource of the open-data portal (NotFoundError for any other: a draft, withdrawn, or not open)."""
    try:
        return open_resource_list().prefetch_related("items").get(pk=pk)
    except Resource.DoesNotExist:
        raise NotFoundError() from None


def resource_theme(resource: Resource) -> Classification:
    """The 项 (second level) a resource is filed under, or its own classification when it is filed higher."""
    classification = resource.classification
    while classification.level > 2 and classification.parent is not None:
        classification = classification.parent
    return classification


def resource_detail(*, actor, pk: int) -> Resource:
    try:
        return resource_visible(actor).get(pk=pk)
    except Resource.DoesNotExist:
        raise NotFoundError() from None


def version_list(resource: Resource) -> list[ResourceVersion]:
    return list(resource.versions.select_related("published_by").order_by("-number"))


def version_diff(resource: Resource, old: int, new: int | None = None) -> dict:
    """Difference from version `old` to version `new` (or to the revision in progress when `new` is None)."""
    snaps = {v.number: v.snapshot for v in resource.versions.filter(number__in=[old, new or 0])}
    if old not in snaps or (new is not None and new not in snaps):
        raise NotFoundError()
    target = snaps[new] if new is not None else (resource.revision or versions.snapshot(resource))
    return versions.diff(snaps[old], target)


def single_source_conflicts(resource: Resource, items: list[dict] | None = None) -> dict[str, list[Resource]]:
    """Elements this resource claims as authoritative that another provider's published resource also claims."""
    if items is None:
        items = [versions.item_dict(i) for i in resource.items.all()]
    elements = {i["element"] for i in items if i.get("is_authoritative") and i.get("element")}
    if not elements:
        return {}
    rivals = (
        InformationItem.objects.filter(
            element__in=elements, is_authoritative=True, resource__status=ResourceStatus.PUBLISHED
        )
        .exclude(resource__provider_id=resource.provider_id)
        .select_related("resource", "resource__provider")
    )
    found: dict[str, list[Resource]] = {}
    for item in rivals:
        found.setdefault(item.element, [])
        if item.resource not in found[item.element]:
            found[item.element].append(item.resource)
    return found


def classification_list() -> QuerySet[Classification]:
    return Classification.objects.select_related("parent").order_by("code")


# --- the three lists (R1.3) -------------------------------------------------------------------------------------


def _list_scope(model, actor, org_field: str):
    qs = model.objects.all()
    if is_operator(actor):
        return qs
    return qs.filter(**{f"{org_field}_id__in": organisation_ids(actor)})


def responsibility_list(*, actor, organisation: int | None = None) -> QuerySet[ResponsibilityEntry]:
    qs = _list_scope(ResponsibilityEntry, actor, "organisation").select_related("organisation", "resource")
    return qs.filter(organisation_id=organisation) if organisation else qs


def responsibility_state(entry: ResponsibilityEntry, today=None) -> str:
    """fulfilled | overdue | open: fulfilled once linked to a published resource, overdue after the due date."""
    resource = entry.resource if entry.resource_id else None
    if resource is not None and resource.status == ResourceStatus.PUBLISHED:
        return "fulfilled"
    return "overdue" if entry.due_date < (today or timezone.localdate()) else "open"


def demand_list(*, actor, status: str = "") -> QuerySet[DemandEntry]:
    """Demands the actor's departments raised or are asked to answer; the operator sees all."""
    qs = DemandEntry.objects.select_related("requester", "provider", "resource")
    if not is_operator(actor):
        ids = organisation_ids(actor)
        qs = qs.filter(Q(requester_id__in=ids) | Q(provider_id__in=ids))
    return qs.filter(status=status) if status else qs


def negative_list(*, actor, organisation: int | None = None) -> QuerySet[NegativeEntry]:
    """The negative list is public to every staff member: departments must know what is not shared and why."""
    qs = NegativeEntry.objects.select_related("organisation", "resource")
    if not is_staff_member(actor):
        return qs.none()
    return qs.filter(organisation_id=organisation) if organisation else qs


def demand_suggestions(entry: DemandEntry, limit: int = 5) -> list[Resource]:
    """Published resources whose names share the most two-character pieces with the demand's name."""
    wanted = _bigrams(entry.resource_name)
    if not wanted:
        return []
    candidates = Resource.objects.published().select_related("provider", "classification")
    scored = []
    for resource in candidates[:5000]:
        score = len(wanted & _bigrams(resource.name)) / len(wanted)
        if score >= 0.3:
            # the expected provider's resources first at equal score
            scored.append(
                (-score - (0.01 if resource.provider_id == entry.provider_id else 0), resource.code, resource)
            )
    return [r for _s, _c, r in sorted(scored, key=lambda t: (t[0], t[1]))[:limit]]


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if not ch.isspace())
    return {text[i : i + 2] for i in range(len(text) - 1)}


# --- mount rate (R1.3) ------------------------------------------------------------------------------------------


@dataclass
class MountRate:
    organisation: str
    organisation_id: int | None
    published: int
    mounted: int
    target: float

    @property
    def rate(self) -> float | None:
        return round(100 * self.mounted / self.published, 1) if self.published else None

    @property
    def meets_target(self) -> bool:
        return self.rate is not None and self.rate >= self.target


def resource_counts_by_provider() -> dict[int, tuple[int, int]]:
    """{provider id: (published resources, of which mounted)} for the sharing figures of exchange (R1.3, R1.10)."""
    rows = (
        Resource.objects.published()
        .values("provider_id")
        .annotate(published=Count("pk"), mounted=Count("pk", filter=Q(mounted_at__isnull=False)))
        .order_by()
    )
    return {r["provider_id"]: (r["published"], r["mounted"]) for r in rows}


def mount_rates() -> tuple[list[MountRate], MountRate]:
    """挂接率 per provider and overall: published resources with a mounted data service / published resources."""
    target = float(rule("catalog.mount_rate_target"))
    rows = (
        Resource.objects.published()
        .values("provider_id", "provider__name")
        .annotate(published=Count("pk"), mounted=Count("pk", filter=Q(mounted_at__isnull=False)))
        .order_by("provider__name")
    )
    per = [MountRate(r["provider__name"], r["provider_id"], r["published"], r["mounted"], target) for r in rows]
    total = MountRate("", None, sum(r.published for r in per), sum(r.mounted for r in per), target)
    return per, total


def published_resource_options(
    *, provider_id: int | None = None, shareable_only: bool = False, q: str = ""
) -> list[Resource]:
    """Published resources to choose from in a form (a provider mounting its own, a consumer applying); `q`
    keeps those whose name, code or provider contains it (a province has hundreds)."""
    qs = Resource.objects.published().select_related("provider").order_by("code")
    if provider_id is not None:
        qs = qs.filter(provider_id=provider_id)
    if shareable_only:
        qs = qs.exclude(share_type=ShareType.NOT_SHARED)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(provider__name__icontains=q))
    return list(qs)

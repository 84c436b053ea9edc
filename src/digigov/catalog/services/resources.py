"""The resource lifecycle (R1.1, R1.2, R1.6): draft → submitted → published (or returned), revised, withdrawn.

A resource that was never published is edited in its row. A published resource is revised in `revision` (a
snapshot-shaped working copy with its own `revision_status`) while its row and items keep serving exchange;
publishing the revision copies it into the row, replaces the items and freezes version n+1.
"""

import datetime as dt

from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.catalog import search, versions
from digigov.catalog.choices import ResourceStatus, ShareType, SharingStop
from digigov.catalog.lifecycle import RESOURCE, ResourceAction, resource_state
from digigov.catalog.models import (
    Classification,
    InformationItem,
    NegativeEntry,
    Resource,
    ResourceVersion,
    ResponsibilityEntry,
)
from digigov.catalog.permissions import EDITORS, require_operator
from digigov.catalog.selectors import operator_organisation, single_source_conflicts
from digigov.catalog.services.classification import classification_for, next_code
from digigov.catalog.services.validation import check
from digigov.catalog.signals import sharing_stopped
from digigov.core import inbox, ledger
from digigov.core.choices import Role
from digigov.core.errors import DomainError, FieldErrors
from digigov.core.models import InboxItem
from digigov.core.permissions import require
from digigov.core.rules import rule

EDITABLE = [f for f in versions.FIELDS]
REVIEW_KIND = "catalog.resource.review"
SINGLE_SOURCE_KIND = "catalog.single_source"


def _locked(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().select_related("classification", "provider").get(pk=resource.pk)


def _date(value):
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return value or None


def _apply_fields(resource: Resource, fields: dict) -> None:
    for field, value in fields.items():
        setattr(resource, field, _date(value) if field == "release_date" else value)


def _replace_items(resource: Resource, items: list[dict]) -> None:
    """Make the resource's item rows equal `items`, keeping the rows (and grants on them) of kept identifiers."""
    current = {i.identifier: i for i in resource.items.all()}
    wanted = {}
    for position, data in enumerate(items):
        values = versions.item_dict(data) | {"position": position}
        values["length"] = values["length"] or None
        values["sensitive"] = values["sensitive"] or ""
        wanted[values["identifier"]] = values
    for ident, item in current.items():
        if ident not in wanted:
            try:
                item.delete()
            except ProtectedError:
                raise DomainError(
                    _("Item “%(name)s” is referenced by error reports and cannot be removed.") % {"name": item.name},
                    code="item_in_use",
                ) from None
    for ident, values in wanted.items():
        if ident in current:
            InformationItem.objects.filter(pk=current[ident].pk).update(**values)
        else:
            InformationItem.objects.create(resource=resource, **values)


def _clean_items(items) -> list[dict]:
    return [versions.item_dict(i) for i in items]


@transaction.atomic
def resource_create(*, actor, provider, classification: Classification, items=(), **fields) -> Resource:
    """A draft resource of `provider`, coded from its classification (前段码/后段码), by a provider's handler."""
    require(actor, EDITORS, provider)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown resource fields: {sorted(unknown)}")
    classification = classification_for(classification=classification, provider=provider)
    items = _clean_items(items)
    fields.setdefault("related_codes", [])
    check(fields, classification, items)
    resource = Resource(provider=provider, classification=classification, created_by=actor if _is_user(actor) else None)
    _apply_fields(resource, fields)
    resource.code = next_code(classification)
    resource.save()
    _replace_items(resource, items)
    ledger.record(
        action="catalog.resource.created",
        actor=actor,
        organisation=provider,
        obj=resource,
        after={"code": resource.code, "name": resource.name, "share_type": resource.share_type},
    )
    search.index_resource(resource)
    return resource


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


@transaction.atomic
def resource_update(*, actor, resource: Resource, items=None, **fields) -> Resource:
    """Edit a draft or returned resource, or the revision of a published one; `items` replaces the item set."""
    resource = _locked(resource)
    RESOURCE.check(actor, resource, ResourceAction.EDIT)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown resource fields: {sorted(unknown)}")
    if resource.status == ResourceStatus.PUBLISHED:
        return _revise(actor, resource, items, fields)
    merged = {f: versions.snapshot(resource)["fields"][f] for f in EDITABLE} | fields
    new_items = _clean_items(resource.items.all() if items is None else items)
    check(merged, resource.classification, new_items)
    before = versions.snapshot(resource)
    _apply_fields(resource, fields)
    resource.save()
    if items is not None:
        _replace_items(resource, new_items)
    change = versions.diff(before, versions.snapshot(resource))
    ledger.record(
        action="catalog.resource.changed",
        actor=actor,
        organisation=resource.provider,
        obj=resource,
        before={c["field"]: c["old"] for c in change["fields"]},
        after={c["field"]: c["new"] for c in change["fields"]} | {"items": len(new_items)},
    )
    search.index_resource(resource)
    return resource


def _revise(actor, resource: Resource, items, fields) -> Resource:
    working = resource.revision or versions.snapshot(resource)
    merged = working["fields"] | {f: versions._json(v) for f, v in fields.items()}
    new_items = working["items"] if items is None else _clean_items(items)
    check(merged, resource.classification, new_items)
    resource.revision = {"fields": merged, "items": new_items}
    resource.revision_status = RESOURCE.next_state(resource_state(resource), ResourceAction.EDIT)
    resource.save(update_fields=["revision", "revision_status", "updated_at"])
    ledger.record(
        action="catalog.resource.revised",
        actor=actor,
        organisation=resource.provider,
        obj=resource,
        after={"version": resource.version, "fields": sorted(fields), "items": len(new_items)},
    )
    return resource


def working_copy(resource: Resource) -> dict:
    """What the provider is editing: the revision of a published resource, else the row itself."""
    if resource.revision is not None:
        return resource.revision
    return versions.snapshot(resource)


@transaction.atomic
def resource_submit(*, actor, resource: Resource) -> Resource:
    """Send a draft (or a revision) to the platform operator for review within catalog.review_days (R1.4)."""
    resource = _locked(resource)
    RESOURCE.check(actor, resource, ResourceAction.SUBMIT)
    revising = resource.status == ResourceStatus.PUBLISHED
    state = resource_state(resource)
    copy = working_copy(resource)
    check(copy["fields"], resource.classification, copy["items"], complete=True)
    if revising:
        resource.revision_status = ResourceStatus.SUBMITTED
    else:
        resource.status = ResourceStatus.SUBMITTED
    resource.save(update_fields=["status", "revision_status", "updated_at"])
    ledger.record(
        action="catalog.resource.submitted",
        actor=actor,
        organisation=resource.provider,
        obj=resource,
        before={"status": state},
        after={"status": ResourceStatus.SUBMITTED, "revision": revising},
    )
    operator = operator_organisation()
    if operator is not None:
        inbox.inbox_register(
            source="catalog",
            kind=REVIEW_KIND,
            title=inbox.lazy_text(
                gettext_lazy("Review catalogue resource %(code)s %(name)s"),
                code=resource.code,
                name=copy["fields"]["name"],
            ),
            url=f"/admin/catalog/resources/{resource.pk}/",
            assignee_org=operator,
            assignee_role=Role.REVIEWER,
            working_days=rule("catalog.review_days"),
            obj=resource,
        )
    _flag_single_source(resource, copy["items"])
    search.index_resource(resource)
    return resource


@transaction.atomic
def resource_review(*, actor, resource: Resource, approve: bool, comment: str = "") -> Resource:
    """The platform operator publishes a submitted resource (a new version) or returns it with a comment."""
    resource = _locked(resource)
    RESOURCE.check(actor, resource, ResourceAction.PUBLISH if approve else ResourceAction.RETURN)
    revising = resource.status == ResourceStatus.PUBLISHED
    if not approve and not comment.strip():
        raise FieldErrors.one("comment", _("Say why the resource is returned."), code="comment_required")
    resource.review_comment = comment
    if not approve:
        if revising:
            resource.revision_status = ResourceStatus.RETURNED
        else:
            resource.status = ResourceStatus.RETURNED
        resource.save(update_fields=["status", "revision_status", "review_comment", "updated_at"])
        _record_review(actor, resource, "catalog.resource.returned", comment)
    else:
        _publish(actor, resource)
    inbox.inbox_complete_for(obj=resource, kind=REVIEW_KIND)
    if resource.created_by_id:
        inbox.notify(
            recipient=resource.created_by,
            title=inbox.lazy_text(
                gettext_lazy("Resource %(code)s was published")
                if approve
                else gettext_lazy("Resource %(code)s was returned"),
                code=resource.code,
            ),
            body=comment,
            url=f"/admin/catalog/resources/{resource.pk}/",
        )
    return resource


def _publish(actor, resource: Resource) -> None:
    copy = working_copy(resource)
    check(copy["fields"], resource.classification, copy["items"], complete=True)
    _apply_fields(resource, {f: copy["fields"][f] for f in EDITABLE})
    if resource.release_date is None:
        resource.release_date = timezone.localdate()
    resource.status = ResourceStatus.PUBLISHED
    resource.revision, resource.revision_status = None, ""
    resource.version += 1
    resource.save()
    _replace_items(resource, copy["items"])
    ResourceVersion.objects.create(
        resource=resource,
        number=resource.version,
        snapshot=versions.snapshot(resource),
        published_at=timezone.now(),
        published_by=actor if _is_user(actor) else None,
    )
    _record_review(actor, resource, "catalog.resource.published", resource.review_comment)
    _sync_negative_entry(resource)
    ResponsibilityEntry.objects.filter(
        organisation=resource.provider, resource_name=resource.name, resource__isnull=True
    ).update(resource=resource)
    _flag_single_source(resource, copy["items"])
    search.index_resource(resource)
    if resource.share_type == ShareType.NOT_SHARED:
        # Published again as 不予共享: what was granted under the old share type stops now (R1.2).
        sharing_stopped.send(Resource, resource=resource, actor=actor, reason=SharingStop.NOT_SHARED)


def _record_review(actor, resource, action, comment):
    ledger.record(
        action=action,
        actor=actor,
        organisation=resource.provider,
        obj=resource,
        before={"status": ResourceStatus.SUBMITTED},
        after={"status": resource.status, "version": resource.version, "comment": comment},
    )


def _sync_negative_entry(resource: Resource) -> None:
    """A not-shared resource is on the negative list with its legal basis; others are not (R1.2, R1.3)."""
    entry = NegativeEntry.objects.filter(resource=resource).first()
    if resource.share_type != ShareType.NOT_SHARED or resource.status != ResourceStatus.PUBLISHED:
        if entry is not None:
            entry.delete()
        return
    if entry is None:
        entry = NegativeEntry.objects.filter(
            organisation=resource.provider, resource_name=resource.name, resource__isnull=True
        ).first() or NegativeEntry(organisation=resource.provider)
    entry.resource = resource
    entry.resource_name = resource.name
    entry.items = "、".join(resource.items.values_list("name", flat=True))
    entry.legal_basis_kind, entry.legal_basis = resource.legal_basis_kind, resource.legal_basis
    entry.save()


def _flag_single_source(resource: Resource, items: list[dict]) -> None:
    """Another provider already claims to be the source of an element: the operator must resolve it (R1.6)."""
    conflicts = single_source_conflicts(resource, items)
    operator = operator_organisation()
    if not conflicts or operator is None:
        return
    already = InboxItem.objects.filter(
        object_type="catalog.resource", object_id=str(resource.pk), kind=SINGLE_SOURCE_KIND, done_at__isnull=True
    ).exists()
    if not already:
        inbox.inbox_register(
            source="catalog",
            kind=SINGLE_SOURCE_KIND,
            title=inbox.lazy_text(
                gettext_lazy("Single source: %(elements)s of %(code)s is also claimed by another provider"),
                elements="、".join(sorted(conflicts)),
                code=resource.code,
            ),
            url=f"/admin/catalog/resources/{resource.pk}/",
            assignee_org=operator,
            assignee_role="",
            working_days=rule("catalog.review_days"),
            obj=resource,
        )
    ledger.record(
        action="catalog.resource.single_source_flagged",
        organisation=resource.provider,
        obj=resource,
        after={"elements": sorted(conflicts)},
    )


@transaction.atomic
def single_source_resolve(*, actor, element: str, source: Resource) -> int:
    """The operator names the one source of `element`; other providers' items stop claiming it (一数一源, R1.6)."""
    require_operator(actor)
    element = (element or "").strip()
    if not element or not source.items.filter(element=element, is_authoritative=True).exists():
        # Otherwise every claim would be cleared and the element left with no source at all.
        raise FieldErrors.one(
            "element",
            _("Choose a data element this resource claims."),
            summary=_("This resource does not claim the data element “%(element)s” as its source.")
            % {"element": element},
        )
    losers = InformationItem.objects.filter(element=element, is_authoritative=True).exclude(
        resource__provider=source.provider
    )
    resources = list(Resource.objects.filter(pk__in=losers.values("resource_id")))
    count = losers.update(is_authoritative=False)
    for resource in [source, *resources]:
        inbox.inbox_complete_for(obj=resource, kind=SINGLE_SOURCE_KIND)
    ledger.record(
        action="catalog.single_source.resolved",
        actor=actor,
        organisation=source.provider,
        obj=source,
        after={"element": element, "cleared": [r.code for r in resources]},
    )
    return count


@transaction.atomic
def resource_withdraw(*, actor, resource: Resource, reason: str = "") -> Resource:
    """Take a resource out of the catalogue (the provider's handler or the operator); it is never deleted."""
    resource = _locked(resource)
    RESOURCE.check(actor, resource, ResourceAction.WITHDRAW)
    before = resource.status
    resource.status = ResourceStatus.WITHDRAWN
    resource.revision, resource.revision_status = None, ""
    resource.save(update_fields=["status", "revision", "revision_status", "updated_at"])
    _sync_negative_entry(resource)
    inbox.inbox_complete_for(obj=resource)
    ledger.record(
        action="catalog.resource.withdrawn",
        actor=actor,
        organisation=resource.provider,
        obj=resource,
        before={"status": before},
        after={"status": resource.status, "reason": reason},
    )
    search.index_resource(resource)
    if before == ResourceStatus.PUBLISHED:
        sharing_stopped.send(Resource, resource=resource, actor=actor, reason=SharingStop.WITHDRAWN)
    return resource


@transaction.atomic
def resource_revision_discard(*, actor, resource: Resource) -> Resource:
    """Drop an unsubmitted revision of a published resource; the published version stays as it was."""
    resource = _locked(resource)
    RESOURCE.check(actor, resource, ResourceAction.DISCARD)
    resource.revision, resource.revision_status = None, ""
    resource.save(update_fields=["revision", "revision_status", "updated_at"])
    ledger.record(
        action="catalog.resource.revision_discarded", actor=actor, organisation=resource.provider, obj=resource
    )
    return resource


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

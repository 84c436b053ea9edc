"""The three lists beside the catalogue (三清单, R1.3): responsibility, demand and negative lists.

Each list is kept one entry at a time or by Excel import. An import checks every row, reports every bad row with
its cell reference, and writes nothing unless every row is good (one transaction).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.catalog.choices import DemandStatus, LegalBasisKind, ResourceStatus
from digigov.catalog.lifecycle import DEMAND, DemandAction
from digigov.catalog.models import DemandEntry, NegativeEntry, Resource, ResponsibilityEntry
from digigov.catalog.permissions import EDITORS, SUBMITTERS, is_operator, require_operator
from digigov.core import inbox, ledger
from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, FieldErrors
from digigov.core.models import Organisation
from digigov.core.permissions import acting_organisation, require
from digigov.core.rules import rule

DEMAND_KIND = "catalog.demand.respond"
REQUESTERS = (Role.HANDLER, Role.REVIEWER, Role.ORG_ADMIN, Role.LEADER)


def _require_for(actor, roles, organisation) -> None:
    if not is_operator(actor):
        require(actor, roles, organisation)


# --- responsibility list ----------------------------------------------------------------------------------------


@transaction.atomic
def responsibility_create(
    *, actor, organisation, resource_name: str, due_date: dt.date, items: str = "", duty_basis: str = ""
) -> ResponsibilityEntry:
    """The operator lists a resource a department must provide by a date."""
    require_operator(actor)
    errors = FieldErrors()
    errors.check_lengths(ResponsibilityEntry, {"resource_name": resource_name, "duty_basis": duty_basis})
    errors.raise_if_any()
    if ResponsibilityEntry.objects.filter(organisation=organisation, resource_name=resource_name).exists():
        raise ConflictError(_("This department already has “%(name)s” on its list.") % {"name": resource_name})
    entry = ResponsibilityEntry.objects.create(
        organisation=organisation, resource_name=resource_name, due_date=due_date, items=items, duty_basis=duty_basis
    )
    _record(actor, "catalog.responsibility.created", entry, {"name": resource_name, "due": due_date})
    return entry


@transaction.atomic
def responsibility_fulfil(*, actor, entry: ResponsibilityEntry, resource: Resource) -> ResponsibilityEntry:
    """The department links the published resource that fulfils the duty."""
    _require_for(actor, SUBMITTERS, entry.organisation_id)
    resource = Resource.objects.get(pk=resource.pk)  # its state now, not the caller's copy
    if resource.provider_id != entry.organisation_id or resource.status != ResourceStatus.PUBLISHED:
        raise FieldErrors.one(
            "resource", _("Link a published resource of the responsible department."), code="resource_invalid"
        )
    entry.resource = resource
    entry.save(update_fields=["resource"])
    _record(actor, "catalog.responsibility.fulfilled", entry, {"resource": resource.code})
    return entry


# --- demand list ------------------------------------------------------------------------------------------------


@transaction.atomic
def demand_create(
    *, actor, requester, resource_name: str, purpose: str, items: str = "", basis: str = "", provider=None
) -> DemandEntry:
    """A department declares data it needs (需求清单)."""
    _require_for(actor, REQUESTERS, requester)
    errors = FieldErrors()
    errors.check_lengths(DemandEntry, {"resource_name": resource_name, "basis": basis})
    errors.raise_if_any()
    entry = DemandEntry.objects.create(
        requester=requester,
        resource_name=resource_name,
        purpose=purpose,
        items=items,
        basis=basis,
        provider=provider,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _record(actor, "catalog.demand.created", entry, {"name": resource_name})
    return entry


def _locked_demand(entry: DemandEntry, *, actor, action: str) -> DemandEntry:
    """The entry, locked, once the lifecycle allows `actor` to take `action` on it (catalog.lifecycle.DEMAND)."""
    entry = DemandEntry.objects.select_for_update().get(pk=entry.pk)
    DEMAND.check(actor, entry, action)
    return entry


@transaction.atomic
def demand_match(*, actor, entry: DemandEntry, resource: Resource | None) -> DemandEntry:
    """The operator answers a demand with a published catalogue resource."""
    entry = _locked_demand(entry, actor=actor, action=DemandAction.MATCH)
    resource = Resource.objects.filter(pk=resource.pk).first() if resource is not None else None
    if resource is None or resource.status != ResourceStatus.PUBLISHED:
        raise FieldErrors.one("resource", _("Match the demand to a published resource."), code="resource_invalid")
    entry.resource, entry.status = resource, DemandStatus.MATCHED
    entry.save(update_fields=["resource", "status"])
    inbox.inbox_complete_for(obj=entry, kind=DEMAND_KIND)
    _record(actor, "catalog.demand.matched", entry, {"resource": resource.code})
    return entry


@transaction.atomic
def demand_ask(*, actor, entry: DemandEntry, provider=None) -> DemandEntry:
    """The operator asks the expected provider to respond within catalog.demand_response_days working days."""
    entry = _locked_demand(entry, actor=actor, action=DemandAction.ASK)
    provider = provider or entry.provider
    if provider is None:
        raise FieldErrors.one(
            "provider", _("Choose the department expected to provide the data."), code="provider_required"
        )
    days = rule("catalog.demand_response_days")
    entry.provider, entry.status = provider, DemandStatus.ASKED
    entry.response_deadline = add_working_days(timezone.localdate(), days)
    entry.save(update_fields=["provider", "status", "response_deadline"])
    inbox.inbox_register(
        source="catalog",
        kind=DEMAND_KIND,
        title=inbox.lazy_text(
            gettext_lazy("Respond to the data demand “%(name)s” of %(requester)s"),
            name=entry.resource_name,
            requester=entry.requester.name,
        ),
        url=f"/admin/catalog/demands/{entry.pk}/",
        assignee_org=provider,
        assignee_role=Role.HANDLER,
        working_days=days,
        obj=entry,
    )
    _record(actor, "catalog.demand.asked", entry, {"provider": provider.name, "deadline": entry.response_deadline})
    return entry


@transaction.atomic
def demand_respond(*, actor, entry: DemandEntry, planned: bool, response: str) -> DemandEntry:
    """The asked provider answers: it will provide the data (planned) or cannot (unmet, with reasons)."""
    entry = _locked_demand(entry, actor=actor, action=DemandAction.PLAN if planned else DemandAction.DECLINE)
    if not response.strip():
        raise FieldErrors.one(
            "response", _("Write the response to the requesting department."), code="response_required"
        )
    entry.status = DemandStatus.PLANNED if planned else DemandStatus.UNMET
    entry.response = response
    entry.save(update_fields=["status", "response"])
    inbox.inbox_complete_for(obj=entry, kind=DEMAND_KIND)
    _record(actor, "catalog.demand.responded", entry, {"status": entry.status})
    return entry


# --- negative list ----------------------------------------------------------------------------------------------


@transaction.atomic
def negative_create(
    *, actor, organisation, resource_name: str, legal_basis_kind: str, legal_basis: str, items: str = ""
) -> NegativeEntry:
    """A department declares data it will not share, citing the legal basis (R1.2)."""
    _require_for(actor, EDITORS, organisation)
    errors = FieldErrors(code="negative_invalid")
    if legal_basis_kind not in LegalBasisKind.values:
        errors.add("legal_basis_kind", _("Choose the kind of legal basis."))
    if not legal_basis.strip():
        errors.add("legal_basis", _("Cite the legal basis."))
    errors.check_lengths(NegativeEntry, {"resource_name": resource_name})
    errors.raise_if_any()
    if NegativeEntry.objects.filter(organisation=organisation, resource_name=resource_name).exists():
        raise ConflictError(_("“%(name)s” is already on the negative list.") % {"name": resource_name})
    entry = NegativeEntry.objects.create(
        organisation=organisation,
        resource_name=resource_name,
        legal_basis_kind=legal_basis_kind,
        legal_basis=legal_basis,
        items=items,
    )
    _record(actor, "catalog.negative.created", entry, {"name": resource_name})
    return entry


def _record(actor, action, entry, after):
    organisation = getattr(entry, "organisation", None) or getattr(entry, "requester", None)
    ledger.record(
        action=action,
        actor=actor,
        organisation=organisation or acting_organisation(actor),
        obj=entry,
        after=after,
    )


def organisation_by_name(name: str, cache: dict) -> Organisation | None:
    if name not in cache:
        cache[name] = (
            Organisation.objects.filter(is_active=True, name=name).first()
            or Organisation.objects.filter(is_active=True, short_name=name).first()
        )
    return cache[name]

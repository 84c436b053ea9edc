"""The service-item lifecycle (R4.1): draft → submitted → published (or returned), revised, withdrawn — the
catalogue resource's pattern (catalog/services/resources.py).

An item that was never published is edited in its rows. A published item is revised in `revision` (a snapshot of
guide, materials and joint parts with its own `revision_status`) while its rows keep serving the hall; publishing
the revision copies it into the rows and freezes version n+1 (`ServiceItemVersion`), which cases cite.
"""

from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.errors import DomainError, FieldErrors, NotFoundError
from digigov.core.models import Organisation
from digigov.core.permissions import require
from digigov.core.rules import rule
from digigov.eservices import versions
from digigov.eservices.choices import Audience, ItemKind, ItemStatus
from digigov.eservices.lifecycle import ITEM, ItemAction, item_state
from digigov.eservices.models import BasicItem, ItemLink, JointPart, Material, ServiceItem, ServiceItemVersion, Theme
from digigov.eservices.permissions import EDITORS, REVIEWERS, require_operator
from digigov.eservices.services.validation import basic_code_errors, check
from digigov.forms import api as forms_api
from digigov.licenses import api as licenses_api
from digigov.workflow import api as workflow

REVIEW_KIND = "eservices.item.review"
EDITABLE = [f for f in versions.FIELDS]


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _url(item: ServiceItem) -> str:
    return f"/admin/eservices/items/{item.pk}/"


def _locked(item: ServiceItem) -> ServiceItem:
    return ServiceItem.objects.select_for_update().select_related("basic", "organisation").get(pk=item.pk)


@transaction.atomic
def theme_create(*, actor, audience: str, code: str, name: str, order: int = 0) -> Theme:
    """A theme of the hall (个人 life event or 法人 enterprise event); the platform operator keeps them."""
    require_operator(actor)
    errors = FieldErrors()
    if audience not in Audience.values:
        errors.add("audience", _("Choose who the item is for."))
    if not name.strip():
        errors.add("name", _("This field is required."))
    if Theme.objects.filter(code=code).exists():
        errors.add("code", _("A theme with this code exists already."))
    errors.check_lengths(Theme, {"code": code, "name": name})
    errors.raise_if_any()
    theme = Theme.objects.create(audience=audience, code=code, name=name.strip(), order=order)
    ledger.record(action="eservices.theme.created", actor=actor, obj=theme, after={"code": code, "name": theme.name})
    return theme


@transaction.atomic
def basic_item_create(*, actor, basic_code: str, name: str, kind: str, legal_basis: str) -> BasicItem:
    """An entry of the basic catalogue (基本目录), the same wherever it is implemented; the platform operator's."""
    require_operator(actor)
    errors = FieldErrors()
    for message in basic_code_errors(basic_code, kind):
        errors.add("basic_code", message)
    if BasicItem.objects.filter(basic_code=basic_code).exists():
        errors.add("basic_code", _("A basic item with this code exists already."))
    for field, value in (("name", name), ("legal_basis", legal_basis)):
        if not value.strip():
            errors.add(field, _("This field is required."))
    if kind not in ItemKind.values:
        errors.add("kind", _("Choose the item's kind."))
    errors.check_lengths(BasicItem, {"name": name})
    errors.raise_if_any()
    basic = BasicItem.objects.create(basic_code=basic_code, name=name.strip(), kind=kind, legal_basis=legal_basis)
    ledger.record(
        action="eservices.basic_item.created",
        actor=actor,
        obj=basic,
        after={"basic_code": basic_code, "name": basic.name, "kind": kind},
    )
    return basic


def _process_id(actor, value):
    """The id of a process definition the actor may see (a definition or its id)."""
    if value in (None, ""):
        return None
    try:
        return workflow.definition_get(actor=actor, pk=int(getattr(value, "pk", value))).pk
    except (NotFoundError, TypeError, ValueError):
        raise FieldErrors.one("process", _("Choose a process from the list.")) from None


def _form_id(actor, value):
    """The id of an application form the actor may see (a form or its id)."""
    if value in (None, ""):
        return None
    try:
        return forms_api.form_get(actor=actor, pk=int(getattr(value, "pk", value))).pk
    except (NotFoundError, TypeError, ValueError):
        raise FieldErrors.one("form", _("Choose a form from the list.")) from None


def _clean_fields(actor, fields: dict) -> dict:
    """JSON values of the guide's fields, as stored in a snapshot."""
    clean = dict(fields)
    if "process" in clean:
        clean["process"] = _process_id(actor, clean["process"])
    if "form" in clean:
        clean["form"] = _form_id(actor, clean["form"])
    if "themes" in clean:
        codes = sorted({getattr(t, "code", t) for t in clean["themes"] or []})
        unknown = set(codes) - set(Theme.objects.filter(code__in=codes).values_list("code", flat=True))
        if unknown:
            raise FieldErrors.one("themes", _("Choose themes from the list."))
        clean["themes"] = codes
    if "fee" in clean and clean["fee"] is None:
        clean["fee"] = []
    return clean


def _check(fields: dict, materials: list[dict], parts: list[dict], *, complete: bool = False) -> dict:
    errors = FieldErrors()
    errors.check_lengths(ServiceItem, {f: v for f, v in fields.items() if isinstance(v, str)})
    for n, m in enumerate(materials):
        errors.check_lengths(Material, {f: v for f, v in m.items() if isinstance(v, str)}, prefix=f"materials.{n}.")
    for n, p in enumerate(parts):
        errors.check_lengths(JointPart, {f: v for f, v in p.items() if isinstance(v, str)}, prefix=f"parts.{n}.")
    code = (fields.get("result_licence_type") or "").strip().upper()
    if "result_licence_type" in fields:
        fields = fields | {"result_licence_type": code}
    if code and licenses_api.licence_type_by_code(code) is None:
        errors.add("result_licence_type", _("No licence type in the catalogue has this code."))
    errors.raise_if_any()
    for n, p in enumerate(parts):
        if p.get("organisation") and not Organisation.objects.filter(pk=p["organisation"], is_active=True).exists():
            raise FieldErrors.one(f"parts.{n}.organisation", _("Choose the co-reviewing department from the list."))
    return fields | check(fields, materials, parts, complete=complete)


def _apply(item: ServiceItem, fields: dict) -> None:
    for field, value in fields.items():
        if field == "process":
            item.process_id = value
        elif field == "form":
            item.form_id = value
        elif field != "themes":
            setattr(item, field, value)


def _replace_children(item: ServiceItem, fields: dict, materials: list[dict] | None, parts: list[dict] | None):
    """Make the item's themes, material rows and part rows equal the given lists, keeping rows by name and code."""
    if "themes" in fields and sorted(t.code for t in item.themes.all()) != fields["themes"]:
        item.themes.set(Theme.objects.filter(code__in=fields["themes"]))
    if materials is not None:
        current = {m.name: m for m in item.materials.all()}
        wanted = {m["name"]: m for m in materials}
        for name, row in current.items():
            if name not in wanted:
                try:
                    row.delete()
                except ProtectedError:
                    raise DomainError(
                        _("Material “%(name)s” is referenced by cases and cannot be removed.") % {"name": name},
                        code="material_in_use",
                    ) from None
        new_rows = []
        for position, (name, data) in enumerate(wanted.items()):
            values = {f: v for f, v in data.items() if f != "resource"} | {
                "resource_id": data["resource"],
                "position": position,
            }
            if name in current:
                Material.objects.filter(pk=current[name].pk).update(**values)
            else:
                new_rows.append(Material(item=item, **values))
        Material.objects.bulk_create(new_rows)  # one INSERT: a new item's materials come all at once
    if parts:
        by_name = {m.name: m for m in item.materials.all()}
    if parts is not None and (parts or item.parts.exists()):
        current_parts = {p.code: p for p in item.parts.all()}
        for code, part_row in current_parts.items():
            if code not in {p["code"] for p in parts}:
                part_row.delete()
        for data in parts:
            values = {
                "name": data["name"],
                "organisation_id": data["organisation"],
                "working_days": data["working_days"],
                "fields": data["fields"],
            }
            part, _created = JointPart.objects.update_or_create(item=item, code=data["code"], defaults=values)
            part.materials.set([by_name[n] for n in data["materials"] if n in by_name])


def _implementation_code(organisation: Organisation, basic: BasicItem) -> str:
    """实施编码: the implementing department's credit code and the basic code (our shape; README)."""
    if not organisation.uscc:
        raise FieldErrors.one(
            "organisation", _("The implementing department needs a unified social credit code; choose a department.")
        )
    return f"{organisation.uscc}{basic.basic_code}"


@transaction.atomic
def item_create(
    *,
    actor,
    basic: BasicItem,
    organisation: Organisation,
    division=None,
    materials=(),
    parts=(),
    **fields,
) -> ServiceItem:
    """A draft item of `organisation` implementing `basic` in its division, by one of its handlers."""
    require(actor, EDITORS, organisation)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown service item fields: {sorted(unknown)}")
    division_id = getattr(division, "pk", division) or organisation.division_id
    if ServiceItem.objects.filter(basic=basic, organisation=organisation, division_id=division_id).exists():
        raise FieldErrors.one("basic", _("The department already implements this basic item in this division."))
    fields = {"name": basic.name, "audience": Audience.PERSON, "fee": []} | fields
    fields = _clean_fields(actor, fields)
    materials = [versions.material_dict(m) for m in materials]
    parts = [versions.part_dict(p) for p in parts]
    fields = _check(fields, materials, parts)
    item = ServiceItem(
        basic=basic,
        organisation=organisation,
        division_id=division_id,
        implementation_code=_implementation_code(organisation, basic),
        created_by=actor if _is_user(actor) else None,
    )
    _apply(item, fields)
    item.save()
    _replace_children(item, fields, materials, parts)
    ledger.record(
        action="eservices.item.created",
        actor=actor,
        organisation=organisation,
        obj=item,
        after={"code": item.implementation_code, "name": item.name, "materials": len(materials)},
    )
    return item


def working_copy(item: ServiceItem) -> dict:
    """What the department is editing: the revision of a published item, else the rows themselves."""
    if item.revision is not None:
        return item.revision
    return versions.snapshot(item)


@transaction.atomic
def item_update(*, actor, item: ServiceItem, materials=None, parts=None, **fields) -> ServiceItem:
    """Edit a draft or returned item, or revise a published one; `materials` and `parts` replace the lists."""
    item = _locked(item)
    ITEM.check(actor, item, ItemAction.EDIT)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown service item fields: {sorted(unknown)}")
    before = working_copy(item)
    merged = before["fields"] | _clean_fields(actor, fields)
    new_materials = before["materials"] if materials is None else [versions.material_dict(m) for m in materials]
    new_parts = before["parts"] if parts is None else [versions.part_dict(p) for p in parts]
    merged = _check(merged, new_materials, new_parts)
    after = before | {"fields": merged, "materials": new_materials, "parts": new_parts}
    changed = versions.changed_fields(before, after)
    if item.status == ItemStatus.PUBLISHED:
        item.revision = after
        item.revision_status = ITEM.next_state(item_state(item), ItemAction.EDIT)
        item.save(update_fields=["revision", "revision_status", "updated_at"])
        action = "eservices.item.revised"
    else:
        _apply(item, merged)
        item.save()
        _replace_children(item, merged, new_materials, new_parts)
        action = "eservices.item.changed"
    ledger.record(
        action=action,
        actor=actor,
        organisation=item.organisation,
        obj=item,
        before={f: before["fields"].get(f) for f in changed if f in versions.FIELDS},
        after={f: merged.get(f) for f in changed if f in versions.FIELDS}
        | {"changed": changed, "version": item.version},
    )
    return item


@transaction.atomic
def item_submit(*, actor, item: ServiceItem) -> ServiceItem:
    """Send a complete guide (or a revision) to the department's reviewers within eservices.item_review_days."""
    item = _locked(item)
    ITEM.check(actor, item, ItemAction.SUBMIT)
    revising = item.status == ItemStatus.PUBLISHED
    state = item_state(item)
    copy = working_copy(item)
    _check(copy["fields"], copy["materials"], copy["parts"], complete=True)
    if revising:
        item.revision_status = ItemStatus.SUBMITTED
    else:
        item.status = ItemStatus.SUBMITTED
    item.save(update_fields=["status", "revision_status", "updated_at"])
    ledger.record(
        action="eservices.item.submitted",
        actor=actor,
        organisation=item.organisation,
        obj=item,
        before={"status": state},
        after={"status": ItemStatus.SUBMITTED, "revision": revising},
    )
    inbox.inbox_register(
        source="eservices",
        kind=REVIEW_KIND,
        title=inbox.lazy_text(gettext_lazy("Review service item %(name)s"), name=copy["fields"]["name"]),
        url=_url(item),
        assignee_org=item.organisation,
        assignee_role=REVIEWERS[0],
        working_days=rule("eservices.item_review_days"),
        obj=item,
    )
    return item


@transaction.atomic
def item_review(*, actor, item: ServiceItem, approve: bool, comment: str = "") -> ServiceItem:
    """A reviewer of the department publishes a submitted item (a new version) or returns it with a reason."""
    item = _locked(item)
    ITEM.check(actor, item, ItemAction.PUBLISH if approve else ItemAction.RETURN)
    if not approve and not comment.strip():
        raise FieldErrors.one("comment", _("Say why the item is returned."), code="comment_required")
    item.review_comment = comment
    if approve:
        _publish(actor, item)
    else:
        if item.status == ItemStatus.PUBLISHED:
            item.revision_status = ItemStatus.RETURNED
        else:
            item.status = ItemStatus.RETURNED
        item.save(update_fields=["status", "revision_status", "review_comment", "updated_at"])
        ledger.record(
            action="eservices.item.returned",
            actor=actor,
            organisation=item.organisation,
            obj=item,
            before={"status": ItemStatus.SUBMITTED},
            after={"status": ItemStatus.RETURNED, "comment": comment},
        )
    inbox.inbox_complete_for(obj=item, kind=REVIEW_KIND)
    if item.created_by_id and item.created_by_id != getattr(actor, "pk", None):
        inbox.notify(
            recipient=item.created_by,
            title=inbox.lazy_text(
                gettext_lazy("Service item %(name)s was published")
                if approve
                else gettext_lazy("Service item %(name)s was returned"),
                name=item.name,
            ),
            body=comment,
            url=_url(item),
        )
    return item


def _publish(actor, item: ServiceItem) -> None:
    copy = working_copy(item)
    fields = _check(copy["fields"], copy["materials"], copy["parts"], complete=True)
    revising = item.revision is not None
    _apply(item, fields)
    item.status = ItemStatus.PUBLISHED
    item.revision, item.revision_status = None, ""
    item.version += 1
    item.save()
    if revising:  # before the first publication the rows are the working copy already
        _replace_children(item, fields, copy["materials"], copy["parts"])
    frozen = versions.snapshot(item) if revising else copy | {"fields": versions.fields_of(item)}
    ServiceItemVersion.objects.create(
        item=item,
        number=item.version,
        snapshot=frozen,
        published_at=timezone.now(),
        published_by=actor if _is_user(actor) else None,
    )
    ledger.record(
        action="eservices.item.published",
        actor=actor,
        organisation=item.organisation,
        obj=item,
        before={"status": ItemStatus.SUBMITTED},
        after={"status": ItemStatus.PUBLISHED, "version": item.version, "comment": item.review_comment},
    )


@transaction.atomic
def item_withdraw(*, actor, item: ServiceItem, reason: str = "") -> ServiceItem:
    """Take an item out of the catalogue (its editors or reviewers); it is never deleted, its versions stay."""
    item = _locked(item)
    ITEM.check(actor, item, ItemAction.WITHDRAW)
    before = item.status
    item.status = ItemStatus.WITHDRAWN
    item.revision, item.revision_status = None, ""
    item.save(update_fields=["status", "revision", "revision_status", "updated_at"])
    inbox.inbox_complete_for(obj=item)
    ledger.record(
        action="eservices.item.withdrawn",
        actor=actor,
        organisation=item.organisation,
        obj=item,
        before={"status": before},
        after={"status": item.status, "reason": reason},
    )
    return item


@transaction.atomic
def item_revision_discard(*, actor, item: ServiceItem) -> ServiceItem:
    """Drop an unsubmitted revision of a published item; the published guide stays as it was."""
    item = _locked(item)
    ITEM.check(actor, item, ItemAction.DISCARD)
    item.revision, item.revision_status = None, ""
    item.save(update_fields=["revision", "revision_status", "updated_at"])
    ledger.record(action="eservices.item.revision_discarded", actor=actor, organisation=item.organisation, obj=item)
    return item


@transaction.atomic
def item_link_create(*, actor, item: ServiceItem, related: ServiceItem, reason: str) -> ItemLink:
    """主动推送: once a case of `item` concludes, its applicant is pointed to `related` (R4.7)."""
    require(actor, EDITORS, item.organisation)
    errors = FieldErrors()
    if related.pk == item.pk:
        errors.add("related", _("An item cannot point to itself."))
    elif ItemLink.objects.filter(item=item, related=related).exists():
        errors.add("related", _("This item already points to that one."))
    if not reason.strip():
        errors.add("reason", _("This field is required."))
    errors.check_lengths(ItemLink, {"reason": reason})
    errors.raise_if_any()
    link = ItemLink.objects.create(item=item, related=related, reason=reason.strip())
    ledger.record(
        action="eservices.item.linked",
        actor=actor,
        organisation=item.organisation,
        obj=item,
        after={"related": related.implementation_code, "reason": link.reason},
    )
    return link

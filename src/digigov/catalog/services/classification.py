"""The catalogue's classification 类/项/目/细目 (发改高技〔2017〕1272号) and resource codes (R1.1).

前段码 (front segment) is the classification node's code: 类 one digit, 项 two, 目 three, 细目 three.
后段码 (back segment) is a six-digit number counted per front segment. A resource code is "前段码/后段码".
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from digigov.catalog.choices import CatalogueCategory
from digigov.catalog.models import Classification, Resource, ResourceCodeSequence
from digigov.core import ledger
from digigov.core.errors import DomainError, FieldErrors

SEED_FILE = Path(__file__).resolve().parent.parent / "data" / "classification.csv"
DEPARTMENT_CLASS = "3"


@dataclass
class SeedResult:
    created: int
    updated: int


@transaction.atomic
def classification_seed(*, path: Path = SEED_FILE) -> SeedResult:
    """Create or update the national classification from data/classification.csv; safe to run again."""
    created = updated = 0
    with path.open(encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: (int(r["level"]), r["code"]))
    for row in rows:
        level = int(row["level"])
        parent = None if level == 1 else Classification.objects.get(code=_parent_code(row["code"], level))
        values = {
            "name": row["name"],
            "level": level,
            "parent": parent,
            "category": row["category"],
            "base_topic": row["base_topic"] or "",
        }
        node, made = Classification.objects.get_or_create(code=row["code"], defaults=values)
        if made:
            created += 1
        elif any(getattr(node, k) != v for k, v in values.items()):
            Classification.objects.filter(pk=node.pk).update(**values)
            updated += 1
    if created or updated:
        ledger.record(
            action="catalog.classification.seeded", object_type="catalog.classification", after={"created": created}
        )
    return SeedResult(created=created, updated=updated)


def _parent_code(code: str, level: int) -> str:
    return code[: {2: 1, 3: 3, 4: 6}[level]]


@transaction.atomic
def department_item(*, organisation) -> Classification:
    """The 部门 项 of a department, made on first use: 3 + a two-digit number in order of creation."""
    existing = Classification.objects.filter(organisation=organisation, level=2).first()
    if existing is not None:
        return existing
    root, _made = Classification.objects.get_or_create(
        code=DEPARTMENT_CLASS,
        defaults={"name": "部门信息资源", "level": 1, "category": CatalogueCategory.DEPARTMENT},
    )
    # Lock the class row so two departments created at once do not take the same number.
    Classification.objects.select_for_update().get(pk=root.pk)
    taken = {c.code for c in Classification.objects.filter(parent=root)}
    number = next((n for n in range(1, 100) if f"{DEPARTMENT_CLASS}{n:02d}" not in taken), None)
    if number is None:
        raise DomainError(_("The departmental class has no free item number left."), code="classification_full")
    node = Classification.objects.create(
        code=f"{DEPARTMENT_CLASS}{number:02d}",
        name=organisation.name,
        level=2,
        parent=root,
        category=CatalogueCategory.DEPARTMENT,
        organisation=organisation,
    )
    ledger.record(
        action="catalog.classification.created", organisation=organisation, obj=node, after={"code": node.code}
    )
    return node


def classification_for(*, classification: Classification, provider) -> Classification:
    """Where a provider's new resource is filed: a 项 or below; the 部门 class means the provider's own 项."""
    if classification.category == CatalogueCategory.DEPARTMENT:
        if classification.level == 1:
            return department_item(organisation=provider)
        owner = classification.organisation_id or _owner(classification)
        if owner is not None and owner != provider.pk:
            raise FieldErrors.one(
                "classification",
                _("This departmental classification belongs to another department."),
                code="classification_invalid",
            )
        return classification
    if classification.level == 1:
        raise FieldErrors.one(
            "classification",
            _("Choose an item (项) or a finer node of the classification, not a class (类)."),
            code="classification_invalid",
        )
    return classification


def _owner(node: Classification | None):
    while node is not None and node.level > 2:
        node = node.parent
    return node.organisation_id if node is not None else None


def next_code(classification: Classification) -> str:
    """The next unused resource code under the node; the counter row serialises concurrent creators."""
    prefix = classification.code
    ResourceCodeSequence.objects.get_or_create(prefix=prefix)
    while True:  # skips numbers taken by resources loaded without the counter (old imports)
        ResourceCodeSequence.objects.filter(prefix=prefix).update(last=F("last") + 1)
        code = f"{prefix}/{ResourceCodeSequence.objects.get(prefix=prefix).last:06d}"
        if not Resource.objects.filter(code=code).exists():
            return code

"""Item-level figures of the catalogue (R4.1, R4.3), computed live from published items, per department, per
division level and overall. Definitions (ADR 0003 §6; ours where the seeds give none):

- 网上可办率: published items with `online_depth ≥ eservices.online_depth_min` / published items;
- 最多跑一次: published items with at most one on-site visit (a count, against `eservices.one_visit_items_min`);
- materials avoided (item level): materials of published items with a substitute (e-licence or shared data) /
  all their materials;
- time compression: 1 − Σ promised_days / Σ legal_days over published items that have a legal limit.

Four grouped aggregate queries, whatever the number of items.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from digigov.core.choices import DivisionLevel
from digigov.core.rules import rule
from digigov.eservices.choices import ItemStatus, Substitute
from digigov.eservices.models import Material, ServiceItem


@dataclass
class ItemFigures:
    key: str  # department id, division level or "all"
    label: str
    items: int = 0
    online: int = 0
    one_visit: int = 0
    materials: int = 0
    substituted: int = 0
    legal_days: int = 0
    promised_days: int = 0

    @property
    def online_rate(self) -> float | None:
        return round(100 * self.online / self.items, 1) if self.items else None

    @property
    def substitution_rate(self) -> float | None:
        return round(100 * self.substituted / self.materials, 1) if self.materials else None

    @property
    def time_compression(self) -> float | None:
        if not self.legal_days:
            return None
        return round(100 * (1 - self.promised_days / self.legal_days), 1)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "items": self.items,
            "online": self.online,
            "online_rate": self.online_rate,
            "one_visit": self.one_visit,
            "materials": self.materials,
            "substituted": self.substituted,
            "substitution_rate": self.substitution_rate,
            "legal_days": self.legal_days,
            "promised_days": self.promised_days,
            "time_compression": self.time_compression,
        }


@dataclass
class CatalogueFigures:
    overall: ItemFigures
    by_department: list[ItemFigures] = field(default_factory=list)
    by_level: list[ItemFigures] = field(default_factory=list)


def _group(published, by: str, label: str) -> dict:
    depth = rule("eservices.online_depth_min")
    groups: dict = {}
    rows = published.values(by, label).annotate(
        n=Count("pk"),
        online=Count("pk", filter=Q(online_depth__gte=depth)),
        one_visit=Count("pk", filter=Q(visits__lte=1)),
        legal=Sum("legal_days", filter=Q(legal_days__gt=0)),
        promised=Sum("promised_days", filter=Q(legal_days__gt=0)),
    )
    for row in rows:
        groups[row[by]] = ItemFigures(
            key=str(row[by]),
            label=str(row[label]),
            items=row["n"],
            online=row["online"],
            one_visit=row["one_visit"],
            legal_days=row["legal"] or 0,
            promised_days=row["promised"] or 0,
        )
    materials = (
        Material.objects.filter(item__in=published)
        .values(f"item__{by}")
        .annotate(n=Count("pk"), substituted=Count("pk", filter=~Q(substitute=Substitute.NONE)))
    )
    for row in materials:
        figures = groups.get(row[f"item__{by}"])
        if figures is not None:
            figures.materials, figures.substituted = row["n"], row["substituted"]
    return groups


def _level(figures: ItemFigures) -> ItemFigures:
    figures.label = str(DivisionLevel(figures.key).label)
    return figures


def item_figures(*, organisations: set[int] | None = None) -> CatalogueFigures:
    """The figures over published items; `organisations` narrows them to some departments."""
    published = ServiceItem.objects.filter(status=ItemStatus.PUBLISHED)
    if organisations is not None:
        published = published.filter(organisation_id__in=organisations)
    by_department = _group(published, "organisation_id", "organisation__name")
    by_level = _group(published, "division__level", "division__level")
    overall = ItemFigures(key="all", label="")
    for f in by_department.values():
        for name in ("items", "online", "one_visit", "materials", "substituted", "legal_days", "promised_days"):
            setattr(overall, name, getattr(overall, name) + getattr(f, name))
    return CatalogueFigures(
        overall=overall,
        by_department=sorted(by_department.values(), key=lambda f: f.label),
        by_level=[_level(by_level[level]) for level in DivisionLevel.values if level in by_level],
    )

"""Item-level figures of the catalogue (R4.1, R4.3), computed live from published items, per department, per
division level and overall. Definitions (ADR 0003 §6; ours where the seeds give none):

- 网上可办率: published items with `online_depth ≥ eservices.online_depth_min` / published items;
- 最多跑一次: published items with at most one on-site visit (a count, against `eservices.one_visit_items_min`);
- materials avoided (item level): materials of published items with a substitute (e-licence or shared data) /
  all their materials;
- time compression: 1 − Σ promised_days / Σ legal_days over published items that have a legal limit;
- 全流程网办率 (item level): published items with online depth IV / published items.

Four grouped aggregate queries, whatever the number of items.

`FIGURES` lists the figures the back office's screen and its Excel export show (`figure_table`), each with its
target rule. A figure reads one *source* (`SOURCES`): the item catalogue now. The case-level figures of ADR 0003 §6
(上网办理率, 网上办结率, 到现场次数, on-time rate, materials avoided by cases) are added as a `cases` source
returning the same shape (overall, by division level, by department; rows with `key`, `label`, `level`) and one
`Figure` each; the screen, its charts and the export need no change for them.

Case-level 三率一数 (seed 003 §9, Jiangmen; definitions ours): 上网办理率 = cases applied online (or through 帮办代办) /
numbered cases; 全流程网办率 = cases applied online and concluded without an on-site visit / concluded cases;
网上办结率 = online applications concluded / online applications that have ended (a case still being handled is
counted once it ends, so a busy month is not read as a bad one); 到现场次数 (网上申办到现场次数) = on-site visits of
concluded online applications / concluded online applications.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from digigov.core.choices import DivisionLevel
from digigov.core.permissions import is_operator, is_platform_admin, organisation_ids
from digigov.core.rules import REGISTRY, rule
from digigov.eservices.choices import (
    CLOSED_CASE_STATES,
    CaseStatus,
    Channel,
    ItemStatus,
    OnlineDepth,
    Provision,
    Substitute,
)
from digigov.eservices.models import Case, CaseMaterial, Material, ServiceItem


@dataclass
class ItemFigures:
    key: str  # department id, division level or "all"
    label: str
    level: str = ""  # the division level whose targets apply: the department's own, the level's; "" overall
    items: int = 0
    online: int = 0
    full_online: int = 0
    one_visit: int = 0
    materials: int = 0
    substituted: int = 0
    legal_days: int = 0
    promised_days: int = 0

    @property
    def online_rate(self) -> float | None:
        return round(100 * self.online / self.items, 1) if self.items else None

    @property
    def full_online_rate(self) -> float | None:
        return round(100 * self.full_online / self.items, 1) if self.items else None

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
            "full_online": self.full_online,
            "full_online_rate": self.full_online_rate,
            "one_visit": self.one_visit,
            "materials": self.materials,
            "substituted": self.substituted,
            "substitution_rate": self.substitution_rate,
            "legal_days": self.legal_days,
            "promised_days": self.promised_days,
            "time_compression": self.time_compression,
        }


COUNTS = ("items", "online", "full_online", "one_visit", "materials", "substituted", "legal_days", "promised_days")


@dataclass
class CatalogueFigures:
    overall: ItemFigures
    by_department: list[ItemFigures] = field(default_factory=list)
    by_level: list[ItemFigures] = field(default_factory=list)


def _group(published, by: str, label: str, level: str) -> dict:
    depth = rule("eservices.online_depth_min")
    groups: dict = {}
    rows = published.values(*dict.fromkeys((by, label, level))).annotate(
        n=Count("pk"),
        online=Count("pk", filter=Q(online_depth__gte=depth)),
        full_online=Count("pk", filter=Q(online_depth=OnlineDepth.FOUR)),
        one_visit=Count("pk", filter=Q(visits__lte=1)),
        legal=Sum("legal_days", filter=Q(legal_days__gt=0)),
        promised=Sum("promised_days", filter=Q(legal_days__gt=0)),
    )
    for row in rows:
        groups[row[by]] = ItemFigures(
            key=str(row[by]),
            label=str(row[label]),
            level=str(row[level] or ""),
            items=row["n"],
            online=row["online"],
            full_online=row["full_online"],
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
    by_department = _group(published, "organisation_id", "organisation__name", "organisation__division__level")
    by_level = _group(published, "division__level", "division__level", "division__level")
    overall = ItemFigures(key="all", label="")
    for f in by_department.values():
        for name in COUNTS:
            setattr(overall, name, getattr(overall, name) + getattr(f, name))
    return CatalogueFigures(
        overall=overall,
        by_department=sorted(by_department.values(), key=lambda f: f.label),
        by_level=[_level(by_level[level]) for level in DivisionLevel.values if level in by_level],
    )


# --- The figures screen and its export: one definition per figure, each beside its target rule (ADR 0003 §6) ---


@dataclass(frozen=True)
class Target:
    """What a row should reach (at least `value`), and the rule parameter that says so."""

    value: int | float
    rule_key: str

    @property
    def rule_label(self):
        return REGISTRY[self.rule_key].label

    def met(self, value) -> bool | None:
        return None if value is None else value >= self.value


def _target(key: str) -> Target:
    return Target(rule(key), key)


def _online_target(scope: str, level: str) -> Target | None:
    """R4.1: 90% of a province's items, 70% of a city's or county's; judged per level, so not on the overall row,
    which mixes levels."""
    if scope == ALL or not level:
        return None
    if level == DivisionLevel.PROVINCE:
        return _target("eservices.online_rate_target_province")
    return _target("eservices.online_rate_target_local")


def _online_note() -> str:
    return str(
        _("Provincial items ≥ %(province)s%%, city and county items ≥ %(local)s%%, judged per division level")
        % {
            "province": rule("eservices.online_rate_target_province"),
            "local": rule("eservices.online_rate_target_local"),
        }
    )


def _at_least(key: str, *, percent: bool) -> Callable[[], str]:
    def note() -> str:
        if percent:
            return str(_("at least %(n)s%%") % {"n": rule(key)})
        return str(_("at least %(n)s items over all departments") % {"n": rule(key)})

    return note


ALL, LEVEL, DEPARTMENT = "all", "level", "department"


@dataclass(frozen=True)
class Figure:
    """One figure: how its value and the two counts behind it are read off a row of its source, and its target."""

    key: str
    label: Any
    definition: Any
    source: str  # a key of SOURCES
    value: Callable[[Any], float | int | None]
    numerator: tuple[Any, Callable[[Any], int]]  # (column header, count)
    denominator: tuple[Any, Callable[[Any], int]] | None
    percent: bool = True
    target: Callable[[str, str], Target | None] = lambda scope, level: None  # (scope, division level)
    target_note: Callable[[], str] | None = None  # the target in words, for the heading; None: no target
    target_rules: tuple[str, ...] = ()


def _every_row(key: str) -> Callable[[str, str], Target]:
    return lambda scope, level: _target(key)


FIGURES: list[Figure] = [
    Figure(
        key="online_rate",
        label=_("Online availability rate"),
        definition=_("Published items whose online depth is at least the rule's level, of all published items."),
        source="items",
        value=lambda f: f.online_rate,
        numerator=(_("Items available online"), lambda f: f.online),
        denominator=(_("Published items"), lambda f: f.items),
        target=_online_target,
        target_note=_online_note,
        target_rules=("eservices.online_rate_target_province", "eservices.online_rate_target_local"),
    ),
    Figure(
        key="full_online_rate",
        label=_("Whole-process online rate"),
        definition=_("Published items handled wholly online (online depth IV), of all published items."),
        source="items",
        value=lambda f: f.full_online_rate,
        numerator=(_("Items wholly online"), lambda f: f.full_online),
        denominator=(_("Published items"), lambda f: f.items),
    ),
    Figure(
        key="one_visit",
        label=_("At-most-one-visit items"),
        definition=_("Published items that need at most one on-site visit; the target counts all departments."),
        source="items",
        value=lambda f: f.one_visit,
        numerator=(_("At-most-one-visit items"), lambda f: f.one_visit),
        denominator=(_("Published items"), lambda f: f.items),
        percent=False,
        target=lambda scope, level: _target("eservices.one_visit_items_min") if scope == ALL else None,
        target_note=_at_least("eservices.one_visit_items_min", percent=False),
        target_rules=("eservices.one_visit_items_min",),
    ),
    Figure(
        key="substitution_rate",
        label=_("Materials avoided (items)"),
        definition=_("Materials of published items that an e-licence or shared data replaces, of all their materials."),
        source="items",
        value=lambda f: f.substitution_rate,
        numerator=(_("Materials replaced"), lambda f: f.substituted),
        denominator=(_("Materials"), lambda f: f.materials),
        target=_every_row("eservices.material_reduction_target"),
        target_note=_at_least("eservices.material_reduction_target", percent=True),
        target_rules=("eservices.material_reduction_target",),
    ),
    Figure(
        key="time_compression",
        label=_("Time-limit compression"),
        definition=_(
            "1 − the promised limits' sum / the legal limits' sum, over published items that have a legal limit."
        ),
        source="items",
        value=lambda f: f.time_compression,
        numerator=(_("Promised working days"), lambda f: f.promised_days),
        denominator=(_("Legal working days"), lambda f: f.legal_days),
        target=_every_row("eservices.time_limit_reduction_target"),
        target_note=_at_least("eservices.time_limit_reduction_target", percent=True),
        target_rules=("eservices.time_limit_reduction_target",),
    ),
]

# --- Case-level figures (R4.3, R4.5, Jiangmen's 三率一数), over cases submitted to the departments ---


@dataclass
class CaseFigures:
    key: str
    label: str
    level: str = ""
    cases: int = 0  # numbered cases: submitted, whatever happened since
    online: int = 0  # applied online or through 帮办代办 (上网办理)
    online_ended: int = 0  # of them ended: concluded, not accepted or withdrawn
    online_concluded: int = 0  # of them concluded (网上办结)
    no_visit: int = 0  # of them concluded with no on-site visit (全流程网办)
    concluded: int = 0
    on_time: int = 0  # concluded on or before the due day
    timed: int = 0  # concluded cases that had a clock (accepted, with a due day)
    visits: int = 0  # on-site visits over cases applied online and concluded (网上申办到现场次数)
    materials: int = 0  # materials recorded on concluded cases
    held: int = 0  # of them provided by shared data or an e-licence, not by the applicant

    @property
    def online_rate(self) -> float | None:
        return round(100 * self.online / self.cases, 1) if self.cases else None

    @property
    def online_concluded_rate(self) -> float | None:
        return round(100 * self.online_concluded / self.online_ended, 1) if self.online_ended else None

    @property
    def full_online_rate(self) -> float | None:
        return round(100 * self.no_visit / self.concluded, 1) if self.concluded else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.timed, 1) if self.timed else None

    @property
    def mean_visits(self) -> float | None:
        return round(self.visits / self.online_concluded, 2) if self.online_concluded else None

    @property
    def held_rate(self) -> float | None:
        return round(100 * self.held / self.materials, 1) if self.materials else None


CASE_COUNTS = (
    "cases",
    "online",
    "online_ended",
    "online_concluded",
    "no_visit",
    "concluded",
    "on_time",
    "timed",
    "visits",
    "materials",
    "held",
)


@dataclass
class CasesFigures:
    overall: CaseFigures
    by_department: list[CaseFigures] = field(default_factory=list)
    by_level: list[CaseFigures] = field(default_factory=list)


def _case_group(cases, by: str, label: str, level: str) -> dict:
    concluded = Q(status=CaseStatus.CONCLUDED)
    online = Q(channel__in=[Channel.ONLINE, Channel.ASSISTED])
    rows = cases.values(*dict.fromkeys((by, label, level))).annotate(
        n=Count("pk"),
        online=Count("pk", filter=online),
        online_ended=Count("pk", filter=online & Q(status__in=CLOSED_CASE_STATES)),
        online_concluded=Count("pk", filter=online & concluded),
        no_visit=Count("pk", filter=online & concluded & Q(visits=0)),
        concluded=Count("pk", filter=concluded),
        timed=Count("pk", filter=concluded & Q(due_on__isnull=False)),
        on_time=Count("pk", filter=concluded & Q(due_on__isnull=False, concluded_on__lte=F("due_on"))),
        visits=Sum("visits", filter=online & concluded),
    )
    groups = {
        row[by]: CaseFigures(
            key=str(row[by]),
            label=str(row[label]),
            level=str(row[level] or ""),
            cases=row["n"],
            online=row["online"],
            online_ended=row["online_ended"],
            online_concluded=row["online_concluded"],
            no_visit=row["no_visit"],
            concluded=row["concluded"],
            on_time=row["on_time"],
            timed=row["timed"],
            visits=row["visits"] or 0,
        )
        for row in rows
    }
    materials = (
        CaseMaterial.objects.filter(case__in=cases.filter(concluded))
        .values(f"case__{by}")
        .annotate(n=Count("pk"), held=Count("pk", filter=Q(provided__in=[Provision.SHARED, Provision.LICENCE])))
    )
    for row in materials:
        figures = groups.get(row[f"case__{by}"])
        if figures is not None:
            figures.materials, figures.held = row["n"], row["held"]
    return groups


def case_figures(*, organisations: set[int] | None = None) -> CasesFigures:
    """The figures over submitted cases, by their lead department; `organisations` narrows them."""
    cases = Case.objects.exclude(number__isnull=True)
    if organisations is not None:
        cases = cases.filter(organisation_id__in=organisations)
    by_department = _case_group(cases, "organisation_id", "organisation__name", "organisation__division__level")
    by_level = _case_group(cases, "item__division__level", "item__division__level", "item__division__level")
    overall = CaseFigures(key="all", label="")
    for f in by_department.values():
        for name in CASE_COUNTS:
            setattr(overall, name, getattr(overall, name) + getattr(f, name))
    levels = [by_level[level] for level in DivisionLevel.values if level in by_level]
    for f in levels:
        f.label = str(DivisionLevel(f.key).label)
    return CasesFigures(overall, sorted(by_department.values(), key=lambda f: f.label), levels)


FIGURES += [
    Figure(
        key="case_online_rate",
        label=_("Cases applied for online (上网办理率)"),
        definition=_("Cases applied for online or through a clerk's assisted online application, of all cases."),
        source="cases",
        value=lambda f: f.online_rate,
        numerator=(_("Cases applied for online"), lambda f: f.online),
        denominator=(_("Cases"), lambda f: f.cases),
    ),
    Figure(
        key="case_full_online_rate",
        label=_("Cases handled wholly online (全流程网办率)"),
        definition=_("Concluded cases applied for online and concluded without any on-site visit, of concluded cases."),
        source="cases",
        value=lambda f: f.full_online_rate,
        numerator=(_("Concluded wholly online"), lambda f: f.no_visit),
        denominator=(_("Concluded cases"), lambda f: f.concluded),
    ),
    Figure(
        key="case_online_concluded_rate",
        label=_("Online applications concluded (网上办结率)"),
        definition=_(
            "Cases applied for online that were concluded, of cases applied for online that have ended "
            "(concluded, not accepted or withdrawn); cases still being handled count once they end."
        ),
        source="cases",
        value=lambda f: f.online_concluded_rate,
        numerator=(_("Online applications concluded"), lambda f: f.online_concluded),
        denominator=(_("Online applications ended"), lambda f: f.online_ended),
    ),
    Figure(
        key="case_on_time_rate",
        label=_("Concluded on time"),
        definition=_("Concluded cases concluded on or before their promised day, of concluded cases with a clock."),
        source="cases",
        value=lambda f: f.on_time_rate,
        numerator=(_("Concluded on time"), lambda f: f.on_time),
        denominator=(_("Concluded cases with a clock"), lambda f: f.timed),
    ),
    Figure(
        key="case_visits",
        label=_("On-site visits per online application (到现场次数)"),
        definition=_(
            "On-site visits recorded on cases applied for online and concluded, per such case: the fewer the better."
        ),
        source="cases",
        value=lambda f: f.mean_visits,
        numerator=(_("On-site visits"), lambda f: f.visits),
        denominator=(_("Online applications concluded"), lambda f: f.online_concluded),
        percent=False,
    ),
    Figure(
        key="case_held_rate",
        label=_("Materials avoided (cases)"),
        definition=_(
            "Materials of concluded cases the platform fetched (shared data, e-licences), of all their materials."
        ),
        source="cases",
        value=lambda f: f.held_rate,
        numerator=(_("Materials fetched by the platform"), lambda f: f.held),
        denominator=(_("Materials of concluded cases"), lambda f: f.materials),
        target=_every_row("eservices.material_reduction_target"),
        target_note=_at_least("eservices.material_reduction_target", percent=True),
        target_rules=("eservices.material_reduction_target",),
    ),
]

# Where a figure's rows come from: each source takes `organisations` (None: all) and returns an object with
# `overall`, `by_level` and `by_department`, whose rows carry `key`, `label` and `level`.
SOURCES: dict[str, Callable[..., Any]] = {"items": item_figures, "cases": case_figures}


@dataclass
class FigureRow:
    scope: str  # ALL, LEVEL or DEPARTMENT
    key: str
    label: str
    value: float | int | None
    numerator: int
    denominator: int | None
    target: Target | None

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.target.met(self.value)


@dataclass
class FigureBlock:
    figure: Figure
    rows: list[FigureRow]

    @property
    def overall(self) -> FigureRow:
        return self.rows[0]

    def scoped(self, scope: str) -> list[FigureRow]:
        return [r for r in self.rows if r.scope == scope]


def _row(figure: Figure, scope: str, source_row) -> FigureRow:
    if scope == ALL:
        label = str(_("All"))
    elif scope == LEVEL:
        label = str(_("%(level)s level") % {"level": source_row.label})
    else:
        label = source_row.label
    return FigureRow(
        scope=scope,
        key=source_row.key,
        label=label,
        value=figure.value(source_row),
        numerator=figure.numerator[1](source_row),
        denominator=figure.denominator[1](source_row) if figure.denominator else None,
        target=figure.target(scope, source_row.level),
    )


def figure_table(*, organisations: set[int] | None = None, figures: list[Figure] | None = None) -> list[FigureBlock]:
    """Every figure with its rows: overall, per division level, per department (`organisations` narrows them);
    each source is computed once."""
    computed: dict[str, Any] = {}
    blocks = []
    for figure in FIGURES if figures is None else figures:
        if figure.source not in computed:
            computed[figure.source] = SOURCES[figure.source](organisations=organisations)
        data = computed[figure.source]
        rows = [_row(figure, ALL, data.overall)]
        rows += [_row(figure, LEVEL, r) for r in data.by_level]
        rows += [_row(figure, DEPARTMENT, r) for r in data.by_department]
        blocks.append(FigureBlock(figure, rows))
    return blocks


def scope_for(user) -> set[int] | None:
    """Whose figures a person sees: everyone's for platform administrators and the platform operator, else the
    departments (with their internal units) where the person holds a role; none for anyone else."""
    if is_operator(user) or is_platform_admin(user):
        return None
    return organisation_ids(user) if getattr(user, "is_authenticated", False) else set()

"""Heat maps of divisions (issue 13 item 8, R5.1: hotspots by division for decision makers; DESIGN.md: ECharts).

A page passes `{division code: value}` and gets what the include `core/_division_map.html` draws: the map of an
area's divisions, coloured by value (ECharts `map` series with a `visualMap` scale, drawn by
`static/core/division-map.js` from a `json_script` data island: no inline script under the CSP), above the table of
the same values, which stays the accessible reading.

The boundaries are files shipped in the repository (no map tiles, no outside host): `static/vendor/geo/`, vendored
by `scripts/vendor_npm.sh` from the npm package echarts 4.9.0 (Apache-2.0, its LICENSE and NOTICE beside them), the
last release that carried per-province GeoJSON. Each feature's `id` is the region's GB/T 2260 code and its
`properties.name` the region's Chinese name, the same as in `data/divisions.csv`
(`tests/test_division_maps.py` holds both to it). A province's file draws the divisions directly below it: its
cities (地级) and the county-level cities and forestry district it administers directly (仙桃, 潜江, 天门, 神农架).

The map is a statistical picture of where things happen, not a survey map: it carries no 审图号, so it is for
the back office and reports, not the public portal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from digigov.core.divisions import installation_division
from digigov.core.validators import validate_division_code

STATIC_ROOT = Path(__file__).parent / "static"
GEO_FOLDER = "vendor/geo/echarts-4.9.0"

# Which boundary file draws the divisions directly below an area (the area's code: its static path). An installation
# in another province vendors its file (scripts/vendor_npm.sh, GEO_PROVINCES) and adds a line here.
BOUNDARY_FILES: dict[str, str] = {
    "420000": f"{GEO_FOLDER}/hubei.json",  # 湖北省: 13 cities and prefectures, 4 directly administered units
}

Number = int | float | Decimal
_KEY = re.compile(r"[a-z][a-z0-9-]*")


@dataclass(frozen=True)
class BoundaryMap:
    """One shipped boundary file: the area it covers and its regions (code → Chinese name), in the file's order."""

    area: str
    path: str  # under the static files, e.g. vendor/geo/echarts-4.9.0/hubei.json
    regions: dict[str, str]

    @property
    def name(self) -> str:
        """The name the map is registered under in ECharts (one registration per page, whatever the charts)."""
        return f"division-{self.area}"

    def region_of(self, code: str) -> str | None:
        """The region a division lies in: itself, or its county, city or province by the GB/T 2260 prefix; None
        when it lies outside this map (another province, or the area itself, which is no region of its own map)."""
        code = validate_division_code(code)
        for candidate in (code, code[:6], code[:4] + "00", code[:2] + "0000"):
            if candidate in self.regions:
                return candidate
        return None


@cache
def _load(area: str) -> BoundaryMap:
    path = BOUNDARY_FILES[area]
    with open(STATIC_ROOT / path, encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    regions = {str(feature["id"]): feature["properties"]["name"] for feature in features}
    return BoundaryMap(area=area, path=path, regions=regions)


def boundary_map_for(code: str) -> BoundaryMap | None:
    """The shipped map that draws the divisions directly below `code` (a province's: its cities), or None."""
    code = validate_division_code(code)
    return _load(code) if code in BOUNDARY_FILES else None


def areas() -> list[str]:
    """The division codes whose divisions a shipped boundary file draws."""
    return sorted(BOUNDARY_FILES)


@dataclass(frozen=True)
class Region:
    """One region of a heat map with its value (None: nothing to show), as the table and the tooltip write it."""

    code: str
    name: str
    value: int | float | None
    shown: str


@dataclass(frozen=True)
class DivisionHeatMap:
    """What `core/_division_map.html` draws: pass it as `map` (`{% include … with map=… %}`)."""

    key: str  # the page-unique part of the element ids: one page may hold several maps
    title: str
    value_label: str
    regions: list[Region]
    island: dict  # the data island that static/core/division-map.js reads
    unplaced: Region | None = None  # the value keyed by the area itself (no region known): a table row, not drawn

    @property
    def island_id(self) -> str:
        return f"{self.key}-data"


def _number(value: Number | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"a heat map's value is a number, not {value!r}")
    return value if isinstance(value, int) else float(value)


def _shown(value: int | float | None, *, decimals: int | None, unit: str) -> str:
    """As the table and the tooltip write a value: 12, 66.7%, or — for no data."""
    if value is None:
        return "—"
    if decimals is None:
        return f"{value}{unit}"
    # half up, as a person rounds (81.25 → 81.3; Python's format would give 81.2)
    text = str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    return text + unit


def division_heat_map(
    values: Mapping[str, Number | None],
    *,
    title: str | Promise,
    value_label: str | Promise,
    area: str | None = None,
    key: str = "division-map",
    unit: str = "",
    decimals: int = 1,
    missing: Number | None = None,
    roll_up: bool = True,
) -> DivisionHeatMap:
    """A heat map of `values` ({division code: value}) over the regions of `area` (by default the installation's
    division, `divisions.installation_division()`: 湖北省 in the demo).

    With `roll_up` (counts: tickets, cases), a value keyed by a county, township or village is added to the region it
    lies in; without it (rates, averages) every key must be a region's own code. A region without a value shows
    `missing` (0 for counts; None, the default, shows "no data" in grey). A value keyed by the area itself (a ticket
    about the whole province) is in no region: the table shows it on a row of its own (`unplaced`), the map does
    not. `unit` follows each value ("%"), floats
    are written with `decimals` places. A code that is not a valid division code or lies outside the area raises
    ValueError: the values come from the caller's own query, not from a person.
    """
    if not _KEY.fullmatch(key):
        raise ValueError(f"{key!r} is no element id: lower-case letters, digits and hyphens")
    boundary = _area_map(area)
    totals: dict[str, int | float | None] = {}
    outside = []
    for code, raw in values.items():
        value = _number(raw)
        if code == boundary.area:  # e.g. a ticket about the whole province: counted, but in no region
            current = totals.get(code)
            totals[code] = value if current is None else current if value is None else current + value
            continue
        try:
            region = boundary.region_of(code)
        except ValidationError as error:
            raise ValueError(f"{code!r} is not a division code") from error
        if region is None or (region != code and not roll_up):
            outside.append(code)
            continue
        current = totals.get(region)
        totals[region] = value if current is None else current if value is None else current + value
    if outside:
        where = "are not regions of" if not roll_up else "lie outside"
        raise ValueError(f"{', '.join(sorted(outside))} {where} the map of {boundary.area}")
    fill = _number(missing)
    filled = {code: totals.get(code, fill) for code in boundary.regions}
    numbers = [value for value in filled.values() if value is not None]
    whole = totals.get(boundary.area)
    integers = all(isinstance(number, int) for number in [*numbers, whole or 0])  # counts: no decimals anywhere
    places = None if integers else decimals
    regions = [
        Region(code, boundary.regions[code], value, _shown(value, decimals=places, unit=unit))
        for code, value in filled.items()
    ]
    unplaced = None
    if whole is not None:
        unplaced = Region(boundary.area, _("No lower division given"), whole, _shown(whole, decimals=places, unit=unit))
    island = {
        "map": boundary.name,
        "geo": static(boundary.path),
        "title": str(title),
        "valueLabel": str(value_label),
        "unit": unit,
        "decimals": decimals,
        "integers": integers,
        "min": min(numbers, default=0),
        "max": max(numbers, default=0),
        "regions": [{"code": r.code, "name": r.name, "value": r.value, "shown": r.shown} for r in regions],
        "labels": {"noData": _("No data"), "high": _("High"), "low": _("Low")},
    }
    return DivisionHeatMap(
        key=key, title=str(title), value_label=str(value_label), regions=regions, island=island, unplaced=unplaced
    )


def _area_map(area: str | None) -> BoundaryMap:
    if area is None:
        division = installation_division()
        if division is None:
            raise LookupError("no single top-level division is loaded: name the map's area")
        area = division.code
    boundary = boundary_map_for(area)
    if boundary is None:
        raise LookupError(f"no boundary file draws the divisions of {area} (core.division_maps.BOUNDARY_FILES)")
    return boundary

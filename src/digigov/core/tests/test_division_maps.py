"""Division heat maps (core.division_maps; issue 13 item 8): the vendored boundary file covers every division
directly below 湖北省 with its GB/T 2260 code and the same Chinese name as data/divisions.csv, its geometry lies in
Hubei, and {division code: value} becomes the regions, table and data island the include draws."""

import csv
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from digigov.core import division_maps
from digigov.core.division_maps import BOUNDARY_FILES, STATIC_ROOT, boundary_map_for, division_heat_map
from digigov.core.divisions import DEFAULT_FILE, load_divisions
from digigov.core.models import Division

HUBEI = STATIC_ROOT / BOUNDARY_FILES["420000"]
# the bytes of map/json/province/hubei.json in the npm package echarts 4.9.0 (scripts/vendor_npm.sh copies them)
HUBEI_SHA256 = "96ef7cb154bb370a460a3f89521b396a9f0f537d136058a5f716aa4259c78987"
REPOSITORY = Path(__file__).resolve().parents[4]


def csv_rows() -> list[dict]:
    with open(DEFAULT_FILE, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def decoded(geometry: dict) -> list[list[tuple[float, float]]]:
    """The rings of a feature in ECharts' compact encoding (UTF8Encoding; echarts' parseGeoJson decode): zigzag
    deltas of coordinates × 1024, one character each, from the ring's offset. Written here to check the file."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    offsets = geometry["encodeOffsets"] if geometry["type"] == "MultiPolygon" else [geometry["encodeOffsets"]]
    rings = []
    for polygon, polygon_offsets in zip(polygons, offsets, strict=True):
        for ring, (x, y) in zip(polygon, polygon_offsets, strict=True):
            points = []
            for i in range(0, len(ring), 2):
                dx, dy = ord(ring[i]) - 64, ord(ring[i + 1]) - 64
                x += (dx >> 1) ^ -(dx & 1)
                y += (dy >> 1) ^ -(dy & 1)
                points.append((x / 1024, y / 1024))
            rings.append(points)
    return rings


def test_the_boundary_file_is_the_pinned_release_with_its_licence_beside_it():
    assert hashlib.sha256(HUBEI.read_bytes()).hexdigest() == HUBEI_SHA256
    folder = HUBEI.parent
    assert "Apache License" in (folder / "LICENSE").read_text() and "Version 2.0" in (folder / "LICENSE").read_text()
    assert "The Apache Software Foundation" in (folder / "NOTICE").read_text()
    script = (REPOSITORY / "scripts" / "vendor_npm.sh").read_text()
    assert "ECHARTS_MAPS=4.9.0" in script and 'GEO_PROVINCES="hubei"' in script
    assert folder.name == "echarts-4.9.0" and f"{division_maps.GEO_FOLDER}/hubei.json" == BOUNDARY_FILES["420000"]


def test_every_division_directly_below_hubei_has_its_region_with_the_same_code_and_name():
    below = {row["code"]: row["name"] for row in csv_rows() if row["parent_code"] == "420000"}
    boundary = boundary_map_for("420000")
    assert boundary.regions == below, "13 cities and prefectures, 仙桃 潜江 天门 神农架: ids and names as in the CSV"
    assert len(below) == 17 and {row["code"] for row in csv_rows() if row["level"] == "city"} <= set(below)
    assert boundary.name == "division-420000" and boundary_map_for("430000") is None
    assert division_maps.areas() == ["420000"]


def test_each_region_lies_in_hubei_around_its_own_label_point():
    features = json.loads(HUBEI.read_text(encoding="utf-8"))["features"]
    for feature in features:
        points = [point for ring in decoded(feature["geometry"]) for point in ring]
        xs, ys = [x for x, _ in points], [y for _, y in points]
        assert min(xs) > 108.3 and max(xs) < 116.2 and min(ys) > 29.0 and max(ys) < 33.3, feature["id"]
        cx, cy = feature["properties"]["cp"]
        assert min(xs) < cx < max(xs) and min(ys) < cy < max(ys), feature["properties"]["name"]
    wuhan = next(f for f in features if f["id"] == "420100")
    points = [point for ring in decoded(wuhan["geometry"]) for point in ring]
    assert len(points) > 1000 and all(113.6 < x < 115.1 and 29.9 < y < 31.4 for x, y in points)


def test_a_division_lies_in_its_region_by_its_code():
    boundary = boundary_map_for("420000")
    assert boundary.region_of("420100") == "420100"
    assert boundary.region_of("420102") == "420100"  # 江岸区 in 武汉市
    assert boundary.region_of("420102002003") == "420100"  # 保成社区
    assert boundary.region_of("422801") == "422800"  # 恩施市 in 恩施州
    assert boundary.region_of("429004") == "429004"  # 仙桃市 is its own region
    assert boundary.region_of("420000") is None and boundary.region_of("430100") is None


def test_counts_add_up_to_their_regions_and_the_rest_shows_the_missing_value():
    heat = division_heat_map(
        {"420102": 3, "420106": 4, "420102002003": 1, "420500": 2, "429021": 7, "420000": 5},
        title="Tickets",
        value_label="Tickets",
        area="420000",
        missing=0,
    )
    by_code = {region.code: region for region in heat.regions}
    assert [region.code for region in heat.regions][:3] == ["420100", "420200", "420300"]
    assert by_code["420100"].value == 8 and by_code["420100"].shown == "8" and by_code["420100"].name == "武汉市"
    assert by_code["429021"].value == 7 and by_code["420200"].value == 0
    island = heat.island
    assert island["map"] == "division-420000" and island["geo"] == "/static/vendor/geo/echarts-4.9.0/hubei.json"
    assert (island["min"], island["max"], island["integers"]) == (0, 8, True)
    assert {"code": "420500", "name": "宜昌市", "value": 2, "shown": "2"} in island["regions"] and len(
        island["regions"]
    ) == 17
    assert heat.island_id == "division-map-data" and "420000" not in {r["code"] for r in island["regions"]}
    assert heat.unplaced.code == "420000" and heat.unplaced.value == 5 and heat.unplaced.name == "未指明下级区划"


def test_rates_are_given_per_region_and_a_region_without_one_has_no_data():
    heat = division_heat_map(
        {"420100": Decimal("92.36"), "420300": 80, "420500": 81.25, "422800": None},
        title="Satisfaction",
        value_label="Satisfaction rate",
        area="420000",
        key="satisfaction-map",
        unit="%",
        roll_up=False,
    )
    by_code = {region.code: region for region in heat.regions}
    assert by_code["420100"].shown == "92.4%" and by_code["420100"].value == 92.36
    assert by_code["420300"].shown == "80.0%" and by_code["420300"].value == 80
    assert by_code["420500"].shown == "81.3%", "half up, as a person rounds"
    assert by_code["422800"].value is None and by_code["422800"].shown == "—" and by_code["420200"].shown == "—"
    assert heat.island["integers"] is False and heat.island["min"] == 80 and heat.island["max"] == 92.36
    assert heat.island["unit"] == "%" and heat.island_id == "satisfaction-map-data" and heat.unplaced is None


def test_a_code_outside_the_map_or_no_code_at_all_is_refused():
    with pytest.raises(ValueError, match="430100 lie outside the map of 420000"):
        division_heat_map({"420100": 1, "430100": 2}, title="t", value_label="v", area="420000")
    with pytest.raises(ValueError, match="420102 are not regions of the map of 420000"):
        division_heat_map({"420102": 1.5}, title="t", value_label="v", area="420000", roll_up=False)
    with pytest.raises(ValueError, match="'4201' is not a division code"):
        division_heat_map({"4201": 1}, title="t", value_label="v", area="420000")
    with pytest.raises(TypeError):
        division_heat_map({"420100": True}, title="t", value_label="v", area="420000")
    with pytest.raises(TypeError):
        division_heat_map({"420100": "3"}, title="t", value_label="v", area="420000")
    with pytest.raises(ValueError, match="no element id"):
        division_heat_map({}, title="t", value_label="v", area="420000", key="Map 1")
    with pytest.raises(LookupError, match="no boundary file draws the divisions of 430000"):
        division_heat_map({}, title="t", value_label="v", area="430000")


@pytest.mark.django_db
def test_the_area_is_the_installation_division_unless_named():
    with pytest.raises(LookupError, match="no single top-level division"):
        division_heat_map({"420100": 1}, title="t", value_label="v")
    load_divisions()
    assert Division.objects.filter(parent__isnull=True).count() == 1
    heat = division_heat_map({"420100": 1}, title="t", value_label="v")
    assert heat.island["map"] == "division-420000" and heat.island["max"] == 1


def test_the_include_draws_the_table_and_the_data_island(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    heat = division_heat_map(
        {"420100": 12, "420900": 3, "420000": 2},
        title="<b>热点</b>",
        value_label="工单量",
        area="420000",
        key="hot-map",
    )
    html = render_to_string("core/_division_map.html", {"map": heat})
    assert 'data-division-map="hot-map-data"' in html and 'id="hot-map"' in html and 'role="img"' in html
    assert '<tr data-division="420100"><th scope="row">武汉市</th><td>12</td></tr>' in html
    assert '<tr data-division="420200"><th scope="row">黄石市</th><td>—</td></tr>' in html
    assert '<tr data-division="420000"><th scope="row">未指明下级区划</th><td>2</td></tr>' in html, "not on the map"
    assert "&lt;b&gt;热点&lt;/b&gt;" in html and "<b>热点</b>" not in html, "a title is text"
    start = html.index('<script id="hot-map-data" type="application/json">') + len(
        '<script id="hot-map-data" type="application/json">'
    )
    island = json.loads(html[start : html.index("</script>", start)])
    assert island["title"] == "<b>热点</b>" and island["labels"] == {"noData": "无数据", "high": "高", "low": "低"}
    assert "行政区划" in html and "按行政区划" in html
    assert html.count("<script") == 1, "only the data island: the scripts come once per page"
    scripts = render_to_string("core/_division_map_scripts.html")
    assert 'src="/static/vendor/echarts/6.1.0/echarts.min.js"' in scripts and "core/division-map.js" in scripts

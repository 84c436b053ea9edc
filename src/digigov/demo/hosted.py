"""Hosted tables for most of the demo's shareable resources, so 挂接率 and 共享监测 look like a province at work.

Each department uploads a small table per resource it shares and mounts it, as its data officer would; the rows
reuse the residents and legal entities of the base tables, so the same person or company appears consistently
across departments. A few departments stay below the 90% mount-rate target, as real ones do.
"""

import csv
import datetime as dt
import io
import random

from digigov.catalog.models import Resource
from digigov.exchange import services as exchange

ROWS_PER_TABLE = 30
# Departments that lag behind (fraction of their shareable resources mounted); every other one mounts all.
LAGGING = {"nr": 0.6, "edu": 0.7, "wh-amr": 0.75}
STATUSES = ["正常", "正常", "正常", "有效", "已办结", "注销"]
REMARKS = ["", "", "", "经核查无误", "补正材料后办理", "系统迁移数据"]


def mount_department_tables(rng: random.Random, admin, orgs: dict, people: list[dict], entities: list[dict]) -> int:
    """Upload and mount a table for the shareable, not yet mounted resources; returns how many were mounted."""
    key_of = {org.pk: key for key, org in orgs.items()}
    mounted = 0
    resources = (
        Resource.objects.filter(provider__in=orgs.values(), mounted_at__isnull=True)
        .exclude(share_type="not_shared")
        .select_related("provider")
        .prefetch_related("items")
        .order_by("pk")
    )
    for resource in resources:
        if rng.random() >= LAGGING.get(key_of[resource.provider_id], 1.0):
            continue
        items = sorted(resource.items.all(), key=lambda item: item.position)
        header = [item.identifier for item in items]
        key = next((item.identifier for item in items if item.is_key), header[0])
        rows = _unique(_rows(rng, header, resource.provider.name, people, entities), header.index(key))
        host_and_mount(admin, resource, f"{resource.name}库（托管）", header, rows, key_column=key)
        mounted += 1
    return mounted


def host_and_mount(admin, resource, name: str, header: list[str], rows: list[list[str]], *, key_column: str) -> None:
    """The resource's provider uploads `rows` as a hosted table and mounts it, columns named as the items."""
    service = exchange.service_register_table(
        actor=admin,
        provider=resource.provider,
        name=name,
        filename=f"{resource.code.replace('/', '-')}.csv",
        content=csv_bytes(header, rows),
        key_column=key_column,
    )
    exchange.service_mount(actor=admin, service=service, resource_id=resource.pk, field_map={h: h for h in header})


def _rows(rng, header: list[str], provider: str, people: list[dict], entities: list[dict]) -> list[list[str]]:
    if "tjnd" in header:  # a yearly statistical release: one row per year and district
        districts = sorted({person["szdq"] for person in people})
        return [
            [_statistic(rng, column, year, district) for column in header]
            for year in range(2021, 2026)
            for district in districts
        ]
    subjects = entities if "tyshxydm" in header else people
    return [
        [_value(rng, column, subject, provider) for column in header]
        for subject in rng.sample(subjects, k=ROWS_PER_TABLE)
    ]


def _unique(rows: list[list[str]], key: int) -> list[list[str]]:
    """The first row of each key: a hosted table's key is unique (a yearly release keyed by year keeps one row)."""
    seen, kept = set(), []
    for row in rows:
        if row[key] not in seen:
            seen.add(row[key])
            kept.append(row)
    return kept


def _statistic(rng, column: str, year: int, district: str) -> str:
    return {"tjnd": str(year), "szdq": district}.get(column) or str(rng.randrange(50, 5000))


def _value(rng, column: str, subject: dict, provider: str) -> str:
    if column in subject:  # the resident's or the company's own data: name, ID number, address …
        return subject[column]
    today = dt.date(2026, 1, 1)
    match column:
        case "lxdh":
            return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        case "djrq":
            return (today - dt.timedelta(days=rng.randrange(30, 3650))).isoformat()
        case "yxqz":
            return (today + dt.timedelta(days=rng.randrange(180, 3650))).isoformat()
        case "zt":
            return rng.choice(STATUSES)
        case "je":
            return f"{rng.randrange(100, 200_000)}.00"
        case "bljg":
            return provider
        case "zjbh":
            return f"{rng.choice('ABCDEFGH')}{rng.randrange(10**10):010d}"
        case "sl":
            return str(rng.randrange(1, 50))
        case "bz":
            return rng.choice(REMARKS)
        case "szdq":
            return subject.get("szdq") or "武汉市"
        case _:
            return subject.get("xm") or subject.get("dwmc") or ""


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")

"""Benchmark the 12345 hotline at scale (issue #13): intake of a ticket with its duplicate check, and the hotspot query.

Run from the repository root: ``python bench/hotline.py [--tickets N] [--requests 300] [--workers 2]`` (or
BENCH_TICKETS=N). By default 200,000 tickets on SQLite (a temporary file) and, with DATABASE_URL=postgres://.../name,
1,000,000 tickets in a temporary database ``<name>_bench_<pid>`` on that server, dropped afterwards.

The tickets are written in bulk by SQL (one statement: rows numbered by a series), not through the services: spread
evenly over the last twelve months, over every county, township and village of the loaded division tree (Hubei),
twelve subject categories and about three tickets a phone number; those older than three weeks closed, the others
open in every state. Their requests are drawn from 5,000 different sentences (place × matter × detail), each with
its words stored as intake stores them (`Ticket.content_words`).

- intake: ``POST /api/v1/hotline/tickets`` as a signed-in centre agent through gunicorn, one request at a time: the
  whole intake (checks, number, due date, step, ledger entry) and the duplicate check the answer carries
  (`hotline/duplicates.py`: the caller's recent tickets, and up to `hotline.duplicate_candidates` recent tickets of
  the same district compared by words); half the calls come from a number that called in the last week.
- baseline: ``GET /api/v1/core/me`` with the same session on the same server, in the same run.
- hotspot: `hotline.figures.hotspot_counts` (tickets of a month by category × division) in this process, for each
  of the twelve months in turn.

Goals: intake p95 <= 50 ms, hotspot p95 <= 200 ms. The last line of output is exactly one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import _series  # noqa: E402
from gateway import SETTINGS, bench_environment, percentile, start_server  # noqa: E402
from workflow import run_requests  # noqa: E402

GOAL_INTAKE_P95_MS, GOAL_HOTSPOT_P95_MS = 50.0, 200.0
TEXTS, CATEGORIES, PHONES_EVERY = 5000, 12, 3
PLACES = ["沿江大道", "中山大道", "解放大道", "中北路", "珞喻路", "武珞路", "建设大道", "友谊大道", "光谷大道",
          "江汉路", "人民路", "黄石大道", "襄阳路", "长江路", "东风大道"]  # fmt: skip
SPOTS = ["小区", "路口", "门前", "菜市场旁", "学校附近", "公交站", "商铺", "工地"]
MATTERS = [
    "电梯停运一周无人维修", "路灯不亮已经三天", "夜间施工噪音扰民", "下水道堵塞污水外溢", "垃圾堆放无人清运",
    "占道经营影响通行", "供暖不热室温过低", "公交站台破损", "违章停车堵塞消防通道", "餐馆油烟扰民", "自来水水质发黄",
    "井盖缺失存在安全隐患", "广场舞音响太吵", "共享单车乱停乱放", "绿化带树木倒伏", "小区停水没有通知",
    "燃气管道有异味", "楼道堆放杂物", "道路积水严重", "物业费收费不合理",
]  # fmt: skip
DETAILS = ["已多次反映", "影响居民生活", "老人出行不便", "孩子无法休息", "晚上尤其严重", "持续一个多月",
           "周边居民意见很大", "存在安全隐患"]  # fmt: skip
CATEGORY_NAMES = ["住房保障", "城市管理", "市政设施", "环境保护", "交通出行", "供水供电", "燃气供暖", "物业管理",
                  "市场监管", "教育", "医疗卫生", "社会保障"]  # fmt: skip


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(PLACES)}{rng.randint(1, 400)}号{rng.choice(SPOTS)}{rng.choice(MATTERS)}，{rng.choice(DETAILS)}。"
    )


def seed(count: int) -> dict:
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from digigov.core import ledger
    from digigov.core.chinese_text import stored_words
    from digigov.core.choices import Role
    from digigov.core.divisions import load_divisions
    from digigov.core.models import Division
    from digigov.hotline.tests.factories import make_centre, officer
    from digigov.knowledge.tests.factories import category

    ledger.ensure_head()
    load_divisions()
    centre = make_centre()
    agent = officer(Role.HANDLER, centre)
    categories = [category(f"{n + 10:02d}", name) for n, name in enumerate(CATEGORY_NAMES)]
    places = list(
        Division.objects.filter(code__startswith="42", level__in=["county", "township", "village"]).values_list(
            "code", flat=True
        )
    )
    rng = random.Random(13)
    texts = [sentence(rng) for _ in range(TEXTS)]
    vendor = connection.vendor
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_text (id integer PRIMARY KEY, content text, words text)")
        cursor.executemany(
            "INSERT INTO bench_text VALUES (%s, %s, %s)", [(n, t, stored_words(t)) for n, t in enumerate(texts)]
        )
        cursor.execute("CREATE TEMPORARY TABLE bench_place (id integer PRIMARY KEY, code varchar(12))")
        cursor.executemany("INSERT INTO bench_place VALUES (%s, %s)", list(enumerate(places)))
        cursor.execute("CREATE TEMPORARY TABLE bench_category (id integer PRIMARY KEY, category_id integer)")
        cursor.executemany("INSERT INTO bench_category VALUES (%s, %s)", [(n, c.pk) for n, c in enumerate(categories)])
        # n spreads over a year by its last digits (a ticket every ~30 s); 1 in 7 of the last three weeks' is open
        seconds = "((s.n * 7919) %% 31536000)" if vendor != "postgresql" else "((s.n::bigint * 7919) %% 31536000)"
        open_states = "CASE s.n %% 6 WHEN 0 THEN 'new' WHEN 1 THEN 'dispatched' WHEN 2 THEN 'handling' " \
            "WHEN 3 THEN 'replied' WHEN 4 THEN 'visiting' ELSE 'handling' END"  # fmt: skip
        if vendor == "postgresql":
            created = f"(%s::timestamptz - {seconds} * INTERVAL '1 second')"
            status = f"CASE WHEN {seconds} < 1814400 THEN {open_states} ELSE 'closed' END"
            closed = f"CASE WHEN {seconds} < 1814400 THEN NULL ELSE {created} + INTERVAL '5 days' END"
            due = f"({created})::date + 13"
            number = "'RB' || lpad((s.n)::text, 12, '0')"
            phone = f"'139' || lpad(((s.n * 7) %% {max(1, count // PHONES_EVERY)})::text, 8, '0')"
        else:
            created = f"strftime('%%Y-%%m-%%d %%H:%%M:%%f', %s, '-' || {seconds} || ' seconds')"
            status = f"CASE WHEN {seconds} < 1814400 THEN {open_states} ELSE 'closed' END"
            closed = f"CASE WHEN {seconds} < 1814400 THEN NULL ELSE strftime('%%Y-%%m-%%d %%H:%%M:%%f', %s, '-' || ({seconds} - 432000) || ' seconds') END"  # noqa: E501
            due = f"date(%s, '-' || {seconds} || ' seconds', '+13 days')"
            number = "'RB' || substr('000000000000' || s.n, -12, 12)"
            phone = f"'139' || substr('00000000' || ((s.n * 7) %% {max(1, count // PHONES_EVERY)}), -8, 8)"
        stamp = now.isoformat() if vendor == "postgresql" else now.strftime("%Y-%m-%d %H:%M:%S.%f")
        cursor.execute(  # built from numbers of this run only
            f"""
            INSERT INTO hotline_ticket (number, centre_id, channel, kind, urgency, caller_name, caller_phone,
                caller_id_number, division_id, address, content, content_words, category_id, status, resolution,
                not_taken, answer, article_id, satisfaction, reopen_count, due_on, taken_by_id, created_at, closed_at,
                merged_into_id, urge_count, citizen_id, source_ref)
            SELECT {number}, {centre.pk}, 'phone', 'complaint', 'normal', '来电人', {phone},
                '', p.code, '', t.content, t.words, c.category_id, {status}, '',
                '', '', NULL, '', 0, {due}, NULL, {created}, {closed}, NULL, 0, NULL, ''
            FROM {_series(vendor, count)}
            JOIN bench_text t ON t.id = (s.n * 31) %% {TEXTS}
            JOIN bench_place p ON p.id = (s.n * 17) %% {len(places)}
            JOIN bench_category c ON c.id = (s.n * 13) %% {CATEGORIES}
            """,  # noqa: S608
            [stamp] * 3,  # due_on, created_at and closed_at each count from it once
        )
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE hotline_ticket")
    elapsed = time.perf_counter() - started
    print(f"{count:,} tickets over {len(places)} places written in {elapsed:.1f} s")
    from digigov.hotline.models import Ticket

    recent = list(
        Ticket.objects.filter(created_at__gte=now - timezone.timedelta(days=6))
        .exclude(status="closed")
        .values_list("caller_phone", "division_id")[:2000]
    )
    client = Client()
    client.force_login(agent)
    return {
        "session": client.cookies["sessionid"].value,
        "centre": centre.pk,
        "places": places,
        "recent": recent,
        "categories": [c.code for c in categories],
        "build_s": elapsed,
    }


def measure_hotspot(centre_id: int) -> list[float]:
    import datetime as dt

    from django.utils import timezone

    from digigov.hotline.figures import hotspot_counts

    latencies = []
    first = timezone.localdate().replace(day=1)
    for rounds in range(5):
        start = first
        for _ in range(12):
            last_day = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            t0 = time.perf_counter()
            rows = hotspot_counts(centre_ids=[centre_id], month_start=start, month_end=last_day)
            latencies.append((time.perf_counter() - t0) * 1000)
            if rounds == 0 and start != first and not rows:
                raise SystemExit(f"self-check failed: no tickets counted in {start:%Y-%m}")
            start = (start - dt.timedelta(days=1)).replace(day=1)
    return latencies


def run(args, tmp: Path) -> None:
    os.environ.setdefault("BENCH_TABLE_ID", "0")  # the bench URLconf's direct view (bench/gateway.py) reads it
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, migrated in {time.perf_counter() - started:.1f} s")
    data = seed(args.tickets)
    vendor = connection.vendor
    hotspot = measure_hotspot(data["centre"])
    connection.close()

    env = {**os.environ, "BENCH_TABLE_ID": "0", "PYTHONPATH": f"{tmp}:{ROOT / 'src'}"}
    server, base = start_server(tmp, env, args.workers, ready_path="/api/v1/openapi.json")
    csrf = secrets.token_hex(16)
    cookies = {"sessionid": data["session"], "csrftoken": csrf}
    headers = {"X-CSRFToken": csrf, "Referer": base + "/"}
    rng = random.Random(5)

    def body(n: int) -> dict:
        if n % 2 == 0 and data["recent"]:  # a caller who called in the last week, about the same place
            phone, place = rng.choice(data["recent"])
        else:
            phone, place = f"137{rng.randint(0, 99_999_999):08d}", rng.choice(data["places"])
        return {
            "kind": "complaint",
            "caller_name": "基准来电人",
            "caller_phone": phone,
            "division_code": place,
            "content": sentence(rng),
            "category_code": rng.choice(data["categories"]),
            "channel": "phone",
        }

    intakes = [("POST", f"{base}/api/v1/hotline/tickets", body(n)) for n in range(args.requests + 20)]
    me = [("GET", f"{base}/api/v1/core/me", {})] * (args.requests + 20)
    failures = 0
    try:
        import requests

        probe = requests.post(
            f"{base}/api/v1/hotline/tickets", json=intakes[0][2], cookies=cookies, headers=headers, timeout=60
        )
        if probe.status_code != 201:
            raise SystemExit(f"self-check failed: intake answered {probe.status_code} {probe.text[:300]}")
        print(f"  a caller of last week calls again: {len(probe.json()['duplicates'])} duplicate(s) suggested")
        for warm in (intakes[1:20], me[:20]):
            _rps, _lat, bad = run_requests(warm, cookies, headers, 1)
            if bad:
                raise SystemExit(f"warm-up got {bad} failed answers")
        results = {}
        for name, batch in (("intake", intakes[20:]), ("baseline", me[20:])):
            _rps, latencies, bad = run_requests(batch, cookies, headers, 1)
            failures += bad
            results[name] = latencies
    finally:
        server.terminate()
        server.wait(timeout=30)

    figures = {name: (percentile(lat, 50), percentile(lat, 95)) for name, lat in results.items()}
    figures["hotspot"] = (percentile(hotspot, 50), percentile(hotspot, 95))
    print(f"{args.tickets:,} tickets ({vendor}), built in {data['build_s']:.1f} s")
    for name, (p50, p95) in figures.items():
        print(f"  {name:<9} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    met = failures == 0 and figures["intake"][1] <= GOAL_INTAKE_P95_MS and figures["hotspot"][1] <= GOAL_HOTSPOT_P95_MS
    print(
        f"  goals (intake p95 <= {GOAL_INTAKE_P95_MS} ms, hotspot p95 <= {GOAL_HOTSPOT_P95_MS} ms): "
        f"{'met' if met else 'NOT met'}; failed answers: {failures}"
    )
    print(
        json.dumps(
            {
                "database": vendor,
                "tickets": args.tickets,
                "build_s": round(data["build_s"], 1),
                "intake_p50_ms": round(figures["intake"][0], 2),
                "intake_p95_ms": round(figures["intake"][1], 2),
                "baseline_p50_ms": round(figures["baseline"][0], 2),
                "baseline_p95_ms": round(figures["baseline"][1], 2),
                "hotspot_p50_ms": round(figures["hotspot"][0], 2),
                "hotspot_p95_ms": round(figures["hotspot"][1], 2),
                "failures": failures,
                "goal_met": met,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tickets",
        type=int,
        default=int(os.environ.get("BENCH_TICKETS", "0")),
        help="default: 1,000,000 on PostgreSQL, 200,000 on SQLite (or BENCH_TICKETS)",
    )
    parser.add_argument("--requests", type=int, default=300, help="requests per kind, one at a time (default 300)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    args = parser.parse_args()
    if not args.tickets:
        args.tickets = 1_000_000 if os.environ.get("DATABASE_URL", "").startswith("postgres") else 200_000
    with bench_environment("digigov-hotline-bench-", SETTINGS) as tmp:
        run(args, tmp)


if __name__ == "__main__":
    main()

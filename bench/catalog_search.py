"""Benchmark catalogue keyword search (R1.1): ``catalog.search.resource_search`` against the bare full-text query.

Run from the repository root: ``python bench/catalog_search.py [--resources 100000] [--queries 200]``. For each
backend, in a child process of its own: SQLite (a temporary file, always) and PostgreSQL (a throwaway database
``bench_search`` on postgres://postgres@127.0.0.1:5432, or BENCH_POSTGRES_URL, when that server answers; dropped
afterwards). Each child migrates a fresh database, generates the resources in bulk (names composed from
division x department x subject x record-kind vocabularies, e.g. 武汉市市场监督管理局企业年报信息, with summaries
and 3-6 information items), builds the index with ``search.reindex_all()``, then runs the same Chinese queries of
1-3 words twice (a warm-up pass, then the timed pass):

- ours: ``resource_search(q, limit=20)``: jieba segmentation of the query, ranked page of 20 ids, the total
  number of matches, and the check that the page's resources still exist (no filters);
- published: the same with ``status="published"``, the back office's and the public catalogue's case (about 90% of
  the generated resources are published), for information: a filter makes every match be checked;
- raw: the query already segmented (outside the timing), the bare ranked top 20 on the same index from the
  driver's own cursor: ``SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, ...) LIMIT 20`` on SQLite,
  ``... WHERE document @@ q ORDER BY ts_rank(document, q) DESC LIMIT 20`` on PostgreSQL; no join, no count.

Latencies are wall milliseconds per query. The goal is p95 <= 50 ms for ours. The last line of output is exactly
one JSON object: resources, p95_ms_sqlite, p95_ms_postgres (null without PostgreSQL), raw_p95_ms_sqlite,
raw_p95_ms_postgres, plus p50s and indexing rates.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

GOAL_P95_MS = 50.0
PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "bench_search"

DIVISIONS = (  # noqa: SIM905
    "湖北省 武汉市 黄石市 十堰市 宜昌市 襄阳市 鄂州市 荆门市 孝感市 荆州市 黄冈市 咸宁市 随州市 "
    "恩施土家族苗族自治州 仙桃市 潜江市 天门市 神农架林区 江岸区 江汉区 硚口区 汉阳区 武昌区 洪山区 青山区 "
    "东西湖区 蔡甸区 江夏区 黄陂区 新洲区 夷陵区 西陵区 襄州区 樊城区 沙市区"
).split()
# (department, classification of its resources)
DEPARTMENTS = [
    ("公安局", "公安"), ("市场监督管理局", "市场监管"), ("民政局", "民政"),
    ("人力资源和社会保障局", "人力资源社会保障"),
    ("自然资源和规划局", "自然资源"), ("住房和城乡建设局", "住房城乡建设"), ("卫生健康委员会", "卫生健康"),
    ("教育局", "教育"), ("交通运输局", "交通运输"), ("生态环境局", "生态环境"), ("税务局", "税务"), ("财政局", "财政"),
    ("农业农村局", "农业农村"), ("水利和湖泊局", "水利"), ("应急管理局", "应急管理"), ("司法局", "司法行政"),
    ("文化和旅游局", "文化旅游"), ("医疗保障局", "医疗保障"), ("退役军人事务局", "退役军人事务"), ("统计局", "统计"),
    ("商务局", "商务"), ("发展和改革委员会", "发展改革"), ("经济和信息化局", "经济信息化"), ("林业局", "林业"),
    ("城市管理执法委员会", "城市管理"), ("审计局", "审计"), ("体育局", "体育"), ("行政审批局", "行政审批"),
    ("政务服务和大数据管理局", "政务服务"), ("残疾人联合会", "残疾人服务"),
]  # fmt: skip
SUBJECTS = (  # noqa: SIM905
    "企业年报 户籍人口 流动人口 营业执照 不动产登记 社会保险参保 婚姻登记 出生医学证明 死亡医学证明 "
    "医疗机构执业许可 建设工程规划许可 道路运输经营许可 排污许可 食品经营许可 药品经营许可 特种设备使用登记 "
    "行政处罚 行政许可 最低生活保障 残疾人证 退役军人优待 学生学籍 教师资格 执业医师注册 机动车登记 "
    "机动车驾驶证 出入境证件 税务登记 纳税信用等级 个体工商户登记 农民专业合作社 土地承包经营权 林权登记 "
    "取水许可 安全生产许可 公共信用 失信被执行人 法律援助 公证 养老服务机构 社会组织登记 殡葬服务 "
    "住房公积金缴存 商品房预售许可 建筑业企业资质 文物保护单位 旅行社经营许可 医保定点机构 医保缴费 就业登记 "
    "失业登记 职业技能等级证书 环境影响评价审批 危险废物经营许可 统计调查 政府采购 财政预算执行 国有资产 "
    "审计整改 公共体育场馆"
).split()
KINDS = (  # noqa: SIM905
    "信息 基础信息 登记信息 数据 台账 名录 统计数据 办件信息 电子证照 明细 汇总数据 变更信息 注销信息 年度报表"
).split()
ITEMS = (  # noqa: SIM905
    "统一社会信用代码 企业名称 法定代表人 公民身份号码 姓名 性别 民族 出生日期 户籍地址 现住址 登记日期 "
    "发证机关 证照编号 有效期起始日期 有效期截止日期 行政区划代码 联系电话 经营范围 注册资本 成立日期 "
    "不动产单元号 权利人 坐落 建筑面积 用途 许可证编号 许可事项 处罚决定书文号 违法事实 处罚金额 参保单位 "
    "缴费基数 缴费月份 车牌号码 车辆类型 准驾车型 学校名称 学籍号 执业地点 执业类别 救助金额 家庭人口数 "
    "批准文号 项目名称"
).split()
VERBS = ["负责汇集", "依法登记", "日常管理", "审批形成", "统计汇总", "业务办理中产生"]
USES = ["用于跨部门核验", "用于政务服务办理", "用于监管执法", "用于统计分析", "用于信用评价", "用于基层治理"]
CYCLES = ["实时", "每日", "每月", "每季度", "每年"]


def vocabulary_query(rng: random.Random) -> str:
    """A user's query of 1-3 words: what people type into a catalogue search box."""
    department = rng.choice(DEPARTMENTS)[0]
    pick = rng.random()
    if pick < 0.35:
        return rng.choice(SUBJECTS)
    if pick < 0.45:
        return rng.choice(ITEMS)
    if pick < 0.55:
        return department
    if pick < 0.75:
        return f"{rng.choice(DIVISIONS)} {rng.choice(SUBJECTS)}"
    if pick < 0.85:
        return f"{rng.choice(SUBJECTS)}{rng.choice(KINDS)}"
    return f"{rng.choice(DIVISIONS)} {department} {rng.choice(SUBJECTS)}"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def insert_rows(model, template: dict, rows: list[dict]) -> None:
    """INSERT `rows` (column -> value) into `model`'s table; other columns take `template`'s database values.

    What bulk_create does, with the per-row field preparation done once: it dominated the run time.
    """
    from django.db import connection

    instance = model(**template)
    base = {
        field.column: field.get_db_prep_save(field.pre_save(instance, True), connection)
        for field in model._meta.concrete_fields
    }
    columns = list(base)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [tuple({**base, **row}[column] for column in columns) for row in rows])


def generate(count: int, rng: random.Random) -> None:
    """Division, ~1,000 providers, one classification per department, `count` resources and their items."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from digigov.catalog.choices import (
        CatalogueCategory,
        ItemDataType,
        OpenType,
        ResourceFormat,
        ResourceStatus,
        ShareMethod,
        ShareType,
        UpdateCycle,
    )
    from digigov.catalog.models import Classification, InformationItem, Resource
    from digigov.core.choices import OrganisationKind
    from digigov.core.models import Division, Organisation

    with transaction.atomic():
        province = Division.objects.create(code="420000", name="湖北省", level="province")
        providers = Organisation.objects.bulk_create(
            Organisation(name=f"{division}{department}", kind=OrganisationKind.DEPARTMENT, division=province)
            for division in DIVISIONS
            for department, _topic in DEPARTMENTS
        )
        classes = Classification.objects.bulk_create(
            Classification(code=f"3{n:02d}", name=f"{topic}信息资源", level=2, category=CatalogueCategory.DEPARTMENT)
            for n, (_department, topic) in enumerate(DEPARTMENTS, start=1)
        )
        choices = [list(c.values) for c in (ResourceFormat, ShareType, ShareMethod, OpenType, UpdateCycle)]
        template = {
            "code": "-", "name": "-", "summary": "-", "provider": providers[0], "classification": classes[0],
            "format": ResourceFormat.DATABASE, "share_type": ShareType.UNCONDITIONAL, "share_method": ShareMethod.API,
            "open_type": OpenType.NOT_OPEN, "update_cycle": UpdateCycle.DAILY, "version": 1,
        }  # fmt: skip
        item_template = {"resource_id": 1, "name": "-", "identifier": "-", "data_type": ItemDataType.CHAR}
        batch, item_id = 10_000, 0
        for start in range(0, count, batch):
            resources, items = [], []
            for n in range(start, min(count, start + batch)):
                p = rng.randrange(len(providers))
                provider, classification = providers[p], classes[p % len(DEPARTMENTS)]
                subject, kind = rng.choice(SUBJECTS), rng.choice(KINDS)
                fmt, share, method, open_type, cycle = (rng.choice(values) for values in choices)
                resources.append(
                    {
                        "id": n + 1,
                        "code": f"{classification.code}/{n + 1:07d}",
                        "classification_id": classification.pk,
                        "name": f"{provider.name}{subject}{kind}",
                        "provider_id": provider.pk,
                        "summary": f"{provider.name}{rng.choice(VERBS)}的{subject}{kind}，{rng.choice(CYCLES)}更新，"
                        f"{rng.choice(USES)}。",
                        "format": fmt,
                        "share_type": share,
                        "share_method": method,
                        "open_type": open_type,
                        "update_cycle": cycle,
                        "status": ResourceStatus.PUBLISHED if rng.random() < 0.9 else ResourceStatus.DRAFT,
                    }
                )
                for position, name in enumerate(rng.sample(ITEMS, rng.randint(3, 6))):
                    item_id += 1
                    items.append(
                        {"id": item_id, "resource_id": n + 1, "position": position, "name": name,
                         "identifier": f"f{position}"}
                    )  # fmt: skip
            insert_rows(Resource, template, resources)
            insert_rows(InformationItem, item_template, items)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Resource, InformationItem]):
                cursor.execute(sql)


def raw_runner(index):
    """A function running the bare ranked full-text query on `index` (a core.fulltext.FulltextIndex) for already
    segmented terms, on the driver's cursor."""
    from django.db import connection

    connection.ensure_connection()
    cursor = connection.connection.cursor()
    table = index.table
    if connection.vendor == "sqlite":
        weights = ", ".join(str(weight) for _name, weight, _class in index.columns)
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY bm25({table}, {weights}) LIMIT 20"  # noqa: S608

        def run(terms):
            cursor.execute(sql, [" AND ".join(f'"{term}"' for term in terms)])
            return cursor.fetchall()

    else:
        sql = (
            f"SELECT {index.key} FROM {table}, to_tsquery('simple', %s) AS q WHERE document @@ q "  # noqa: S608
            "ORDER BY ts_rank(document, q) DESC LIMIT 20"
        )

        def run(terms):
            cursor.execute(sql, [" & ".join(terms)])
            return cursor.fetchall()

    return run


def child(backend: str, resources: int, queries: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from digigov.catalog import search
    from digigov.core import fulltext

    rng = random.Random(20261123)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)  # every app: a partial migrate left contenttypes half-made
    print(f"[{backend}] migrated in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    generate(resources, rng)
    print(f"[{backend}] generated {resources:,} resources in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    indexed = search.reindex_all()
    index_s = time.perf_counter() - started
    print(f"[{backend}] reindex_all: {indexed:,} resources in {index_s:.1f} s ({indexed / index_s:,.0f}/s)", flush=True)

    texts = [vocabulary_query(rng) for _ in range(queries)]
    terms = [search.query_terms(q) for q in texts]
    raw = raw_runner(search.INDEX)
    ours_ms, raw_ms, filtered_ms, totals = [], [], [], []
    for timed in (False, True):  # a warm-up pass, then the measured one
        fulltext._block_spans.cache_clear()  # each timed query segments its text afresh
        for q, segmented in zip(texts, terms, strict=True):
            t0 = time.perf_counter()
            _ids, total = search.resource_search(q, limit=20)
            t1 = time.perf_counter()
            raw(segmented)
            t2 = time.perf_counter()
            search.resource_search(q, limit=20, status="published")
            t3 = time.perf_counter()
            if timed:
                ours_ms.append((t1 - t0) * 1000)
                raw_ms.append((t2 - t1) * 1000)
                filtered_ms.append((t3 - t2) * 1000)
                totals.append(total)
    worst = max(range(queries), key=ours_ms.__getitem__)
    print(
        f"[{backend}] {queries} queries, matches per query median {statistics.median(totals):,.0f}, "
        f"max {max(totals):,}; slowest: {texts[worst]!r} {ours_ms[worst]:.1f} ms ({totals[worst]:,} matches)"
    )
    result = {
        "backend": connection.vendor,
        "p50_ms": round(percentile(ours_ms, 50), 2),
        "p95_ms": round(percentile(ours_ms, 95), 2),
        "raw_p50_ms": round(percentile(raw_ms, 50), 2),
        "raw_p95_ms": round(percentile(raw_ms, 95), 2),
        "published_p50_ms": round(percentile(filtered_ms, 50), 2),
        "published_p95_ms": round(percentile(filtered_ms, 95), 2),
        "index_per_s": round(indexed / index_s),
        "median_matches": statistics.median(totals),
    }
    print(
        f"[{backend}] resource_search p50 {result['p50_ms']} ms p95 {result['p95_ms']} ms; "
        f"raw MATCH p50 {result['raw_p50_ms']} ms p95 {result['raw_p95_ms']} ms; "
        f"status=published p50 {result['published_p50_ms']} ms p95 {result['published_p95_ms']} ms"
    )
    print(json.dumps(result), flush=True)


def postgres_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001  any failure means "no PostgreSQL here"
        return False


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(sql)


def run_child(script: str, backend: str, url: str, child_args: list[str]) -> dict:
    """`script --child backend *child_args` on the database `url`, its output shown; its last line's JSON."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "digigov.conf.test"}
    command = [sys.executable, script, "--child", backend, *child_args]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
    last = ""
    for line in proc.stdout:
        print(line, end="", flush=True)
        last = line
    if proc.wait() != 0:
        raise SystemExit(f"{backend} benchmark failed")
    return json.loads(last)


def each_backend(script: str, child_args: list[str], pg_database: str) -> dict[str, dict | None]:
    """A search bench's child on SQLite (a temporary file) and, when it answers, on PostgreSQL (a throwaway database
    `pg_database`, dropped afterwards): {"sqlite": result, "postgres": result or None}."""
    results: dict[str, dict | None] = {"sqlite": None, "postgres": None}
    with tempfile.TemporaryDirectory(prefix="digigov-search-bench-") as tmp:
        results["sqlite"] = run_child(script, "sqlite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", child_args)
    if postgres_answers():
        pg_admin(f'DROP DATABASE IF EXISTS "{pg_database}" WITH (FORCE)')
        pg_admin(f'CREATE DATABASE "{pg_database}"')
        try:
            url = urlunsplit(urlsplit(PG_SERVER)._replace(path=f"/{pg_database}"))
            results["postgres"] = run_child(script, "postgres", url, child_args)
        finally:
            pg_admin(f'DROP DATABASE IF EXISTS "{pg_database}" WITH (FORCE)')
    else:
        print(f"PostgreSQL at {PG_SERVER} does not answer: SQLite only")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.resources, args.queries)
        return

    results = each_backend(__file__, ["--resources", str(args.resources), "--queries", str(args.queries)], PG_DATABASE)

    def figure(backend: str, key: str):
        return results[backend][key] if results[backend] else None

    p95s = [r["p95_ms"] for r in results.values() if r]
    print(f"goal p95 <= {GOAL_P95_MS:.0f} ms: {'met' if max(p95s) <= GOAL_P95_MS else 'NOT met'}")
    summary = {"resources": args.resources, "queries": args.queries}
    for backend in ("sqlite", "postgres"):
        for key in ("p50_ms", "p95_ms", "raw_p50_ms", "raw_p95_ms", "published_p95_ms", "index_per_s"):
            summary[f"{key}_{backend}"] = figure(backend, key)
    summary["goal_p95_ms"] = GOAL_P95_MS
    summary["meets_goal"] = max(p95s) <= GOAL_P95_MS
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

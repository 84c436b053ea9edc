"""Benchmark electronic licences (issue #12): issue-and-seal, verification beside ``openssl speed sm2``, and a
holder's wallet list at scale.

Run from the repository root: ``python bench/licences.py [--licences N] [--issues 20] [--seconds 3]``. By default
200,000 licences on SQLite (a temporary file) and, with DATABASE_URL=postgres://.../name, 2,000,000 licences in a
temporary database ``<name>_bench_<pid>`` on that server, dropped afterwards.

- issue_per_s: licences issued one at a time through the issuing service and their documents made at once
  (`documents.produce`): validation, the GB/T 36904 identifier, the seal's SES_Signature over the data and its plain
  signature over the QR text, the sealed PDF (WeasyPrint + the signature dictionary) and the sealed OFD.
- verify_per_s: a licence verified by its identifier, as a counter or a department's system asks
  (`file_verify.verify_record`, the use record left out): the version and its licence's standing in one indexed
  query, the seal's SES_Signature over the licence data rebuilt from its stored compact form (TBS_Sign carries the
  SESeal with its picture, ~6 KB), the seal's certificate and SESeal checked (cached per seal), SM3 of the data
  and of TBS_Sign, the SM2 verification, the seal's status (one query) and the verdict. `signature_per_s`: the
  signature part alone (`signing.api.verify_compact_seal_signature`); `verify_recorded_per_s` with the use record
  and its ledger entry written; `verify_pdf_per_s` an uploaded PDF licence (`file_verify.verify_file`: the file's
  checks, the signature dictionary read, then the same). All per CPU second of this process, as
  ``openssl speed`` counts (its operations over user CPU time); the OpenSSL figures come from
  ``openssl speed -seconds N sm2`` in the same run. Goal: verify_per_s >= 0.5 x OpenSSL's verify/s.
- holder_list: ``GET /api/v1/licenses/wallet/licences`` as a signed-in citizen through gunicorn, one request at a
  time, the licences written in bulk by SQL (about five a holder, twelve types); baseline ``GET /api/v1/core/me``
  with the same session in the same run. Goal on PostgreSQL at 2,000,000: p95 <= 20 ms.

The last line of output is exactly one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import _series  # noqa: E402
from gateway import SETTINGS, bench_environment, percentile, start_server  # noqa: E402
from sm2 import openssl_speed, rate  # noqa: E402
from workflow import run_requests  # noqa: E402

GOAL_VERIFY_RATIO, GOAL_LIST_P95_MS = 0.5, 20.0
TYPES = 12
HOLDER_ID = "420102198503121238"  # the signed-in citizen's (GB 11643 check digit holds)


def seed_world():
    from digigov.core.choices import Role
    from digigov.core.tests.factories import OrganisationFactory, staff
    from digigov.licenses.choices import HolderKind
    from digigov.licenses.services import types
    from digigov.licenses.tests.factories import platform_admin
    from digigov.signing.tests.factories import operator_org
    from digigov.signing.tests.factories import seal as make_seal

    operator_org()
    admin = platform_admin()
    department = OrganisationFactory()
    make_seal(department)
    handler = staff(Role.HANDLER, department)
    made = [
        types.licence_type_save(
            actor=admin,
            issuer=department,
            name=f"基准证照{n + 1}",
            holder_kind=HolderKind.PERSON,
            items=[{"key": "grade", "label": "等级", "kind": "text", "required": True}],
            validity_years=10,
            appearance={"title": f"基准证照{n + 1}", "colour": "#1f4e9c", "layout": "certificate"},
        )
        for n in range(TYPES)
    ]
    return department, handler, made


def measure_issue(handler, licence_type, count: int) -> float:
    import datetime as dt

    from django.utils import timezone

    from digigov.licenses.choices import IssueSource
    from digigov.licenses.services import documents, issuance

    today = timezone.localdate()
    started = time.perf_counter()
    for n in range(count):
        licence = issuance.issue(
            actor=handler,
            licence_type=licence_type,
            holder_name="张伟",
            holder_code=HOLDER_ID,
            number=f"BENCH{n:08d}",
            issued_on=today - dt.timedelta(days=n),
            valid_from=today - dt.timedelta(days=n),
            data={"grade": "一级"},
            source=IssueSource.HAND,
        )
        documents.produce(licence.versions.get())
    return count / (time.perf_counter() - started)


def measure_verify(identifier: str, seconds: float) -> dict[str, float]:
    """Verifications per CPU second: whole (verify_record), the signature alone, with the use recorded, a PDF."""
    from digigov.licenses import snapshot
    from digigov.licenses.file_verify import verify_file, verify_record
    from digigov.licenses.models import LicenceVersion
    from digigov.licenses.services.documents import pdf_of
    from digigov.signing import api as signing

    verdict = verify_record(identifier, record=False)
    if not verdict.ok:
        raise SystemExit(f"self-check failed: the issued licence does not verify: {verdict.verdict}")
    version = LicenceVersion.objects.get(identifier=identifier)
    data, compact, pdf = snapshot.canonical(version.snapshot), bytes(version.signature), pdf_of(version)
    if not verify_file(pdf).ok:
        raise SystemExit("self-check failed: the licence's PDF does not verify")

    def signature_check():
        if not signing.verify_compact_seal_signature(compact, data).ok:
            raise SystemExit("self-check failed: the signature does not verify")

    return {
        "verify": rate(lambda: verify_record(identifier, record=False), seconds)[0],
        "signature": rate(signature_check, seconds)[0],
        "recorded": rate(lambda: verify_record(identifier), max(1.0, seconds / 3))[0],
        "pdf": rate(lambda: verify_file(pdf), max(1.0, seconds / 3))[0],
    }


def seed_licences(count: int, licence_types, department) -> None:
    from django.db import connection, transaction

    vendor = connection.vendor
    first_type = licence_types[0].pk
    if [t.pk for t in licence_types] != list(range(first_type, first_type + TYPES)):
        raise SystemExit("the licence types' ids are not consecutive; the bulk insert spreads licences by id")
    holders = max(1, count // 5)
    if vendor == "postgresql":
        code = f"CASE WHEN s.n / 5 = 1 THEN '{HOLDER_ID}' ELSE '4201' || lpad((s.n / 5)::text, 13, '0') || 'X' END"
        number = "'B' || lpad((s.n)::text, 12, '0')"
        issued = "(DATE '2026-01-01' - (s.n %% 3650))"
        ident = "'1.2.156.3005.2.bench.' || s.n"
        data = """'{"grade": "一级"}'::jsonb"""
    else:
        padded = "substr('0000000000000' || (s.n / 5), -13, 13)"
        code = f"CASE WHEN s.n / 5 = 1 THEN '{HOLDER_ID}' ELSE '4201' || {padded} || 'X' END"
        number = "'B' || substr('000000000000' || s.n, -12, 12)"
        issued = "date('2026-01-01', '-' || (s.n %% 3650) || ' days')"
        ident = "'1.2.156.3005.2.bench.' || s.n"
        data = """'{"grade": "一级"}'"""
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(  # built from numbers of this run only
            f"""
            INSERT INTO licenses_licence (identifier, serial, licence_type_id, number, holder_kind, holder_name,
                holder_code, issuer_id, issued_on, valid_from, valid_until, data, status, status_reason,
                status_changed_at, version, source, source_ref, trust_grade, created_at, updated_at)
            SELECT {ident}, 'BENCH', {first_type} + (s.n %% {TYPES}), {number}, 'person', '持证人',
                {code}, %s, {issued}, {issued}, NULL, {data}, 'valid', '', NULL, 1, 'batch', 'bench', 'A', %s, %s
            FROM {_series(vendor, count)}
            """,  # noqa: S608
            [department.pk, "2026-01-01 00:00:00+00:00", "2026-01-01 00:00:00+00:00"],
        )
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE licenses_licence")
    print(f"{count:,} licences of {holders:,} holders written in {time.perf_counter() - started:.1f} s")


def run(args, tmp: Path) -> None:
    os.environ.setdefault("BENCH_TABLE_ID", "0")  # the bench URLconf's direct view (bench/gateway.py) reads it
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from digigov.identity import api as identity

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, migrated in {time.perf_counter() - started:.1f} s")
    department, handler, licence_types = seed_world()

    issue_per_s = measure_issue(handler, licence_types[0], args.issues)
    from digigov.licenses.models import Licence

    seed_licences(args.licences, licence_types, department)  # verified among them: the store at its full size

    sample = Licence.objects.filter(holder_code=HOLDER_ID).order_by("pk").first()
    best = dict.fromkeys(("verify", "signature", "recorded", "pdf"), 0.0)
    o_sign = o_verify = 0.0
    for n in range(max(1, args.rounds)):  # interleaved, the best of each side kept (as bench/sm2.py)
        got = measure_verify(sample.identifier, args.seconds)
        s, ov = openssl_speed(args.seconds)
        print(
            f"round {n + 1}: verify {got['verify']:.1f}/s (signature alone {got['signature']:.1f}/s, recorded "
            f"{got['recorded']:.1f}/s, PDF {got['pdf']:.1f}/s)  openssl sign {s:.1f}/s verify {ov:.1f}/s"
        )
        best = {key: max(best[key], got[key]) for key in best}
        o_sign, o_verify = max(o_sign, s), max(o_verify, ov)
    verify_per_s = best["verify"]

    citizen = identity.citizen_register(
        username="bench.citizen",
        password=secrets.token_urlsafe(16),
        real_name="张伟",
        id_number=HOLDER_ID,
        phone="13800000000",
    )
    client = Client()
    client.force_login(getattr(citizen, "user", citizen))  # the service returns the citizen's profile
    session = client.cookies["sessionid"].value
    held = Licence.objects.filter(holder_code=HOLDER_ID).count()
    vendor = connection.vendor
    connection.close()

    env = {**os.environ, "BENCH_TABLE_ID": "0", "PYTHONPATH": f"{tmp}:{ROOT / 'src'}"}
    server, base = start_server(tmp, env, args.workers, ready_path="/api/v1/openapi.json")
    csrf = secrets.token_hex(16)
    cookies = {"sessionid": session, "csrftoken": csrf}
    headers = {"X-CSRFToken": csrf, "Referer": base + "/"}
    lists = [("GET", f"{base}/api/v1/licenses/wallet/licences", {})] * args.requests
    me = [("GET", f"{base}/api/v1/core/me", {})] * args.requests
    failures = 0
    try:
        for warm in (lists[:20], me[:20]):
            _rps, _lat, bad = run_requests(warm, cookies, headers, 1)
            if bad:
                raise SystemExit(f"warm-up got {bad} failed answers")
        results = {}
        for name, batch in (("list", lists), ("baseline", me)):
            _rps, latencies, bad = run_requests(batch, cookies, headers, 1)
            failures += bad
            results[name] = latencies
    finally:
        server.terminate()
        server.wait(timeout=30)

    figures = {name: (percentile(lat, 50), percentile(lat, 95)) for name, lat in results.items()}
    ratio = verify_per_s / o_verify if o_verify else 0.0
    total = args.licences + args.issues
    print(f"issue and seal (PDF + OFD + signatures): {issue_per_s:.2f}/s")
    print(
        f"verify: {verify_per_s:.1f}/s (x{ratio:.3f} openssl), signature alone {best['signature']:.1f}/s, with the use "
        f"recorded {best['recorded']:.1f}/s, a PDF {best['pdf']:.1f}/s; openssl verify {o_verify:.1f}/s"
    )
    print(f"{total:,} licences; the holder's list ({held} licences):")
    for name, (p50, p95) in figures.items():
        print(f"  {name:<9} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    met = failures == 0 and ratio >= GOAL_VERIFY_RATIO and figures["list"][1] <= GOAL_LIST_P95_MS
    print(
        f"  goals (verify >= {GOAL_VERIFY_RATIO} x openssl, list p95 <= {GOAL_LIST_P95_MS} ms): "
        f"{'met' if met else 'NOT met'}; failed answers: {failures}"
    )
    print(
        json.dumps(
            {
                "database": vendor,
                "issue_per_s": round(issue_per_s, 2),
                "verify_per_s": round(verify_per_s, 1),
                "signature_per_s": round(best["signature"], 1),
                "verify_recorded_per_s": round(best["recorded"], 1),
                "verify_pdf_per_s": round(best["pdf"], 1),
                "openssl_sign_per_s": o_sign,
                "openssl_verify_per_s": o_verify,
                "verify_ratio": round(ratio, 3),
                "licences": total,
                "holder_list_p50_ms": round(figures["list"][0], 2),
                "holder_list_p95_ms": round(figures["list"][1], 2),
                "baseline_p50_ms": round(figures["baseline"][0], 2),
                "baseline_p95_ms": round(figures["baseline"][1], 2),
                "failures": failures,
                "goal_met": met,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--licences", type=int, default=0, help="default: 2,000,000 on PostgreSQL, 200,000 on SQLite")
    parser.add_argument("--issues", type=int, default=20, help="licences issued one by one with documents (default 20)")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per verify measurement (default 3)")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved verify/openssl rounds, best kept")
    parser.add_argument("--requests", type=int, default=300, help="list requests, one at a time (default 300)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    args = parser.parse_args()
    if not args.licences:
        args.licences = 2_000_000 if os.environ.get("DATABASE_URL", "").startswith("postgres") else 200_000
    with bench_environment("digigov-licences-bench-", SETTINGS) as tmp:
        run(args, tmp)


if __name__ == "__main__":
    main()

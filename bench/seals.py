"""Benchmark verifying an electronic-seal signature (GB/T 38540 SES_Signature, R7.1) against ``openssl speed sm2``.

Run from the repository root: ``python bench/seals.py [--seconds 3] [--rounds 3]``. It migrates every app into
a fresh temporary SQLite database (or, with DATABASE_URL=postgres://.../name, a temporary database
``<name>_bench_<pid>`` on that server, dropped afterwards), makes the platform operator, a department and its
电子证照专用章, seals a 2 KB document once, then times in the same run:

- ``verify_seal_signature(der, data)``: the whole check a verifier makes (parse the DER, SM2 over TBS_Sign with
  the certificate inside, SM3 of the data, the seal's status from one small query; keys and the seal maker's
  check cached);
- the bare SM2 verify of the same TBS_Sign with the same key (ctypes over libcrypto);
- ``openssl speed -seconds N sm2`` verify/s.

Rates are per second of this process's CPU time, as ``openssl speed`` counts (on PostgreSQL the server's share is
not counted: the wall-clock rate is printed too). Best of the interleaved rounds. Goal: verify ≥ 0.7 × OpenSSL.
The last line of output is exactly one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger import drop_database, temporary_database  # noqa: E402
from sm2 import openssl_speed, rate  # noqa: E402

GOAL_RATIO = 0.7


def setup_seal():
    from django.core.management import call_command
    from django.db import transaction

    from digigov.core.choices import OrganisationKind, Role
    from digigov.core.models import Division, Membership, Organisation
    from digigov.signing import api, seals

    call_command("migrate", verbosity=0)
    division = Division.objects.create(code="420102", name="江岸区", level="county")
    operator = Organisation.objects.create(
        name="省大数据中心",
        kind=OrganisationKind.INSTITUTION,
        uscc="12420000MB0000001X",
        division=division,
        is_platform_operator=True,
    )
    department = Organisation.objects.create(
        name="武汉市江岸区市场监督管理局",
        kind=OrganisationKind.DEPARTMENT,
        uscc="11420102MB0000002X",
        division=division,
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create(username="bench.handler")
    Membership.objects.create(user=user, organisation=department, role=Role.HANDLER)
    del operator
    with transaction.atomic():
        seal = seals.seal_bootstrap(organisation=department, kind="business", use_text="电子证照专用章")
    data = ("营业执照 " * 200).encode()[:2048]
    signed = api.seal_sign(actor=user, seal=seal, data=data, purpose="bench")
    return signed, data


def run(seconds: float, rounds: int) -> dict:
    import django

    django.setup()
    from django.db import connection

    from digigov.signing import api, certs, sm2

    signed, data = setup_seal()
    verdict = api.verify_seal_signature(signed.der, data)
    if not verdict.ok:
        raise SystemExit(f"self-check failed: {verdict.verdict}")
    seal = api.seal_by_code(signed.seal_code)
    key = certs.public_key(certs.from_pem(seal.certificate_pem))
    print(f"database: {connection.vendor}; SES_Signature {len(signed.der)} bytes, data {len(data)} bytes")
    ours = wall = bare = o_verify = 0.0
    for n in range(max(1, rounds)):
        v, w = rate(lambda: api.verify_seal_signature(signed.der, data), seconds)
        b, _ = rate(lambda: key.verify(signed.signature_value, signed.to_sign_der, id=sm2.DEFAULT_ID), seconds)
        _, ov = openssl_speed(seconds)
        print(
            f"round {n + 1}: verify_seal_signature {v:.1f}/s (wall {w:.1f}/s)  bare SM2 {b:.1f}/s  openssl {ov:.1f}/s"
        )
        ours, wall, bare, o_verify = max(ours, v), max(wall, w), max(bare, b), max(o_verify, ov)
    return {
        "seal_verify_per_s": round(ours, 1),
        "seal_verify_wall_per_s": round(wall, 1),
        "bare_sm2_verify_per_s": round(bare, 1),
        "openssl_verify_per_s": o_verify,
        "verify_ratio": round(ours / o_verify, 3),
        "goal_ratio": GOAL_RATIO,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="digigov-seals-bench-") as tmp:
        url, pg_name = temporary_database(Path(tmp))
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = "digigov.conf.test"
        try:
            result = run(args.seconds, args.rounds)
        finally:
            from django.db import connection

            connection.close()
            if pg_name:
                drop_database(pg_name)
    print(json.dumps(result))


if __name__ == "__main__":
    started = time.perf_counter()
    main()

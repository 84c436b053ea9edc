"""The newest benchmarks of bench/ run end to end at a tiny size, on the database of the run, and end with their
JSON line. Their figures are judged by running them at full size (`make bench`), not here; this catches a bench
the code has left behind (a new NOT NULL column once broke bench/hotline.py's bulk insert on PostgreSQL, and no
one knew until it was run)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench"

TINY = {
    "licences.py": (
        ["--licences", "100", "--issues", "1", "--requests", "5", "--seconds", "0.2", "--rounds", "1"],
        {
            "issue_per_s",
            "verify_per_s",
            "openssl_sign_per_s",
            "openssl_verify_per_s",
            "verify_ratio",
            "licences",
            "holder_list_p95_ms",
        },  # the keys issue #12 asks for
    ),
    "hotline.py": (
        ["--tickets", "4000", "--requests", "5"],  # 4,000 tickets reach back a year: every month has some
        {"tickets", "intake_p95_ms", "baseline_p95_ms", "hotspot_p95_ms"},
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("bench", sorted(TINY))
def test_a_benchmark_runs_at_a_tiny_size_and_ends_with_its_json_line(bench):
    arguments, keys = TINY[bench]
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}  # the bench's own
    done = subprocess.run(
        [sys.executable, str(BENCH / bench), *arguments], capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert keys <= figures.keys(), keys - figures.keys()
    assert figures["failures"] == 0
    on_postgresql = os.environ.get("DATABASE_URL", "").startswith("postgres")
    assert figures["database"] == ("postgresql" if on_postgresql else "sqlite")

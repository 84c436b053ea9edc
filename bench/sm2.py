"""Benchmark digigov.signing.sm2 (ctypes over libcrypto) against ``openssl speed sm2``.

Run: ``python bench/sm2.py [--seconds 2] [--rounds 3]``. Measures sign/s and verify/s in one thread
(one core) on a fixed 32-byte message, then runs ``openssl speed -seconds N sm2`` in the same run.
``openssl speed`` divides its operation count by the process's user CPU time (unless ``-elapsed``), so
our rates are likewise operations per second of this process's CPU time (``time.process_time``, user
plus system, i.e. slightly conservative); wall-clock rates are printed for information. The rounds
are interleaved and the best figure of each side is kept, which damps noise on shared machines.
The last line of output is exactly one JSON object:
sign_per_s, verify_per_s, openssl_sign_per_s, openssl_verify_per_s, sign_ratio, verify_ratio.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from digigov.signing import sm2  # noqa: E402

MESSAGE = b"digigov R0.5 SM2 bench message!!"  # 32 bytes


def rate(func, seconds: float) -> tuple[float, float]:
    """(calls per CPU second, calls per wall second) of ``func`` over about ``seconds`` of wall time."""
    for _ in range(20):
        func()
    count, start, cpu_start = 0, time.perf_counter(), time.process_time()
    deadline = start + seconds
    while True:
        for _ in range(10):
            func()
        count += 10
        now = time.perf_counter()
        if now >= deadline:
            return count / (time.process_time() - cpu_start), count / (now - start)


def ours(seconds: float) -> tuple[tuple[float, float], tuple[float, float]]:
    key = sm2.generate_private_key()
    pub = key.public_key()
    signature = key.sign(MESSAGE)
    if not pub.verify(signature, MESSAGE):
        raise SystemExit("self-check failed: our own signature does not verify")
    return rate(lambda: key.sign(MESSAGE), seconds), rate(lambda: pub.verify(signature, MESSAGE), seconds)


def openssl_speed(seconds: float) -> tuple[float, float]:
    """Run ``openssl speed`` for SM2 and parse the ``... SM2 (CurveSM2) ... sign/s verify/s`` line."""
    exe = shutil.which("openssl")
    if exe is None:
        raise SystemExit("openssl CLI not found")
    # OpenSSL 3.0 accepts the plain ``sm2`` algorithm; ``-evp sm2`` is not a valid spelling there.
    proc = subprocess.run(
        [exe, "speed", "-seconds", str(max(1, round(seconds))), "sm2"], capture_output=True, text=True, check=True
    )
    for line in proc.stdout.splitlines():
        match = re.search(r"SM2\b.*?\s([\d.]+)\s+([\d.]+)\s*$", line)
        if match and "bits" in line:
            return float(match.group(1)), float(match.group(2))
    raise SystemExit(f"could not parse `openssl speed sm2` output:\n{proc.stdout}\n{proc.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per measurement (default 2)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds, best kept (default 3)")
    args = parser.parse_args()

    version = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()
    print(f"libcrypto via ctypes; CLI: {version}; PEM cipher: {sm2.PEM_CIPHER}")
    sign = verify = o_sign = o_verify = wall_sign = wall_verify = 0.0
    for n in range(max(1, args.rounds)):
        (s, ws), (v, wv) = ours(args.seconds)
        os_, ov = openssl_speed(args.seconds)
        print(
            f"round {n + 1}: ours {s:.1f}/{v:.1f} (wall {ws:.1f}/{wv:.1f})  "
            f"openssl {os_:.1f}/{ov:.1f}  [sign/s / verify/s]"
        )
        sign, verify, o_sign, o_verify = max(sign, s), max(verify, v), max(o_sign, os_), max(o_verify, ov)
        wall_sign, wall_verify = max(wall_sign, ws), max(wall_verify, wv)

    result = {
        "sign_per_s": round(sign, 1),
        "verify_per_s": round(verify, 1),
        "openssl_sign_per_s": o_sign,
        "openssl_verify_per_s": o_verify,
        "sign_ratio": round(sign / o_sign, 3),
        "verify_ratio": round(verify / o_verify, 3),
    }
    print()
    print(f"{'':24}{'sign/s':>12}{'verify/s':>12}")
    print(f"{'digigov sm2 (ctypes)':24}{sign:>12.1f}{verify:>12.1f}")
    print(f"{'  (wall-clock)':24}{wall_sign:>12.1f}{wall_verify:>12.1f}")
    print(f"{'openssl speed sm2':24}{o_sign:>12.1f}{o_verify:>12.1f}")
    print(f"{'ratio ours/openssl':24}{result['sign_ratio']:>12.3f}{result['verify_ratio']:>12.3f}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark serving the sites' published pages (issue #10 item 11): nginx on the static files, the platform, and a
minimal Django view, at the same concurrency; and the time from a publication to its files.

Run from the repository root: ``python bench/site_pages.py [--items 1500] [--sample 1000] [--concurrency 20]``.
Installs Debian's nginx when it is missing (as the browser tests install chromium). In a temporary directory and
database (SQLite, or a temporary database on the server DATABASE_URL names), it opens three sites through
``site_create``, generates ``--items`` published library items with the demo's text generator placed in their
columns (bench/site_search.py), writes every site's static files with ``static_publish.rebuild_site``, and samples
``--sample`` addresses among the item pages and column listing pages. Then:

- mismatches: each sampled file against the application's own answer over HTTP (gunicorn, the render header that
  bypasses the files): the bytes must be identical;
- throughput, in ``--rounds`` interleaved rounds, each side fetching the same sampled addresses (Host header per
  site) with ``--concurrency`` threads: (a) nginx serving the files (``root <sites>/$host; try_files``), the ceiling;
  (b) the platform as deployed: gunicorn (``--workers`` sync workers, production middleware), which answers a
  published address from its file (``websites.middleware.StaticPagesMiddleware``); (c) a minimal Django view on the
  same gunicorn returning a page of the sample's median size, the floor of what the application can do. Best round
  of each; the load generator is Python (requests), so (a) is bounded by the client as much as by nginx;
- publish to static: ``--publishes`` draft items placed in the portal's news column are published, then withdrawn,
  in this process (Wagtail's publish, the receivers, the refresh after commit); the time from the call until the
  item's file holds the new page (or is gone) is measured, p95 over all of them.

Goals: 0 mismatches, platform_rps >= 0.8 x minimal_view_rps, publish_to_static_p95_ms <= 1000. The last line of
output is exactly one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from gateway import bench_environment, free_port, load, percentile, start_server  # noqa: E402

GOAL_RATIO, GOAL_PUBLISH_P95_MS = 0.8, 1000.0
SETTINGS = """
from digigov.conf.test import *  # noqa
import os
DEBUG = False
ROOT_URLCONF = "bench_urls"
ALLOWED_HOSTS = ["*"]
DIGIGOV_STATIC_SITES_ROOT = os.environ["BENCH_SITES_ROOT"]
"""
URLS = """
import os
from pathlib import Path
from django.http import HttpResponse
from django.urls import include, path

PAGE = Path(os.environ["BENCH_MINIMAL_PAGE"]).read_bytes()

def minimal(request):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")

urlpatterns = [path("bench/minimal/", minimal), path("", include("digigov.urls"))]
"""
NGINX = """
worker_processes 2;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path {tmp}/nginx-body;
  proxy_temp_path {tmp}/nginx-proxy;
  fastcgi_temp_path {tmp}/nginx-fastcgi;
  uwsgi_temp_path {tmp}/nginx-uwsgi;
  scgi_temp_path {tmp}/nginx-scgi;
  server {{
    listen 127.0.0.1:{port} default_server;
    root {sites}/$host;
    location / {{ try_files $uri $uri/index.html =404; }}
  }}
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if found:
        return found
    print("installing nginx from Debian", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)  # noqa: S603
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "nginx-light"], check=True, env=env)  # noqa: S603
    return shutil.which("nginx") or "/usr/sbin/nginx"


def start_nginx(tmp: Path, sites: Path) -> tuple[subprocess.Popen, str]:
    import requests

    port = free_port()
    user = "user root;" if os.geteuid() == 0 else ""  # the temporary directory is readable by its owner only
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX.format(user=user, tmp=tmp, port=port, sites=sites))
    server = subprocess.Popen([nginx_binary(), "-c", str(conf), "-g", "daemon off;"])  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base, timeout=2)
            return server, base
        except requests.RequestException:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("nginx did not start")


def publish_timings(site, count: int, rng: random.Random) -> list[float]:
    """Publish then withdraw `count` draft items placed in the site's news column; ms until the file shows it."""
    from django.utils import timezone

    from digigov.websites import static_publish
    from digigov.websites.choices import ColumnType
    from digigov.websites.models import ColumnPage, LibraryItem, Placement

    news = ColumnPage.objects.descendant_of(site.site.root_page).get(column_type=ColumnType.NEWS)
    timings = []
    for n in range(count):
        title = f"基准测试发布第{n}条{rng.randrange(10**6)}"
        item = LibraryItem.objects.create(title=title, owner=site.organiser, live=False, body="<p>正文。</p>")
        Placement.objects.create(item=item, column=news, placed_at=timezone.now())
        target = static_publish.file_for(site.site.hostname, f"{news.get_url_parts()[2]}{item.pk}/")
        started = time.perf_counter()
        item.save_revision().publish()
        if title not in target.read_text(encoding="utf-8"):
            raise SystemExit(f"the file of {title} does not show it after publication")
        timings.append((time.perf_counter() - started) * 1000)
        item.refresh_from_db()
        started = time.perf_counter()
        item.unpublish()
        if target.exists():
            raise SystemExit(f"the file of {title} is still there after withdrawal")
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def run(args, tmp: Path) -> dict:
    import django

    django.setup()
    import site_search
    from django.core.management import call_command
    from django.db import connection

    from digigov.websites import static_publish

    rng = random.Random(20261202)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    orgs, sites = site_search.open_sites()
    site_search.generate(args.items, rng, orgs, sites)
    print(f"database: {connection.vendor}; {args.items:,} items in {time.perf_counter() - started:.1f} s", flush=True)

    started, written, addresses = time.perf_counter(), 0, []
    for profile in sites:
        written += static_publish.rebuild_site(profile.site)
        for site, path in static_publish.site_addresses(profile.site):
            if path.endswith("/") and path != "/":  # item pages and column listings
                addresses.append((site.hostname, path))
    build_s = time.perf_counter() - started
    print(f"static build: {written:,} files in {build_s:.1f} s ({written / build_s:,.0f}/s)", flush=True)
    sample = rng.sample(sorted(set(addresses)), min(args.sample, len(set(addresses))))
    sizes = [static_publish.file_for(host, path).stat().st_size for host, path in sample]
    (tmp / "minimal.html").write_bytes(b"x" * int(statistics.median(sizes)))
    connection.close()  # gunicorn's workers open their own

    import requests

    nginx, nginx_base = start_nginx(tmp, Path(os.environ["BENCH_SITES_ROOT"]))
    app, app_base = start_server(tmp, dict(os.environ), args.workers, ready_path="/bench/minimal/")
    try:
        session = requests.Session()
        mismatches = 0
        for host, path in sample:
            fresh = session.get(app_base + path, headers={"Host": host, "X-Digigov-Render": "1"}, timeout=30)
            on_disk = static_publish.file_for(host, path).read_bytes()
            served = session.get(nginx_base + path, headers={"Host": host}, timeout=30)
            mismatches += not (
                fresh.status_code == served.status_code == 200 and fresh.content == on_disk == served.content
            )
        print(f"{len(sample)} sampled pages (median {statistics.median(sizes):,.0f} bytes): {mismatches} mismatches")

        sides = {
            "nginx": [(nginx_base + path, host) for host, path in sample],
            "platform": [(app_base + path, host) for host, path in sample],
            "minimal_view": [(f"{app_base}/bench/minimal/", host) for host, _path in sample],
        }
        best = {name: 0.0 for name in sides}
        latencies = {name: [] for name in sides}
        for _round in range(args.rounds):
            for name, urls in sides.items():
                rps, times, failed = load_with_hosts(urls, args.concurrency)
                if failed:
                    raise SystemExit(f"{name}: {failed} answers were not 200")
                best[name] = max(best[name], rps)
                latencies[name] += times
        for name in sides:
            p50, p99 = percentile(latencies[name], 50), percentile(latencies[name], 99)
            print(f"{name}: {best[name]:,.0f} pages/s (best of {args.rounds}), p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    finally:
        app.terminate()
        nginx.terminate()
        app.wait(30)
        nginx.wait(30)

    timings = publish_timings(sites[0], args.publishes, rng)
    print(f"publish/withdraw to static: {len(timings)} operations, p50 {percentile(timings, 50):.0f} ms, "
          f"p95 {percentile(timings, 95):.0f} ms, max {max(timings):.0f} ms")  # fmt: skip
    return {
        "items": args.items,
        "sampled_pages": len(sample),
        "concurrency": args.concurrency,
        "nginx_rps": round(best["nginx"]),
        "platform_rps": round(best["platform"]),
        "minimal_view_rps": round(best["minimal_view"]),
        "ratio_to_minimal": round(best["platform"] / best["minimal_view"], 3),
        "static_mismatches": mismatches,
        "publish_to_static_p95_ms": round(percentile(timings, 95), 1),
        "static_files_per_s": round(written / build_s),
    }


def load_with_hosts(urls: list[tuple[str, str]], concurrency: int):
    """gateway.load with a Host header per address: the same client for every side."""
    by_host: dict[str, list] = {}
    for url, host in urls:
        by_host.setdefault(host, []).append((url, {}))
    total_rps, times, failed = 0.0, [], 0
    elapsed = 0.0
    for host, group in by_host.items():
        started = time.perf_counter()
        _rps, part, bad = load(group, {"Host": host}, concurrency)
        elapsed += time.perf_counter() - started
        times += part
        failed += bad
    total_rps = len(urls) / elapsed
    return total_rps, times, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1500)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2, one per core)")
    parser.add_argument("--publishes", type=int, default=20)
    args = parser.parse_args()
    with bench_environment("digigov-site-pages-", SETTINGS) as tmp:
        (tmp / "bench_urls.py").write_text(URLS)
        os.environ["BENCH_SITES_ROOT"] = str(tmp / "sites")
        os.environ["BENCH_MINIMAL_PAGE"] = str(tmp / "minimal.html")  # its size is set once the pages are known
        (tmp / "minimal.html").write_bytes(b"x")
        result = run(args, tmp)
    met = (
        result["static_mismatches"] == 0
        and result["ratio_to_minimal"] >= GOAL_RATIO
        and result["publish_to_static_p95_ms"] <= GOAL_PUBLISH_P95_MS
    )
    print(f"goals (0 mismatches, ratio >= {GOAL_RATIO}, publish p95 <= {GOAL_PUBLISH_P95_MS:.0f} ms): "
          f"{'met' if met else 'NOT met'}")  # fmt: skip
    print(json.dumps({**result, "meets_goal": met}))


if __name__ == "__main__":
    main()

"""gunicorn's settings for digigov: `manage.py serve` (or `gunicorn -c python:digigov.conf.gunicorn`) reads them.

Why each value is what it is, with the figures, is in docs/deploy.md ("The application server"). In short:
- gthread workers (2 per core, 4 threads each): a request waiting on a provider's API (the gateway, up to its
  connect + read timeout) or on PostgreSQL does not hold a whole process; a thread does.
- timeout 30 s: the master restarts a worker whose main loop is stuck that long. No request needs more: imports,
  reports and reindexing run as background jobs (manage.py run_worker), uploads reach gunicorn only once nginx
  has received them whole, and every upstream call has its own timeout and deadline (core.http_fetch).
- A worker whose master has died (kill -9, OOM) notices within a second and leaves once its requests are done
  (graceful_timeout at most); `manage.py serve` waits for such orphans instead of failing to bind.
"""

import multiprocessing
import os
from pathlib import Path

wsgi_app = "digigov.wsgi:application"
pythonpath = str(Path(__file__).resolve().parents[2])  # src/, when run from a checkout
bind = os.environ.get("DIGIGOV_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = 5  # seconds; nginx keeps its own connections to the app servers
max_requests = 5000  # a worker is replaced after this many requests (with jitter): a slow leak never grows big
max_requests_jitter = 500
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")  # nginx's address
proxy_allow_ips = forwarded_allow_ips
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "digigov"
# gunicornc's control socket: one per server (systemd: RuntimeDirectory=digigov gives /run/digigov/); without a path
# it is off, since its default ($HOME/.gunicorn/gunicorn.ctl) would be shared by every server of the same user.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

"""Talking to a provider's upstream HTTP API: the one contract every upstream data service follows (R1.4).

GET <endpoint>?key=<value>            -> the record(s) with that key
GET <endpoint>?page=<n>&size=<m>      -> one page of records
The answer is JSON: a list of records, an object holding the list under "records", "data", "items" or "rows",
or one record object. Calls never go through an HTTP proxy: data stays inside the government network (R0.5).
Every call goes through `core.http_fetch`: no internal address unless the platform administrator allows the host
(`exchange.upstream_allowed_hosts`), the checked address is the one connected to, redirects are checked, and the
answer is cut off at `exchange.upstream_max_response_mb`.
"""

import json
import time
from dataclasses import dataclass

import requests
from django.utils.translation import gettext as _

from digigov.core import http_fetch
from digigov.core.rules import rule
from digigov.exchange.rules import UPSTREAM_ALLOWED_HOSTS as ALLOWED_RULE
from digigov.exchange.rules import UPSTREAM_MAX_RESPONSE_MB as MAX_MB_RULE

LIST_KEYS = ("records", "data", "items", "rows")


@dataclass(frozen=True)
class Answer:
    ok: bool
    status_code: int | None
    latency_ms: int
    body: bytes = b""
    error: str = ""


def url_problem(url: str) -> str | None:
    """Why the platform will not call this address (said at registration), or None."""
    return http_fetch.url_problem(url, allowed=rule(ALLOWED_RULE))


def http_get(url: str, *, params: dict | None = None, timeout: float) -> Answer:
    started = time.monotonic()
    try:
        response = http_fetch.get(
            url,
            params=params,
            timeout=timeout,
            allowed=rule(ALLOWED_RULE),
            max_bytes=int(rule(MAX_MB_RULE) * http_fetch.MB),
            headers={"Accept": "application/json"},
        )
    except http_fetch.FetchRefusedError as exc:
        return Answer(False, None, _ms(started), error=exc.reason[:300])
    except requests.Timeout:
        return Answer(False, None, _ms(started), error=_("timed out"))
    except requests.TooManyRedirects:
        return Answer(False, None, _ms(started), error=_("too many redirects"))
    except requests.RequestException:  # refused, reset, TLS: the log of the worker has the details
        return Answer(False, None, _ms(started), error=_("connection failed"))
    status = response.status_code
    ok = 200 <= status < 300
    return Answer(ok, status, _ms(started), body=response.content, error="" if ok else f"HTTP {status}")


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def records_from(body: bytes) -> list[dict]:
    """The records in an upstream answer (see the module docstring); ValueError if it is not such JSON."""
    payload = json.loads(body.decode("utf-8"))
    if isinstance(payload, dict):
        for key in LIST_KEYS:
            if isinstance(payload.get(key), list):
                payload = payload[key]
                break
        else:
            payload = [payload]
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        raise ValueError("not a list of records")
    return payload

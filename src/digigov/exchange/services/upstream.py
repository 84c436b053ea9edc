"""Talking to a provider's upstream HTTP API: the one contract every upstream data service follows (R1.4).

GET <endpoint>?key=<value>            -> the record(s) with that key
GET <endpoint>?page=<n>&size=<m>      -> one page of records
The answer is JSON: a list of records, an object holding the list under "records", "data", "items" or "rows",
or one record object. Calls never go through an HTTP proxy: data stays inside the government network (R0.5).
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
LIST_KEYS = ("records", "data", "items", "rows")


@dataclass(frozen=True)
class Answer:
    ok: bool
    status_code: int | None
    latency_ms: int
    body: bytes = b""
    error: str = ""


def http_get(url: str, *, params: dict | None = None, timeout: float) -> Answer:
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return Answer(False, None, 0, error="not an http(s) address")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 (scheme checked above)
    started = time.monotonic()
    try:
        with _OPENER.open(request, timeout=timeout) as r:
            body = r.read(5 * 1024 * 1024)
            status = r.status
    except urllib.error.HTTPError as exc:
        return Answer(False, exc.code, _ms(started), error=f"HTTP {exc.code}")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Answer(False, None, _ms(started), error=str(reason)[:300] or type(exc).__name__)
    return Answer(200 <= status < 400, status, _ms(started), body=body, error="" if status < 400 else f"HTTP {status}")


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

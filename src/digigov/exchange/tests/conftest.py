"""Fixtures of the exchange tests: three departments and their staff, a real upstream HTTP server, a fixed today."""

import datetime as dt
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from digigov.catalog.choices import ShareType
from digigov.catalog.tests.factories import InformationItemFactory, ResourceFactory
from digigov.core.calendar import load_official_calendar
from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.exchange.tests.factories import SystemClientFactory

PEOPLE = [
    {"sfzh": "420102199001011234", "xm": "张三", "dh": "13800000001"},
    {"sfzh": "420102199202022345", "xm": "李四", "dh": "13800000002"},
]


@dataclass
class World:
    operator: object
    provider: object
    consumer: object
    other: object
    op_handler: object
    prov_handler: object
    prov_reviewer: object
    prov_leader: object
    cons_handler: object
    other_handler: object
    system: object
    resource: object  # conditional, items sfzh (key), xm, dh
    open_resource: object  # unconditional
    closed_resource: object  # not shared

    def items(self, resource=None):
        return list((resource or self.resource).items.all())


def _resource(provider, share_type, **kwargs):
    resource = ResourceFactory(provider=provider, share_type=share_type, **kwargs)
    InformationItemFactory(resource=resource, identifier="sfzh", name="公民身份号码", is_key=True, position=1)
    InformationItemFactory(resource=resource, identifier="xm", name="姓名", position=2)
    InformationItemFactory(resource=resource, identifier="dh", name="联系电话", position=3)
    return resource


def _admin_access(*users):
    from django.contrib.auth.models import Permission

    permission = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for user in users:
        user.user_permissions.add(permission)


@pytest.fixture
def world(db) -> World:
    operator = OrganisationFactory(name="湖北省政务管理办公室", is_platform_operator=True)
    provider = OrganisationFactory(name="省公安厅")
    consumer = OrganisationFactory(name="省市场监督管理局")
    other = OrganisationFactory(name="省教育厅")
    world = World(
        operator=operator,
        provider=provider,
        consumer=consumer,
        other=other,
        op_handler=staff(Role.HANDLER, operator),
        prov_handler=staff(Role.HANDLER, provider),
        prov_reviewer=staff(Role.REVIEWER, provider),
        prov_leader=staff(Role.LEADER, provider),
        cons_handler=staff(Role.HANDLER, consumer),
        other_handler=staff(Role.HANDLER, other),
        system=SystemClientFactory(organisation=consumer, name="市场主体登记系统"),
        resource=_resource(provider, ShareType.CONDITIONAL, name="人口基本信息"),
        open_resource=_resource(provider, ShareType.UNCONDITIONAL, name="户籍登记信息"),
        closed_resource=_resource(
            provider, ShareType.NOT_SHARED, name="在逃人员信息", legal_basis="《中华人民共和国人民警察法》第二十条"
        ),
    )
    _admin_access(
        world.op_handler,
        world.prov_handler,
        world.prov_reviewer,
        world.prov_leader,
        world.cons_handler,
        world.other_handler,
    )
    return world


@pytest.fixture
def today(monkeypatch, db):
    """Freeze the date services see (django.utils.timezone.localdate) on the official calendar of 2026."""
    load_official_calendar(years=[2026])
    state = {"day": dt.date(2026, 9, 28)}

    def set_day(day: dt.date) -> dt.date:
        state["day"] = day
        return day

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: state["day"])
    return set_day


class Upstream:
    """A provider's upstream API on 127.0.0.1: ?key=, ?page=&size=; `failing = True` makes it answer 503."""

    def __init__(self):
        self.failing = False
        self.requests: list[str] = []
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                upstream.requests.append(self.path)
                if upstream.failing:
                    self.send_response(503)
                    self.end_headers()
                    return
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                if "key" in query:
                    body = [p for p in PEOPLE if p["sfzh"] == query["key"]]
                else:
                    page, size = int(query.get("page", 1)), int(query.get("size", 10))
                    body = {"records": PEOPLE[(page - 1) * size : page * size], "total": len(PEOPLE)}
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/people"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def loopback_allowed(db):
    """The platform administrator allows 127.0.0.1 as an internal API host: the test servers listen there, and
    without this the platform refuses to call a loopback address (core.http_fetch)."""
    from django.core.cache import cache

    from digigov.core.models import RuleValue

    RuleValue.objects.update_or_create(key="exchange.upstream_allowed_hosts", defaults={"value": "127.0.0.1"})
    cache.clear()


@pytest.fixture
def upstream(loopback_allowed):
    server = Upstream()
    yield server
    server.close()

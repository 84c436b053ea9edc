"""A provider, a consumer system, a mounted resource and its grant, built directly with the ORM for gateway tests.

The exchange services (applications, mounting) are tested on their own; the gateway only needs their results.
"""

import datetime as dt
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

from digigov.catalog.choices import SensitiveKind
from digigov.catalog.tests.factories import InformationItemFactory, ResourceFactory
from digigov.core.tests.factories import OrganisationFactory
from digigov.exchange.choices import ApplicationStatus, ServiceKind
from digigov.exchange.models import DataService, Grant, HostedRow, HostedTable, Mount, ShareApplication
from digigov.exchange.tests.factories import SystemClientFactory
from digigov.identity.api import SystemClient

URL = "/api/v1/exchange/gateway/resources/{}/records"
PEOPLE = [
    # (ID number, name, phone, address, income) — checksum-valid, fictitious
    ("420102199001011236", "张三", "13812345678", "湖北省武汉市江岸区沿江大道188号", "8000"),
    ("420102198506064566", "欧阳娜娜", "13987654321", "湖北省武汉市武昌区中北路1号", "9500"),
]
FIELD_MAP = {"sfzh": "ID_NO", "xm": "NAME", "sjhm": "MOBILE", "zz": "ADDR", "sr": "INCOME"}


def system_with_key(organisation, name="人社业务系统") -> tuple[SystemClient, str]:
    key = SystemClient.new_key()
    system = SystemClientFactory(
        name=name, organisation=organisation, key_prefix=key[:8], key_digest=SystemClient.digest(key)
    )
    return system, key


@dataclass
class Setup:
    resource: object
    items: dict
    service: DataService
    mount: Mount
    system: SystemClient
    key: str
    grant: Grant

    @property
    def url(self) -> str:
        return URL.format(self.resource.pk)


def make_resource():
    resource = ResourceFactory(name="人口基本信息")
    specs = [
        ("sfzh", "公民身份号码", SensitiveKind.ID_NUMBER, True),
        ("xm", "姓名", SensitiveKind.NAME, False),
        ("sjhm", "手机号码", SensitiveKind.PHONE, False),
        ("zz", "住址", SensitiveKind.ADDRESS, False),
        ("sr", "月收入", SensitiveKind.NONE, False),
    ]
    items = {
        ident: InformationItemFactory(resource=resource, identifier=ident, name=name, sensitive=kind, is_key=is_key)
        for ident, name, kind, is_key in specs
    }
    return resource, items


def hosted_service(provider, rows=PEOPLE) -> DataService:
    table = HostedTable.objects.create(
        provider=provider, name="人口库", columns=list(FIELD_MAP.values()), key_column="ID_NO"
    )
    HostedRow.objects.bulk_create(
        HostedRow(table=table, row_no=n, key=row[0], data=dict(zip(FIELD_MAP.values(), row, strict=True)))
        for n, row in enumerate(rows, start=1)
    )
    table.row_count = len(rows)
    table.save()
    return DataService.objects.create(provider=provider, name="人口库表", kind=ServiceKind.HOSTED_TABLE, table=table)


def make_grant(resource, system, items, **fields) -> Grant:
    today = timezone.localdate()
    application = ShareApplication.objects.create(
        number=f"SQ{ShareApplication.objects.count() + 1:06d}-{system.pk}",
        consumer=system.organisation,
        resource=resource,
        purpose="社保资格核验",
        legal_basis="《社会保险法》",
        period_start=today,
        period_end=today + dt.timedelta(days=365),
        system=system,
        status=ApplicationStatus.GRANTED,
    )
    values = {"valid_from": today - dt.timedelta(days=1), "valid_until": today + dt.timedelta(days=365)} | fields
    grant = Grant.objects.create(
        application=application, consumer=system.organisation, system=system, resource=resource, **values
    )
    grant.items.set(items)
    return grant


def setup(*, service: DataService | None = None, granted=("sfzh", "xm", "sjhm", "zz"), **grant_fields) -> Setup:
    """A resource of five items, mounted to a hosted table of PEOPLE; a consumer system granted four items."""
    resource, items = make_resource()
    service = service or hosted_service(resource.provider)
    mount = Mount.objects.create(resource=resource, service=service, field_map=FIELD_MAP)
    system, key = system_with_key(OrganisationFactory(name="市人社局"))
    grant = make_grant(resource, system, [items[i] for i in granted], **grant_fields)
    return Setup(resource, items, service, mount, system, key, grant)


class Upstream:
    """A real provider API on 127.0.0.1: GET ?key= → one record or 404, ?page=&size= → {"records": [...]}.

    `mode` switches it to failing answers: "500", "garbage", "slow".
    """

    def __init__(self, rows=PEOPLE):
        records = [dict(zip(FIELD_MAP.values(), row, strict=True)) for row in rows]
        upstream = self
        self.mode = "ok"
        self.hits = 0

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                upstream.hits += 1
                query = parse_qs(urlsplit(self.path).query)
                if upstream.mode == "slow":
                    threading.Event().wait(1.0)
                if upstream.mode == "500":
                    return self._send(500, b"boom")
                if upstream.mode == "garbage":
                    return self._send(200, b"<html>not json</html>")
                if "key" in query:
                    found = [r for r in records if r["ID_NO"] == query["key"][0]]
                    return self._send(200, json.dumps(found[0]).encode()) if found else self._send(404, b"{}")
                page, size = int(query["page"][0]), int(query["size"][0])
                body = {"records": records[(page - 1) * size : page * size], "total": len(records)}
                return self._send(200, json.dumps(body).encode())

            def _send(self, status, body):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/people"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

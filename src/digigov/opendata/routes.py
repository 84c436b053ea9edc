"""The open-data API under /api/v1/opendata/ (R3.1: APIs for enterprises and developers). Public, no sign-in, as
the downloads are; reading rows is counted and limited per network address (rule `opendata.api_hourly_limit`)."""

import datetime as dt
import math
from typing import Annotated

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from digigov.core.api_inputs import Id, PageNumber
from digigov.core.middleware import client_ip
from digigov.core.rules import rule
from digigov.opendata import selectors, services
from digigov.opendata.choices import DataFormat, UseKind

router = Router(tags=["opendata"])


class OpenDatasetOut(Schema):
    id: int
    code: str
    name: str
    summary: str
    provider: str
    theme: str
    update_cycle: str
    release_date: dt.date | None
    rows: int | None = Field(description="Rows hosted; null when the dataset is catalogued without data yet")
    downloads: int
    url: str


class OpenDatasetPage(Schema):
    count: int
    pages: int
    items: list[OpenDatasetOut]


class OpenFieldOut(Schema):
    identifier: str
    name: str
    data_type: str


class OpenDatasetDetailOut(OpenDatasetOut):
    data_updated_at: dt.datetime | None
    api_calls: int
    fields: list[OpenFieldOut]
    downloads_by_format: dict[str, str]


class OpenRowsOut(Schema):
    count: int
    page: int
    size: int
    pages: int
    records: list[dict]


class DatasetQuery(Schema):
    q: str = Field("", max_length=100)
    theme: Id | None = None
    provider: Id | None = None
    page: PageNumber = 1


def _out(request, d: selectors.Dataset) -> dict:
    r = d.resource
    return {
        "id": r.pk, "code": r.code, "name": r.name, "summary": r.summary, "provider": r.provider.name,
        "theme": d.theme.name, "update_cycle": r.update_cycle, "release_date": r.release_date,
        "rows": d.data.row_count if d.data else None, "downloads": d.downloads,
        "url": request.build_absolute_uri(reverse("opendata_dataset", args=[r.pk])),
    }  # fmt: skip


@router.get("/datasets", response=OpenDatasetPage, auth=None, summary=_("The open datasets, paged"))
def dataset_list(request, query: Query[DatasetQuery]):
    page, datasets = selectors.dataset_page(
        q=query.q, theme=query.theme, provider=query.provider, number=query.page, size=rule("opendata.page_size")
    )
    return {
        "count": page.paginator.count,
        "pages": page.paginator.num_pages,
        "items": [_out(request, d) for d in datasets] if page.number == query.page else [],
    }


@router.get("/datasets/{dataset_id}", response=OpenDatasetDetailOut, auth=None, summary=_("An open dataset's metadata"))
def dataset_get(request, dataset_id: Id):
    d = selectors.dataset_get(dataset_id)
    return {
        **_out(request, d),
        "data_updated_at": d.data.loaded_at if d.data else None,
        "api_calls": d.api_calls,
        "fields": [{"identifier": i.identifier, "name": i.name, "data_type": i.data_type} for i in d.fields],
        "downloads_by_format": {
            fmt.value: request.build_absolute_uri(reverse("opendata_download", args=[dataset_id, fmt.value]))
            for fmt in DataFormat
        } if d.data else {},
    }  # fmt: skip


@router.get("/datasets/{dataset_id}/rows", response=OpenRowsOut, auth=None, summary=_("An open dataset's rows, paged"))
def dataset_rows(request, dataset_id: Id, page: PageNumber = 1, size: Annotated[int, Field(ge=1, le=5000)] = 100):
    d = selectors.dataset_get(dataset_id)
    size = min(size, rule("opendata.api_page_size"))
    services.use_record(resource_id=dataset_id, kind=UseKind.API, address=client_ip(request) or None)
    count = d.data.row_count if d.data else 0
    return {
        "count": count,
        "page": page,
        "size": size,
        "pages": max(math.ceil(count / size), 1),
        "records": selectors.dataset_rows(d, offset=(page - 1) * size, limit=size),
    }

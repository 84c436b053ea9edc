"""The open-data portal's pages (S3, R3.1) under `/opendata/` of any site, in that site's frame: the datasets with
their metadata, a preview of each, and machine-readable downloads (CSV and JSON) of every row. The API beside them
is `routes.py`. Not static copies: the list is filtered by query string and the counts change with every download."""

import csv
import io
import json
from urllib.parse import quote

from django import forms
from django.http import Http404, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import NotFoundError
from digigov.core.middleware import client_ip
from digigov.core.public import QueryPager, query_url
from digigov.core.ratelimit import RateLimited
from digigov.core.rules import rule
from digigov.opendata import selectors, services
from digigov.opendata.choices import DataFormat, UseKind
from digigov.websites.api import chrome_for

HOME = "/opendata/"


class DatasetFilter(forms.Form):
    """The query string; a value that does not fit is ignored rather than refused."""

    q = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    provider = forms.TypedChoiceField(label=_("Providing department"), required=False, coerce=int, empty_value=None)
    page = forms.IntegerField(min_value=1, max_value=10000, required=False)


def index(request):
    themes, providers = selectors.facets()
    form = DatasetFilter(request.GET)
    form.fields["theme"].choices = [("", _("All themes")), *[(f.pk, f.name) for f in themes]]
    form.fields["provider"].choices = [("", _("All departments")), *[(f.pk, f.name) for f in providers]]
    form.is_valid()
    data = form.cleaned_data
    q, theme, provider = (data.get("q") or "").strip(), data.get("theme"), data.get("provider")
    page, datasets = selectors.dataset_page(
        q=q, theme=theme, provider=provider, number=data.get("page") or 1, size=rule("opendata.page_size")
    )
    query = {"q": q, "theme": theme or "", "provider": provider or ""}
    context = {
        "chrome": chrome_for(request, HOME),
        "request": request,
        "form": form,
        "figures": selectors.figures(),
        "themes": themes,
        "theme": theme,
        "datasets": datasets,
        "total": page.paginator.count,
        "pager": QueryPager(query, page.number, page.paginator.num_pages),
        "theme_links": [(f, query_url({**query, "theme": f.pk})) for f in themes],
        "all_themes_url": query_url({**query, "theme": ""}) if theme else "",
    }
    return TemplateResponse(request, "opendata/index.html", context)


def _dataset(pk: int) -> selectors.Dataset:
    try:
        return selectors.dataset_get(pk)
    except NotFoundError:
        raise Http404 from None


def dataset(request, pk: int, *, problem: str = "", status: int = 200):
    found = _dataset(pk)
    preview = selectors.dataset_rows(found, offset=0, limit=rule("opendata.preview_rows"))
    api_root = request.build_absolute_uri("/api/v1/opendata/datasets/")
    chrome = chrome_for(request, HOME)
    context = {
        "chrome": chrome,
        "request": request,
        "breadcrumbs": [(_("Home"), chrome.home_url), (_("Open data"), HOME), (found.resource.name, "")],
        "dataset": found,
        "preview": [[row[ident] for ident in found.identifiers] for row in preview],
        "downloads": [(fmt.label, reverse("opendata_download", args=[pk, fmt.value])) for fmt in DataFormat],
        "api_rows": f"{api_root}{pk}/rows?page=1&size=100",
        "api_meta": f"{api_root}{pk}",
        "api_page_size": rule("opendata.api_page_size"),
        "problem": problem,
    }
    return TemplateResponse(request, "opendata/dataset.html", context, status=status)


def _csv_lines(found: selectors.Dataset):
    """The rows as CSV with the items' Chinese names as the header, and a byte-order mark so that Excel opens it as
    UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([item.name for item in found.fields])
    yield "\ufeff" + buffer.getvalue()
    for row in selectors.dataset_rows_all(found):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([row[ident] for ident in found.identifiers])
        yield buffer.getvalue()


def _json_parts(found: selectors.Dataset):
    """One JSON document: the dataset's metadata, its fields, then its records, written a record at a time."""
    resource = found.resource
    head = {
        "code": resource.code,
        "name": resource.name,
        "provider": resource.provider.name,
        "update_cycle": resource.update_cycle,
        "release_date": resource.release_date.isoformat() if resource.release_date else None,
        "fields": [{"identifier": i.identifier, "name": i.name, "data_type": i.data_type} for i in found.fields],
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
    for n, row in enumerate(selectors.dataset_rows_all(found)):
        yield ("," if n else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


def download(request, pk: int, fmt: str):
    found = _dataset(pk)
    if found.data is None or fmt not in DataFormat.values:
        raise Http404
    try:
        services.use_record(resource_id=pk, kind=UseKind.DOWNLOAD, address=client_ip(request) or None)
    except RateLimited as error:  # the dataset's page again, saying why, instead of a file
        return dataset(request, pk, problem=str(error.message), status=error.status)
    if fmt == DataFormat.CSV:
        response = StreamingHttpResponse(_csv_lines(found), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_json_parts(found), content_type="application/json; charset=utf-8")
    filename = f"{found.resource.name}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename=\"{pk}.{fmt}\"; filename*=UTF-8''{quote(filename)}"
    return response

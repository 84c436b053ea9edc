"""The public online service hall (网上办事大厅, R4.1, R4.8; ADR 0003 §7 "Public hall") under `/zwfw/` of any site,
in that site's frame as `/opendata/` is: the hall's home (search, 个人办事 / 法人办事 with their themes, departments,
figures), the published items found by keyword, department, theme and audience, and each item's guide (办事指南)
as its published version froze it, with the drawing of its process.

Only published items show: a draft, an item under review and a withdrawn item are 404 here, whoever asks. The
pages are the same for every visitor (no sign-in, no CSRF), so they can be static copies."""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digigov.core.models import Organisation
from digigov.core.public import QueryPager, query_url
from digigov.core.rules import rule
from digigov.eservices import hall_consultation_views, versions
from digigov.eservices.choices import (
    Audience,
    ItemKind,
    ItemStatus,
    MaterialFormat,
    MaterialRequirement,
    MaterialSource,
    OnlineDepth,
    Substitute,
)
from digigov.eservices.figures import item_figures
from digigov.eservices.models import ServiceItem, Theme
from digigov.websites.api import chrome_for
from digigov.workflow import api as workflow

HOME = "/zwfw/"
PAGE_SIZE = 20
AUDIENCES = [
    (Audience.PERSON.value, _("Services for individuals")),
    (Audience.LEGAL_PERSON.value, _("Services for businesses")),
]
# The drawing is SVG a department designed: served as an image of its own, never inlined, with nothing it may load
# or run (a browser runs no script in an <img> anyway; this also covers opening its address directly).
DIAGRAM_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    "X-Content-Type-Options": "nosniff",
}


def _published():
    return ServiceItem.objects.published().select_related("basic", "organisation")


def _departments() -> list[dict]:
    """The departments that have published items, with how many."""
    rows = (
        _published()
        .values("organisation_id", "organisation__name")
        .annotate(n=Count("pk"))
        .order_by("organisation__name")
    )
    return [{"pk": r["organisation_id"], "name": r["organisation__name"], "count": r["n"]} for r in rows]


def _themes() -> list[Theme]:
    """Every theme with its number of published items (a theme with none still shows on the home page: 0)."""
    return list(Theme.objects.annotate(n=Count("items", filter=Q(items__status=ItemStatus.PUBLISHED))))


class ItemFilter(forms.Form):
    """The query string; a value that does not fit is ignored rather than refused."""

    q = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    audience = forms.ChoiceField(label=_("For"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    org = forms.TypedChoiceField(label=_("Department of the service"), required=False, coerce=int, empty_value=None)
    page = forms.IntegerField(min_value=1, max_value=10000, required=False)


def index(request):
    themes = _themes()
    figures = item_figures().overall
    audiences = [
        {
            "value": value,
            "label": label,
            "url": reverse("eservices_hall_items") + query_url({"audience": value}),
            "themes": [(t, reverse("eservices_hall_items") + query_url({"theme": t.code})) for t in themes
                       if t.audience == value],
        }
        for value, label in AUDIENCES
    ]  # fmt: skip
    context = {
        "chrome": chrome_for(request, HOME),
        "request": request,
        "audiences": audiences,
        "departments": [
            d | {"url": reverse("eservices_hall_items") + query_url({"org": d["pk"]})} for d in _departments()
        ],
        "figures": figures,
        "search_url": reverse("eservices_hall_items"),
    }
    return TemplateResponse(request, "eservices/hall/index.html", context)


def item_list(request):
    themes, departments = _themes(), _departments()
    form = ItemFilter(request.GET)
    form.fields["audience"].choices = [("", _("Everyone")), *AUDIENCES]
    form.fields["theme"].choices = [("", _("All themes")), *[(t.code, t.name) for t in themes]]
    form.fields["org"].choices = [("", _("All departments")), *[(d["pk"], d["name"]) for d in departments]]
    form.is_valid()
    data = form.cleaned_data
    q, audience, theme, org = (data.get("q") or "").strip(), data.get("audience"), data.get("theme"), data.get("org")
    items = _published()
    if q:
        items = items.filter(
            Q(name__icontains=q) | Q(implementation_code__icontains=q) | Q(basic__basic_code__icontains=q)
        )
    if audience:
        items = items.filter(audience=audience)
    if theme:
        items = items.filter(themes__code=theme)
    if org:
        items = items.filter(organisation_id=org)
    page = Paginator(items.order_by("organisation__name", "name", "pk"), PAGE_SIZE).get_page(data.get("page") or 1)
    query = {"q": q, "audience": audience or "", "theme": theme or "", "org": org or ""}
    shown_themes = [t for t in themes if not audience or t.audience == audience]
    chrome = chrome_for(request, HOME)
    context = {
        "chrome": chrome,
        "request": request,
        "breadcrumbs": [(_("Home"), chrome.home_url), (_("Online service hall"), HOME), (_("Find a service"), "")],
        "form": form,
        "items": [_row(item) for item in page.object_list],
        "total": page.paginator.count,
        "pager": QueryPager(query, page.number, page.paginator.num_pages),
        "audience_links": [
            (label, query_url({**query, "audience": value, "theme": ""}), value == (audience or ""))
            for value, label in [("", _("Everyone")), *AUDIENCES]
        ],
        "theme_links": [(t, query_url({**query, "theme": t.code}), t.code == theme) for t in shown_themes],
        "all_themes_url": query_url({**query, "theme": ""}) if theme else "",
    }
    return TemplateResponse(request, "eservices/hall/items.html", context)


@dataclass
class Row:
    item: ServiceItem
    kind: str
    depth: str
    online: bool
    url: str


def _row(item: ServiceItem) -> Row:
    return Row(
        item=item,
        kind=str(ItemKind(item.basic.kind).label) if item.basic.kind in ItemKind.values else "",
        depth=str(OnlineDepth(item.online_depth).label) if item.online_depth in OnlineDepth.values else "",
        online=item.online_depth >= rule("eservices.online_depth_min"),
        url=reverse("eservices_hall_item", args=[item.implementation_code]),
    )


def _item(code: str) -> ServiceItem:
    item = _published().select_related("division").filter(implementation_code=code).first()
    if item is None:
        raise Http404
    return item


def _published_snapshot(item: ServiceItem) -> dict:
    """The guide as its published version froze it; the item's row (which holds what the hall serves, a revision
    being kept apart) for an item published before versions were frozen."""
    version = item.versions.filter(number=item.version).only("snapshot").first()
    return version.snapshot if version is not None else versions.snapshot(item)


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else ""


def _material(m: dict) -> dict:
    substituted = m.get("substitute", Substitute.NONE) != Substitute.NONE
    return {
        "name": m["name"],
        "source": _label(MaterialSource, m.get("source")),
        "originals": m.get("originals") or 0,
        "copies": m.get("copies") or 0,
        "formats": _label(MaterialFormat, m.get("formats")),
        "required": _label(MaterialRequirement, m.get("required")),
        "tolerated": m.get("required") == MaterialRequirement.TOLERATED,
        "substitute": m.get("substitute") if substituted else "",  # licence or shared: the note says which
    }


def _tel(number: str) -> str:
    """A phone number as a tel: address: its digits (and a leading +)."""
    number = number.strip()
    return ("+" if number.startswith("+") else "") + "".join(c for c in number if c.isdigit())


def item_guide(request, code: str):
    item = _item(code)
    snapshot = _published_snapshot(item)
    fields = snapshot["fields"]
    parts = snapshot.get("parts", [])
    names = dict(Organisation.objects.filter(pk__in=[p["organisation"] for p in parts]).values_list("pk", "name"))
    diagram = workflow.process_diagram(fields.get("process"))
    materials = [_material(m) for m in snapshot.get("materials", [])]
    depth = fields.get("online_depth") or OnlineDepth.ONE
    chrome = chrome_for(request, HOME).with_meta(("ArticleTitle", fields["name"]))
    context = {
        "chrome": chrome,
        "request": request,
        "breadcrumbs": [
            (_("Home"), chrome.home_url),
            (_("Online service hall"), HOME),
            (_("Find a service"), reverse("eservices_hall_items")),
            (fields["name"], ""),
        ],
        "item": item,
        "guide": fields,
        "kind": _label(ItemKind, snapshot.get("kind")),
        "audience": _label(Audience, fields.get("audience")),
        "depth": _label(OnlineDepth, depth),
        "themes": list(Theme.objects.filter(code__in=fields.get("themes") or []).values_list("name", flat=True)),
        "fees": [f | {"yuan": f"{f.get('amount_fen', 0) / 100:.2f}"} for f in fields.get("fee") or []],
        "materials": materials,
        "substitute_licence": Substitute.LICENCE.value,
        "tolerated": any(m["tolerated"] for m in materials),
        "parts": [p | {"department": names.get(p["organisation"], "")} for p in parts],
        "links": [
            (link.related.name, link.reason, reverse("eservices_hall_item", args=[link.related.implementation_code]))
            for link in item.links.filter(related__status=ItemStatus.PUBLISHED).select_related("related")
        ],
        "diagram": diagram,
        "diagram_url": reverse("eservices_hall_diagram", args=[code]) if diagram and diagram.svg else "",
        "online": depth >= rule("eservices.online_depth_min"),
        "apply_url": f"{HOME}items/{code}/apply/",  # the application pages (ADR 0003 §7), built beside this one
        "consult_tel": _tel(fields.get("consult_phone") or ""),
        "complaint_tel": _tel(fields.get("complaint_phone") or ""),
        **hall_consultation_views.guide_extras(item),  # 常见问题, 我要咨询, 预约办理 (R4.7)
    }
    return TemplateResponse(request, "eservices/hall/item.html", context)


def item_diagram(request, code: str):
    """The drawing of the item's process (its current version) as an SVG image, or 404 when it has none."""
    item = _item(code)
    diagram = workflow.process_diagram(_published_snapshot(item)["fields"].get("process"))
    if diagram is None or not diagram.svg:
        raise Http404
    response = HttpResponse(diagram.svg, content_type="image/svg+xml")
    for name, value in DIAGRAM_HEADERS.items():
        response[name] = value
    return response

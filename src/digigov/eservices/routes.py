"""Ninja routes of the service-item catalogue under /api/v1/eservices/ (R4.1); each calls one selector."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from digigov.core.api_inputs import Id, PageNumber
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.eservices import figures, selectors
from digigov.eservices.case_routes import router as case_router
from digigov.eservices.consultation_routes import router as consultation_router
from digigov.eservices.payment_routes import router as payment_router
from digigov.eservices.permissions import is_operator
from digigov.eservices.rating_routes import router as rating_router

router = Router(tags=["eservices"])


class ThemeOut(Schema):
    code: str
    name: str
    audience: str
    order: int


class ItemSummary(Schema):
    id: int
    implementation_code: str
    basic_code: str
    name: str
    kind: str
    organisation_id: int
    organisation: str
    division: str
    audience: str
    online_depth: int
    visits: int
    legal_days: int
    promised_days: int
    status: str
    revision_status: str
    version: int
    themes: list[str]


class ItemPage(Schema):
    count: int
    items: list[ItemSummary]


class FeeOut(Schema):
    name: str
    basis: str
    amount_fen: int


class MaterialOut(Schema):
    name: str
    source: str
    originals: int
    copies: int
    formats: str
    required: str
    substitute: str
    licence_type: str
    resource_id: int | None
    items: list[str]
    key: str


class PartOut(Schema):
    code: str
    name: str
    organisation_id: int
    organisation: str
    working_days: int
    materials: list[str]
    fields: list[str]


class LinkOut(Schema):
    id: int
    name: str
    reason: str


class ItemVersionOut(Schema):
    number: int
    published_at: dt.datetime


class ServiceItemOut(ItemSummary):
    legal_basis: str
    conditions: str
    procedure: str
    fee: list[FeeOut]
    place: str
    hours: str
    consult_phone: str
    complaint_phone: str
    mailing_offered: bool
    process_id: int | None
    review_comment: str
    materials: list[MaterialOut]
    parts: list[PartOut]
    links: list[LinkOut]
    versions: list[ItemVersionOut]


def _summary(item) -> dict:
    return {
        "id": item.pk,
        "implementation_code": item.implementation_code,
        "basic_code": item.basic.basic_code,
        "name": item.name,
        "kind": item.basic.kind,
        "organisation_id": item.organisation_id,
        "organisation": item.organisation.name,
        "division": item.division_id,
        "audience": item.audience,
        "online_depth": item.online_depth,
        "visits": item.visits,
        "legal_days": item.legal_days,
        "promised_days": item.promised_days,
        "status": item.status,
        "revision_status": item.revision_status,
        "version": item.version,
        "themes": [t.code for t in item.themes.all()],
    }


def _detail(item) -> dict:
    data = _summary(item)
    data.update(
        legal_basis=item.basic.legal_basis,
        **{f: getattr(item, f) for f in ("conditions", "procedure", "place", "hours", "consult_phone")},
        complaint_phone=item.complaint_phone,
        mailing_offered=item.mailing_offered,
        fee=[
            {"name": f.get("name", ""), "basis": f.get("basis", ""), "amount_fen": f.get("amount_fen", 0)}
            for f in item.fee
        ],
        process_id=item.process_id,
        review_comment=item.review_comment,
        materials=[
            {
                "name": m.name,
                "source": m.source,
                "originals": m.originals,
                "copies": m.copies,
                "formats": m.formats,
                "required": m.required,
                "substitute": m.substitute,
                "licence_type": m.licence_type,
                "resource_id": m.resource_id,
                "items": [str(i) for i in m.items],
                "key": m.key,
            }
            for m in item.materials.all()
        ],
        parts=[
            {
                "code": p.code,
                "name": p.name,
                "organisation_id": p.organisation_id,
                "organisation": p.organisation.name,
                "working_days": p.working_days,
                "materials": [m.name for m in p.materials.all()],
                "fields": [str(f) for f in p.fields],
            }
            for p in item.parts.select_related("organisation").prefetch_related("materials")
        ],
        links=[
            {"id": link.related_id, "name": link.related.name, "reason": link.reason}
            for link in item.links.select_related("related")
        ],
        versions=[{"number": v.number, "published_at": v.published_at} for v in selectors.version_list(item)],
    )
    return data


@router.get("/items", response=ItemPage, summary=_("Service items, paged (R4.1)"))
def item_list(
    request,
    q: str = "",
    org: Id | None = None,
    theme: str = "",
    kind: str = "",
    status: str = "",
    page: PageNumber = 1,
    page_size: int = Query(20, ge=1, le=100),
):
    qs = selectors.item_list(
        actor=request.user, organisation=org, theme=theme, kind=kind, status=status, q=q
    ).prefetch_related("themes")
    start = (page - 1) * page_size
    return {"count": qs.count(), "items": [_summary(i) for i in qs[start : start + page_size]]}


@router.get(
    "/items/{item_id}", response=ServiceItemOut, summary=_("A service item with its guide, materials and parts")
)
def item_get(request, item_id: Id):
    return _detail(selectors.item_detail(actor=request.user, pk=item_id))


@router.get("/themes", response=list[ThemeOut], summary=_("Themes of the service hall (个人 and 法人)"))
def theme_list(request, audience: str = ""):
    return list(selectors.theme_list(audience=audience))


class FiguresRow(Schema):
    key: str
    label: str
    items: int
    online: int
    online_rate: float | None
    one_visit: int
    materials: int
    substituted: int
    substitution_rate: float | None
    legal_days: int
    promised_days: int
    time_compression: float | None


class ItemFiguresOut(Schema):
    overall: FiguresRow
    by_department: list[FiguresRow]
    by_level: list[FiguresRow]


@router.get("/figures/items", response=ItemFiguresOut, summary=_("Item-level figures of the catalogue (R4.1, R4.3)"))
def item_figures(request):
    """Everyone's figures for the platform operator; a department's staff see their own departments'."""
    user = request.user
    scope = None if is_operator(user) or is_platform_admin(user) else organisation_ids(user)
    result = figures.item_figures(organisations=scope)
    return {
        "overall": result.overall.as_dict(),
        "by_department": [f.as_dict() for f in result.by_department],
        "by_level": [f.as_dict() for f in result.by_level],
    }


router.add_router("", case_router)
router.add_router("", rating_router)
router.add_router("", payment_router)
router.add_router("", consultation_router)

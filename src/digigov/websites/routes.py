"""Ninja routes of the website cluster under /api/v1/websites/ (issue #10 item 13).

What every visitor may read is public (no sign-in): the sites, their columns, a column's entries, a published item
and search, the same as the pages show. The library as an editor sees it (own unit's drafts too) needs a staff
sign-in or a system's key.
"""

import datetime as dt
import math

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from digigov.core.api_inputs import Id, PageNumber
from digigov.core.errors import NotFoundError, PermissionDeniedError
from digigov.core.middleware import client_ip
from digigov.core.permissions import is_staff_member
from digigov.core.rules import rule
from digigov.websites import disclosure, messages, search, selectors
from digigov.websites.choices import (
    ApplicantKind,
    DeliveryForm,
    DisclosureState,
    ItemKind,
    MessageKind,
    MessageState,
    ReceiptWay,
)
from digigov.websites.models import ColumnPage, DisclosureApplication, LibraryItem, SiteProfile

router = Router(tags=["websites"])


class WebsiteSiteOut(Schema):
    id: int
    name: str
    hostname: str
    url: str
    site_code: str
    kind: str
    organiser: str


class WebsiteColumnOut(Schema):
    id: int
    title: str
    column_type: str
    url: str
    parent_id: int | None


class WebsiteEntryOut(Schema):
    item_id: int
    title: str
    kind: str
    document_number: str
    published_at: dt.datetime | None
    url: str
    pinned: bool


class WebsiteEntryPage(Schema):
    count: int
    pages: int
    items: list[WebsiteEntryOut]


class WebsiteItemSummary(Schema):
    id: int
    kind: str
    title: str
    summary: str
    document_number: str
    issuer: str
    owner: str
    published_at: dt.datetime | None
    url: str | None


class WebsiteItemOut(WebsiteItemSummary):
    index_number: str
    topic: str
    disclosure_mode: str
    written_on: dt.date | None
    validity: str
    source: str
    body_html: str
    body_text: str
    interprets_id: int | None
    interpretation_ids: list[int]


class WebsiteFacetOut(Schema):
    value: str
    label: str
    count: int | None


class WebsiteSearchOut(Schema):
    total: int
    capped: bool
    ranked: bool
    page: int
    items: list[WebsiteItemSummary]
    kinds: list[WebsiteFacetOut]
    places: list[WebsiteFacetOut]
    years: list[WebsiteFacetOut]


class WebsiteLibraryEntry(WebsiteItemSummary):
    live: bool
    owner_id: int


class WebsiteLibraryPage(Schema):
    count: int
    items: list[WebsiteLibraryEntry]


class WebsiteLetterOut(Schema):
    number: str
    kind: str
    title: str
    body: str
    received_at: dt.datetime
    replied_at: dt.datetime | None
    unit: str
    reply: str


class WebsiteLetterPage(Schema):
    count: int
    items: list[WebsiteLetterOut]


def _profile(site_id: int) -> SiteProfile:
    profile = SiteProfile.objects.select_related("site", "organiser").filter(site_id=site_id).first()
    if profile is None:
        raise NotFoundError()
    return profile


def _column(column_id: int) -> ColumnPage:
    column = ColumnPage.objects.live().filter(pk=column_id).first()
    if column is None or column.get_site() is None:
        raise NotFoundError()
    return column


# Addresses in the API are absolute, on each site's own host: its callers are other systems.


def _summary(item: LibraryItem, url: str | None) -> dict:
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "summary": item.summary,
        "document_number": item.document_number,
        "issuer": item.issuer,
        "owner": item.owner.name,
        "published_at": item.first_published_at,
        "url": url,
    }


@router.get("/sites", response=list[WebsiteSiteOut], auth=None, summary=_("The government sites of the platform"))
def site_list(request):
    profiles = SiteProfile.objects.select_related("site", "organiser").order_by("site_code")
    return [
        {"id": p.site_id, "name": p.name, "hostname": p.site.hostname, "url": p.site.root_url,
         "site_code": p.site_code, "kind": p.kind, "organiser": p.organiser.name}
        for p in profiles
    ]  # fmt: skip


@router.get("/sites/{site_id}/columns", response=list[WebsiteColumnOut], auth=None, summary=_("A site's columns"))
def column_list(request, site_id: Id):
    profile = _profile(site_id)
    home = profile.site.root_page
    columns = ColumnPage.objects.descendant_of(home).live().order_by("path")
    parents = {c.path: c.pk for c in columns}
    return [
        {"id": c.pk, "title": c.title, "column_type": c.column_type,
         "url": c.get_full_url(request) or "", "parent_id": parents.get(c.path[: -ColumnPage.steplen])}
        for c in columns
    ]  # fmt: skip


@router.get(
    "/columns/{column_id}/entries", response=WebsiteEntryPage, auth=None, summary=_("A column's entries, paged")
)
def column_entries(request, column_id: Id, page: PageNumber = 1):
    column = _column(column_id)
    size = rule("websites.column_page_size")
    entries = selectors.column_entries(column)
    count = entries.count()
    url = column.get_full_url(request) or ""
    return {
        "count": count,
        "pages": max(math.ceil(count / size), 1),
        "items": [
            {"item_id": p.item_id, "title": p.item.title, "kind": p.item.kind,
             "document_number": p.item.document_number, "published_at": p.item.first_published_at,
             "url": f"{url}{p.item_id}/", "pinned": p.pinned}
            for p in entries[(page - 1) * size : page * size]
        ],
    }  # fmt: skip


@router.get("/items/{item_id}", response=WebsiteItemOut, auth=None, summary=_("A published item with its metadata"))
def item_get(request, item_id: Id):
    item = LibraryItem.objects.public().select_related("owner").filter(pk=item_id).first()
    url = selectors.item_address(item, request=request, full=True) if item else None
    if item is None or url is None:  # published but placed nowhere: not public yet
        raise NotFoundError()
    return {
        **_summary(item, url),
        "index_number": item.index_number or "",
        "topic": item.topic,
        "disclosure_mode": item.disclosure_mode,
        "written_on": item.written_on,
        "validity": item.validity,
        "source": item.source,
        "body_html": item.body,
        "body_text": strip_tags(item.body),
        "interprets_id": item.interprets_id if item.interprets and item.interprets.live else None,
        "interpretation_ids": list(item.interpretations.filter(live=True).values_list("pk", flat=True)),
    }


@router.get("/search", response=WebsiteSearchOut, auth=None, summary=_("Search one site or every site (R8.2)"))
def search_items(
    request,
    q: str = Query(..., max_length=100),
    site: Id | None = None,
    kind: ItemKind | None = None,
    place: str = Query("", pattern=r"^\d{0,20}$"),
    year: int | None = Query(None, ge=1990, le=2100),
    page: PageNumber = 1,
):
    home = _profile(site).site.root_page if site is not None else None
    results = search.search(q, home=home, kind=kind or "", place=place, year=year, page=page)
    facets = {
        name: [{"value": f.value, "label": f.label, "count": f.count} for f in getattr(results, name)]
        for name in ("kinds", "places", "years")
    }
    return {
        "total": results.total,
        "capped": results.capped,
        "ranked": results.ranked,
        "page": page,
        "items": [
            _summary(i, selectors.item_address(i, prefer=home, request=request, full=True)) for i in results.items
        ],
        **facets,
    }


class WebsiteLetterIn(Schema):
    kind: str
    title: str
    body: str
    name: str
    phone: str
    public: bool = False


class WebsiteCorrectionIn(Schema):
    page_url: str
    category: str
    body: str
    name: str
    phone: str


class WebsiteReceiptOut(Schema):
    number: str
    kind: str
    received_at: dt.datetime
    due_on: dt.date
    unit: str


class WebsiteStaffLetterOut(Schema):
    id: int
    number: str
    kind: str
    title: str
    site_id: int
    page_url: str
    state: str
    received_at: dt.datetime
    due_on: dt.date
    replied_at: dt.datetime | None
    reply: str


class WebsiteStaffLetterPage(Schema):
    count: int
    items: list[WebsiteStaffLetterOut]


class WebsiteReplyIn(Schema):
    reply: str


def _receipt(message) -> dict:
    return {"number": message.number, "kind": message.kind, "received_at": message.received_at,
            "due_on": message.due_on, "unit": message.unit.name}  # fmt: skip


def _staff_letter(m) -> dict:
    """A letter as staff lists it: without the writer's name and number (those are read, and audited, one by one on
    the back-office screen)."""
    return {"id": m.pk, "number": m.number, "kind": m.kind, "title": m.title, "site_id": m.site.site_id,
            "page_url": m.page_url, "state": m.state, "received_at": m.received_at, "due_on": m.due_on,
            "replied_at": m.replied_at, "reply": m.reply}  # fmt: skip


@router.get("/library", response=WebsiteLibraryPage, summary=_("The library as an editor sees it: own drafts too"))
def library_list(
    request, q: str = Query("", max_length=100), kind: ItemKind | None = None, page: PageNumber = 1,
    page_size: int = Query(20, ge=1, le=100),
):  # fmt: skip
    if not is_staff_member(request.user):
        raise PermissionDeniedError()
    items = selectors.library_for(request.user, query=q, kind=kind or "")
    start = (page - 1) * page_size
    return {
        "count": items.count(),
        "items": [
            {**_summary(i, None), "live": i.live, "owner_id": i.owner_id} for i in items[start : start + page_size]
        ],
    }


@router.get("/sites/{site_id}/messages", response=WebsiteLetterPage, auth=None,
            summary=_("A site's answered letters its writers agreed to publish (R8.4)"))  # fmt: skip
def letter_list(request, site_id: Id, page: PageNumber = 1):
    letters = messages.public_messages(_profile(site_id))
    size = 20
    return {
        "count": letters.count(),
        "items": [
            {"number": m.number, "kind": m.kind, "title": m.title, "body": m.body, "received_at": m.received_at,
             "replied_at": m.replied_at, "unit": m.unit.name, "reply": m.reply}
            for m in letters[(page - 1) * size : page * size]
        ],
    }  # fmt: skip


@router.post("/sites/{site_id}/messages", response={201: WebsiteReceiptOut}, auth=None,
             summary=_("Send a letter to a site's unit (R8.4): the receipt's number and answer date"))  # fmt: skip
def letter_send(request, site_id: Id, payload: WebsiteLetterIn):
    message = messages.message_send(site=_profile(site_id), address=client_ip(request) or None, **payload.dict())
    return Status(201, _receipt(message))


@router.post("/sites/{site_id}/corrections", response={201: WebsiteReceiptOut}, auth=None,
             summary=_("Report a mistake on one of a site's pages (网民纠错, R8.6)"))  # fmt: skip
def correction_send(request, site_id: Id, payload: WebsiteCorrectionIn):
    report = messages.correction_send(site=_profile(site_id), address=client_ip(request) or None, **payload.dict())
    return Status(201, _receipt(report))


@router.get("/letters", response=WebsiteStaffLetterPage,
            summary=_("The letters and error reports the signed-in staff member's units answer"))  # fmt: skip
def staff_letters(
    request, state: MessageState | None = None, kind: MessageKind | None = None, page: PageNumber = 1,
    page_size: int = Query(20, ge=1, le=100),
):  # fmt: skip
    if not is_staff_member(request.user):
        raise PermissionDeniedError()
    letters = messages.messages_for(request.user).order_by("state", "due_on", "pk")
    if state:
        letters = letters.filter(state=state)
    if kind:
        letters = letters.filter(kind=kind)
    start = (page - 1) * page_size
    return {"count": letters.count(), "items": [_staff_letter(m) for m in letters[start : start + page_size]]}


@router.post("/letters/{letter_id}/reply", response=WebsiteStaffLetterOut,
             summary=_("Answer a letter or an error report (once)"))  # fmt: skip
def staff_reply(request, letter_id: Id, payload: WebsiteReplyIn):
    letter = messages.messages_for(request.user).filter(pk=letter_id).first()
    if letter is None:
        raise NotFoundError()
    return _staff_letter(messages.message_reply(actor=request.user, message=letter, reply=payload.reply))


class WebsiteDisclosureApplicationIn(Schema):
    """An application for disclosure (依申请公开, R8.8); every field is checked at once, as on the site's form."""

    applicant_kind: ApplicantKind
    name: str = Field(..., max_length=100)
    id_number: str = Field("", max_length=18, description="GB 11643, for a citizen")
    uscc: str = Field("", max_length=18, description="GB 32100, for a legal person or other organisation")
    phone: str = Field(..., max_length=20)
    postal_address: str = Field("", max_length=200)
    email: str = Field("", max_length=100)
    description: str = Field(..., max_length=2000)
    delivery_form: DeliveryForm
    receipt_way: ReceiptWay


class WebsiteDisclosureQueryIn(Schema):
    number: str = Field(..., max_length=20)
    phone: str = Field(..., max_length=20)


class WebsiteDisclosureProgressOut(Schema):
    """What the applicant sees: the state and the dates, nothing personal."""

    number: str
    unit: str
    state: str
    received_at: dt.datetime
    due_on: dt.date | None
    extended: bool
    correction_request: str
    correction_due_on: dt.date | None = Field(None, description="Without a correction by this day, deemed withdrawn")
    reply_type: str
    replied_at: dt.datetime | None


class WebsiteDisclosureApplicationOut(WebsiteDisclosureProgressOut):
    id: int
    site_id: int
    applicant_kind: str


class WebsiteDisclosureApplicationPage(Schema):
    count: int
    items: list[WebsiteDisclosureApplicationOut]


STOPPED = (DisclosureState.CORRECTION, DisclosureState.ABANDONED)  # no reply date runs


def _progress(a: DisclosureApplication) -> dict:
    return {
        "number": a.number, "unit": a.unit.name, "state": a.state, "received_at": a.received_at,
        "due_on": None if a.state in STOPPED else a.due_on, "extended": a.extended_at is not None,
        "correction_request": a.correction_request, "correction_due_on": a.correction_due_on,
        "reply_type": a.reply_type, "replied_at": a.replied_at,
    }  # fmt: skip


@router.post("/sites/{site_id}/disclosure-applications", response={201: WebsiteDisclosureProgressOut}, auth=None,
             summary=_("Apply to a site's unit for government information (R8.8)"))  # fmt: skip
def disclosure_apply(request, site_id: Id, payload: WebsiteDisclosureApplicationIn):
    application = disclosure.application_submit(
        site=_profile(site_id), citizen=request.user, address=client_ip(request) or None, **payload.dict()
    )
    return Status(201, _progress(application))


@router.post("/disclosure-applications/progress", response=WebsiteDisclosureProgressOut, auth=None,
             summary=_("An application's state and dates, by its number and mobile number"))  # fmt: skip
def disclosure_progress(request, payload: WebsiteDisclosureQueryIn):
    application = disclosure.application_lookup(None, payload.number, payload.phone, address=client_ip(request) or None)
    if application is None:
        raise NotFoundError()
    return _progress(application)


@router.get("/disclosure-applications", response=WebsiteDisclosureApplicationPage,
            summary=_("The applications for disclosure the caller's units answer"))  # fmt: skip
def disclosure_list(request, state: DisclosureState | None = None, page: PageNumber = 1):
    if not is_staff_member(request.user):
        raise PermissionDeniedError()
    found = disclosure.open_first(disclosure.applications_for(request.user))
    if state:
        found = found.filter(state=state)
    size = 20
    return {
        "count": found.count(),
        "items": [
            {**_progress(a), "id": a.pk, "site_id": a.site.site_id, "applicant_kind": a.applicant_kind}
            for a in found[(page - 1) * size : page * size]
        ],
    }

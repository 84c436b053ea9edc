"""The online service hall's applicant pages (网上办事大厅, R4.2) under `/zwfw/`, in the public frame of the site they
are opened on: the application for an item (the form, then the materials, a draft kept between visits), 我的办件,
one case with its steps, its 补正 and its withdrawal, the receipt (回执) as a PDF, and the public progress query by
number, which shows no personal data and is limited per address and hour.

The services check and record everything that changes a case (`services.cases`); these views only carry what was
typed and uploaded to them and show their Chinese errors at the field they name."""

import contextlib
import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core.errors import DomainError, FieldErrors, NotFoundError
from digigov.core.middleware import client_ip
from digigov.core.public import QueryPager
from digigov.core.ratelimit import RateLimited, limit_per_address
from digigov.eservices import (
    case_extras,
    case_selectors,
    counter_selectors,
    hall_appointment_views,
    hall_rating_views,
    prefill,
    receipts,
)
from digigov.eservices.choices import CaseStatus, Decision, MaterialRequirement, Provision
from digigov.eservices.models import Case, Material, ProgressLookup, ServiceItem
from digigov.eservices.services import cases
from digigov.forms import api as forms_api
from digigov.identity import api as identity
from digigov.websites.api import chrome_for

HOME = "/zwfw/"
PAGE_SIZE = 20


def _context(request, **extra) -> dict:
    return {"chrome": chrome_for(request, HOME), "request": request, **extra}


def _page(request, template: str, status: int = 200, **extra) -> TemplateResponse:
    return TemplateResponse(request, f"eservices/{template}", _context(request, **extra), status=status)


def _sign_in(request):
    return redirect_to_login(request.get_full_path(), reverse("identity:login"))


def _not_an_applicant(request):
    """A staff account (or any account standing for no citizen or legal person) cannot apply online."""
    return _page(
        request,
        "hall_case_refused.html",
        status=403,
        title=_("Online applications are for citizens and legal persons"),
        message=_(
            "Only citizens and legal persons apply online. You are signed in with a staff account: sign out, then "
            "sign in with your citizen or legal-person account."
        ),
    )


def _prefills(request, case: Case) -> tuple[dict, list[cases.Held]]:
    """What the platform fills in for the applicant ({field key: Prefill}) and the materials it already holds.

    The one place the hall asks for them: the applicant's own verified data, and shared data through the exchange
    gateway (`prefill`, one logged call per resource; outside any transaction, so the call log keeps its rows).
    E-licences the applicant holds valid are held too (`prefill.materials_held`, R6.2)."""
    own = cases.applicant_prefill(case)
    if case.applicant_id != request.user.pk:
        return own, []  # a clerk's counter application: the applicant's own account is not the one signed in
    shared = prefill.prefill_for(applicant_user=request.user, form_version=case.form_version)
    return own | shared, prefill.materials_held(applicant_user=request.user, item=case.item)


# --------------------------------------------------------------------------- the application


@dataclass
class MaterialRow:
    material: Material
    field: str
    held: cases.Held | None = None
    files: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def _material_rows(case: Case, held: list[cases.Held], errors: dict) -> list[MaterialRow]:
    by_material: dict[int | None, list] = {}
    for row in case.materials.filter(provided=Provision.UPLOAD).order_by("pk"):
        by_material.setdefault(row.material_id, []).append(row)
    held_by = {h.material_id: h for h in held}
    rows = []
    for material in Material.objects.filter(item_id=case.item_id).order_by("position", "pk"):
        key = f"material-{material.pk}"
        rows.append(
            MaterialRow(material, key, held_by.get(material.pk), by_material.get(material.pk, []), errors.get(key, []))
        )
    return rows


def _attach_uploads(request, case: Case, errors: FieldErrors) -> None:
    """Every file posted for a material of the case, each checked by the service; a refused one is an error at its
    material, the others are kept."""
    for material in Material.objects.filter(item_id=case.item_id):
        key = f"material-{material.pk}"
        for upload in request.FILES.getlist(key):
            try:
                cases.material_attach(
                    actor=request.user, case=case, material_id=material.pk, filename=upload.name, data=upload.read()
                )
            except DomainError as error:
                for message in error.fields.get(key) or [error.message]:
                    errors.add(key, message)


def _missing(case: Case, held: list[cases.Held], errors: FieldErrors) -> None:
    """The required materials neither uploaded nor held, as `case_submit` names them (shown with an upload error,
    where the submission itself is not tried)."""
    provided = set(case.materials.values_list("material_id", flat=True)) | {h.material_id for h in held}
    for material in Material.objects.filter(item_id=case.item_id, required=MaterialRequirement.ALWAYS):
        key = f"material-{material.pk}"
        if material.pk not in provided and key not in errors.fields:
            errors.add(key, _("Upload “%(name)s”.") % {"name": material.name})


def _merge(errors: FieldErrors, error: DomainError) -> None:
    if not error.fields:
        errors.add("", error.message)
    for key, problems in error.fields.items():
        for problem in problems:
            if problem not in errors.fields.get(key, []):
                errors.add(key, problem)


def _draft_for(request, item: ServiceItem) -> Case:
    draft = case_selectors.applicant_cases(request.user).filter(item=item, status=CaseStatus.DRAFT).first()
    return draft or cases.case_start(actor=request.user, item=item)


def apply(request, code: str):
    item = ServiceItem.objects.published().filter(implementation_code=code).first()
    if item is None:
        raise Http404
    if not request.user.is_authenticated:
        return _sign_in(request)
    if identity.party_of(request.user) is None:
        return _not_an_applicant(request)
    sent = request.POST.get("draft", "")
    if request.method == "POST" and sent.isdigit() and len(sent) < 12:
        earlier = case_selectors.applicant_cases(request.user).filter(pk=int(sent), item=item).first()
        if earlier is not None and earlier.number:  # submitted meanwhile (a second click, another tab)
            messages.info(request, _("This application has been submitted already."))
            return redirect(reverse("eservices_hall_case", args=[earlier.number]))
    try:
        case = _draft_for(request, item)
    except DomainError as error:
        return _page(
            request,
            "hall_case_refused.html",
            status=error.status,
            title=item.name,
            message=error.message,
            item=item,
        )
    prefilled, held = _prefills(request, case)
    values, errors, status = dict(case.data), FieldErrors(), 200
    if request.method == "POST":
        post = request.POST
        action = post.get("action", "save")
        _attach_uploads(request, case, errors)
        if post.get("remove", "").isdigit():
            cases.case_save_draft(actor=request.user, case=case, post=post, prefilled=prefilled)
            with contextlib.suppress(NotFoundError):  # removed already (a second click, another tab)
                cases.material_remove(actor=request.user, case=case, row_id=int(post["remove"]))
            messages.info(request, _("The file was removed."))
            return redirect(request.path)
        if action == "submit" and not errors.fields:
            try:
                submitted = cases.case_submit(actor=request.user, case=case, post=post, prefilled=prefilled, held=held)
            except DomainError as error:
                _merge(errors, error)
            else:
                messages.success(
                    request,
                    _("Your application has been submitted. Its number is %(no)s; keep the receipt.")
                    % {"no": submitted.number},
                )
                return redirect(reverse("eservices_hall_case", args=[submitted.number]))
        elif action == "submit":
            _values, form_errors = forms_api.clean(case.form_version, post, prefilled)
            for key, problems in form_errors.fields.items():
                for problem in problems:
                    errors.add(key, problem)
            _missing(case, held, errors)
        case = cases.case_save_draft(actor=request.user, case=case, post=post, prefilled=prefilled)
        values = dict(case.data)
        if not errors.fields:
            messages.success(request, _("Draft saved. You can continue it from “My cases”."))
            return redirect(request.path)
        status = 400
    fields = errors.fields
    return _page(
        request,
        "hall_case_apply.html",
        status=status,
        item=item,
        case=case,
        form_html=forms_api.render(case.form_version, values, fields, prefilled),
        materials=_material_rows(case, held, fields),
        problems=fields.get("", []),
        breadcrumbs=[
            (_("Online service hall"), HOME),
            (item.name, f"{HOME}items/{item.implementation_code}/"),
            (_("Apply online"), ""),
        ],
    )


# --------------------------------------------------------------------------- my applications


def my_cases(request):
    if not request.user.is_authenticated:
        return _sign_in(request)
    number = request.GET.get("page", "")
    pages = Paginator(case_selectors.applicant_cases(request.user), PAGE_SIZE)
    page = pages.get_page(int(number) if number.isdigit() and len(number) < 6 else 1)
    return _page(
        request,
        "hall_case_list.html",
        page=page,
        rows=list(page.object_list),
        pager=QueryPager({}, page.number, pages.num_pages),
        total=pages.count,
        consent_requests=list(counter_selectors.consent_requests_for(request.user)),
        breadcrumbs=[(_("Online service hall"), HOME), (_("My cases"), "")],
    )


# --------------------------------------------------------------------------- one case


@dataclass
class Step:
    label: str
    on: dt.date | None = None
    done: bool = True
    detail: str = ""
    notice: list = field(default_factory=list)  # the 补正 notice: [{"name", "reason"}]
    note: str = ""
    reply: str = ""
    replied_on: dt.date | None = None


def _steps(case: Case, *, personal: bool) -> list[Step]:
    """The case's steps so far and the next one: 提交, 受理 (or 不予受理), each 补正, 办结 (or 撤回). Without
    `personal` (the public query) only the steps and their dates: no reasons, no notice, no reply."""
    steps = [Step(_("Application submitted"), timezone.localdate(case.submitted_at) if case.submitted_at else None)]
    suspensions = list(case.suspensions.order_by("pk"))
    if case.accepted_on:
        detail = (
            _("Promised by %(date)s (%(days)s working days)")
            % {"date": case.due_on.isoformat(), "days": case.promised_days}
            if case.due_on
            else ""
        )
        steps.append(Step(_("Accepted"), case.accepted_on, detail=detail))
    for suspension in suspensions:
        steps.append(
            Step(
                _("Supplement requested"),
                suspension.started_on,
                detail="" if suspension.ended_on else _("Waiting for the applicant to supply what is missing."),
                notice=suspension.notice if personal and suspension.ended_on else [],  # an open one is shown above
                note=suspension.note if personal and suspension.ended_on else "",
                reply=suspension.reply if personal else "",
                replied_on=suspension.ended_on,
            )
        )
    steps.sort(key=lambda s: s.on or dt.date.max)
    if case.status == CaseStatus.REJECTED:
        steps.append(Step(_("Not accepted"), case.concluded_on, detail=case.reason if personal else ""))
    elif case.status == CaseStatus.WITHDRAWN:
        steps.append(Step(_("Withdrawn by the applicant"), timezone.localdate(case.updated_at)))
    elif case.status == CaseStatus.CONCLUDED:
        decision = Decision(case.decision).label if case.decision else ""
        reason = f"：{case.reason}" if personal and case.reason else ""
        steps.append(Step(_("Concluded"), case.concluded_on, detail=f"{decision}{reason}"))
    elif case.accepted_on is None:
        steps.append(
            Step(
                _("Acceptance"),
                None,
                done=False,
                detail=_("The department decides whether to accept within its time limit."),
            )
        )
    else:
        steps.append(Step(_("Conclusion"), case.due_on, done=False, detail=_("Due by this date at the latest.")))
    return steps


def _case_or_404(request, number: str) -> Case:
    try:
        return case_selectors.applicant_case_get(request.user, number)
    except NotFoundError:
        raise Http404 from None


def _supplement(request, case: Case, errors: FieldErrors) -> Case | None:
    files = []
    for material in Material.objects.filter(item_id=case.item_id):
        key = f"material-{material.pk}"
        files += [(material.pk, upload.name, upload.read()) for upload in request.FILES.getlist(key)]
    try:
        return cases.case_supplement(
            actor=request.user, case=case, reply=request.POST.get("reply", "")[:4000], files=files
        )
    except DomainError as error:
        _merge(errors, error)
        return None


def case_detail(request, number: str):
    if not request.user.is_authenticated:
        return _sign_in(request)
    case = _case_or_404(request, number)
    errors, status = FieldErrors(), 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "supplement":
            if _supplement(request, case, errors) is not None:
                messages.success(request, _("Your supplement has been sent to the department."))
                return redirect(request.path)
        elif action == "withdraw":
            try:
                cases.case_withdraw(actor=request.user, case=case, reason=request.POST.get("reason", "")[:2000])
            except DomainError as error:
                _merge(errors, error)
            else:
                messages.success(request, _("Your application has been withdrawn."))
                return redirect(request.path)
        elif action == "rate" and (rated := hall_rating_views.rate(request, case, errors)) is not None:
            return rated
        status = 400 if errors.fields else 200
        case = _case_or_404(request, number)
    fields = errors.fields
    open_suspension = case.suspensions.filter(ended_on__isnull=True).order_by("-pk").first()
    return _page(
        request,
        "hall_case_detail.html",
        status=status,
        case=case,
        steps=_steps(case, personal=True),
        open_suspension=open_suspension if case.status == CaseStatus.SUPPLEMENTING else None,
        materials=_material_rows(case, [], fields),
        received=list(case.materials.order_by("pk")),
        can_withdraw=case.status in (CaseStatus.SUBMITTED, CaseStatus.SUPPLEMENTING) and case.accepted_on is None,
        problems=fields.get("", []),
        reply_errors=fields.get("reply", []),
        reason_errors=fields.get("reason", []),
        reply=request.POST.get("reply", "") if request.method == "POST" else "",
        **hall_rating_views.rating_context(request, case, fields),
        **case_extras.hall_extras(case),  # fees and mailing (R4.7)
        **counter_selectors.hall_counter_context(case),
        **hall_appointment_views.case_extras(case),  # 预约, 您可能还需要办理 (R4.7)
        breadcrumbs=[
            (_("Online service hall"), HOME),
            (_("My cases"), reverse("eservices_hall_cases")),
            (case.number, ""),
        ],
    )


def receipt(request, number: str):
    """回执: what was received, when, and how long it may take, with a QR code of the public progress query."""
    if not request.user.is_authenticated:
        return _sign_in(request)
    case = _case_or_404(request, number)
    pdf = receipts.receipt_pdf(case, receipts.progress_address(request, case))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.number}.pdf"'
    return response


# --------------------------------------------------------------------------- the public progress query


def _lookup(number: str, address: str | None) -> Case | None:
    """Every query from an address counts, found or not: at most the rule's number an hour, so numbers cannot be
    guessed in bulk. The row keeps the address and the time only."""
    limit_per_address(
        ProgressLookup.objects.all(),
        "at",
        address,
        "eservices.progress_hourly_limit",
        gettext_lazy("Too many queries were made from your network in the last hour. Please try again later."),
    )
    if address:
        ProgressLookup.objects.create(address=address, at=timezone.now())
    found = case_selectors.progress_get(number)
    return None if found is None or found.status == CaseStatus.DRAFT else found


def progress(request):
    number = request.GET.get("no", "").strip()[:40]
    context = {"number": number, "breadcrumbs": [(_("Online service hall"), HOME), (_("Progress of a case"), "")]}
    if not number:
        return _page(request, "hall_case_progress.html", **context)
    try:
        case = _lookup(number, client_ip(request) or None)
    except RateLimited as error:
        return _page(request, "hall_case_progress.html", status=error.status, problem=error.message, **context)
    if case is None:
        problem = _("No application has this number. Check the number on your receipt and try again.")
        return _page(request, "hall_case_progress.html", status=404, problem=problem, **context)
    return _page(request, "hall_case_progress.html", case=case, steps=_steps(case, personal=False), **context)

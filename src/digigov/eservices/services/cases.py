"""Cases (办件, R4.2, ADR 0003 §5–6): the applicant's draft and submission, then acceptance (受理) or refusal to
accept (不予受理), supplement requests (补正, one notice listing everything; the clock stops after acceptance),
review by the lead and by joint parts in parallel, the decision and the conclusion (办结).

Each handler's action completes the matching user task of the case's process (`TASK_KINDS`), in the same
transaction as the case's own change; the process decides who works next. Lock order: the case row, then the
process instance (inside workflow), then the ledger head (ADR 0003 §2). Every change goes to the ledger.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger, uploads
from digigov.core.calendar import add_working_days, working_days_between
from digigov.core.errors import ConflictError, DomainError, FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.inbox import lazy_text
from digigov.core.numbering import next_number
from digigov.core.rules import rule
from digigov.eservices.choices import (
    LEAD_PART,
    TASK_KINDS,
    CaseStatus,
    Channel,
    Decision,
    MaterialRequirement,
    PartStatus,
    Provision,
    TaskKind,
)
from digigov.eservices.models import Case, CaseMaterial, CasePart, Material, ServiceItem, Suspension
from digigov.eservices.selectors import version_get
from digigov.eservices.services.push import case_push_related
from digigov.forms import api as forms_api
from digigov.identity import api as identity
from digigov.licenses import api as licenses_api
from digigov.workflow import api as workflow

OWNER_TYPE = "eservices.case"
REASON_MAX = 2000


def task_kind(element_id: str) -> str:
    return TASK_KINDS.get(element_id, TaskKind.REVIEW)


def lock(pk) -> Case:
    """The case row, locked until the transaction ends (first in the lock order)."""
    try:
        return Case.objects.select_for_update(of=("self",)).select_related("item", "organisation").get(pk=pk)
    except (Case.DoesNotExist, ValueError):
        raise NotFoundError() from None


def _set_status(case: Case, status: str) -> None:
    """The case's status and its copy on every part row (the departments' lists read the copy)."""
    case.status = status
    CasePart.objects.filter(case=case).update(case_status=status)


def _record(action: str, actor, case: Case, after: dict | None = None, organisation=None) -> None:
    via = {"system": actor.name, "channel": actor.channel} if getattr(actor, "is_system", False) else {}
    ledger.record(
        action=action,
        actor=actor,
        organisation=organisation or case.organisation_id,
        obj=case,
        after={"number": case.number or "", **(after or {}), **via},
    )


def _person(actor):
    """The account to store as who did a step: none for a department's system (the ledger names the system)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _tell_applicant(case: Case, title, body="") -> None:
    if case.applicant_id is not None:
        inbox.notify(recipient=case.applicant, title=title, body=body, url=applicant_url(case))


def applicant_url(case: Case) -> str:
    return f"/zwfw/cases/{case.number}/" if case.number else ""  # the hall's page of the case


def staff_url(case: Case) -> str:
    return reverse("eservices_case_detail", args=[case.pk])


# --------------------------------------------------------------------------- the applicant's side


@dataclass(frozen=True)
class Held:
    """A material the platform already holds for the applicant, found before the form is shown."""

    material_id: int
    provided: str  # Provision.SHARED or LICENCE
    source: str  # "公安厅 人口基础信息"
    source_ref: str  # the gateway call or licence that answered


@transaction.atomic
def case_start(*, actor, item: ServiceItem, channel: str = Channel.ONLINE, party=None) -> Case:
    """A draft application for a published item: by the signed-in citizen or legal person, or by a clerk at the
    counter (channel counter or assisted) for the `party` they name (checked by `services.counter.party_checked`);
    a walk-in applicant who has an account of their own is linked to it, so the case is theirs in 我的办件 too."""
    item = ServiceItem.objects.published().select_related("form__current").filter(pk=item.pk).first()
    if item is None:
        raise NotFoundError()
    form = item.form
    if form is None or form.current is None:
        raise DomainError(_("This item cannot be applied for online; please apply at the counter."))
    if channel == Channel.ONLINE:
        party = identity.party_of(actor)
        if party is None:
            raise PermissionDeniedError(_("Sign in as a citizen or as a legal person to apply."))
        if item.online_depth < rule("eservices.online_depth_min"):
            raise DomainError(_("This item cannot be applied for online; please apply at the counter."))
    elif party is None:
        raise DomainError(_("Name the applicant."))
    case = Case.objects.create(
        item=item,
        item_version=item.version,
        organisation=item.organisation,
        applicant=actor if channel == Channel.ONLINE else identity.account_of(party.kind, party.code),
        applicant_kind=party.kind,
        applicant_name=party.name,
        applicant_code=party.code,
        applicant_phone=party.phone,
        agent=None if channel == Channel.ONLINE else actor,
        channel=channel,
        form_version=form.current,
    )
    _record("eservices.case.drafted", actor, case, {"item": item.name, "channel": channel})
    return case


def applicant_prefill(case: Case) -> dict:
    """{field key: Prefill} for the form's `applicant.<field>` keys, from the applicant the case records (the
    verified account's real name and code online; what the clerk checked at the counter): locked, with its source."""
    party = identity.party_of(case.applicant) if case.applicant_id else None
    citizen = case.applicant_kind == "citizen"
    known = {
        "name": case.applicant_name if citizen else (party.representative if party else ""),
        "id_number": case.applicant_code if citizen else (party.representative_id_number if party else ""),
        "mobile": case.applicant_phone,
        "org_name": "" if citizen else case.applicant_name,
        "uscc": "" if citizen else case.applicant_code,
        "legal_representative": "" if citizen or party is None else party.representative,
    }
    source = str(
        gettext_lazy("Your verified account")
        if case.channel == Channel.ONLINE
        else gettext_lazy("Checked at the counter")
    )
    found = {}
    for key, wanted in forms_api.prefill_keys(case.form_version).items():
        name = wanted.removeprefix("applicant.")
        if wanted.startswith("applicant.") and known.get(name):
            found[key] = forms_api.Prefill(known[name], source)
    return found


def _prefills(case: Case, prefilled: Mapping | None) -> dict:
    return applicant_prefill(case) | dict(prefilled or {})


def _draft_values(version, post: Mapping, prefilled) -> dict:
    """What was typed, kept as it was where it does not check yet (a draft is saved with its mistakes)."""
    values, errors = forms_api.clean(version, post, prefilled)
    for key in errors.fields:
        raw = post.getlist(forms_api.PREFIX + key) if hasattr(post, "getlist") else post.get(forms_api.PREFIX + key)
        values[key] = raw[0] if isinstance(raw, list) and len(raw) == 1 else (raw or "")
    return values


def _own_draft(actor, case: Case) -> Case:
    """The draft, locked, if `actor` fills it in: the clerk of a counter case, else the applicant."""
    case = lock(case.pk)
    if (case.agent_id or case.applicant_id) != actor.pk:
        raise NotFoundError()
    if case.status != CaseStatus.DRAFT:
        raise ConflictError(_("This application has been submitted already; it can no longer be changed."))
    return case


@transaction.atomic
def case_save_draft(*, actor, case: Case, post: Mapping, prefilled: Mapping | None = None) -> Case:
    """Keep the answers so far; the applicant resumes later (drafts are kept `eservices.draft_keep_days`)."""
    case = _own_draft(actor, case)
    case.data = _draft_values(case.form_version, post, _prefills(case, prefilled))
    case.save(update_fields=["data", "updated_at"])
    return case


@transaction.atomic
def material_attach(*, actor, case: Case, material_id: int, filename: str, data: bytes) -> CaseMaterial:
    """An uploaded file for one material of the draft, checked for its real type and size before it is kept."""
    case = _own_draft(actor, case)
    material = Material.objects.filter(pk=material_id, item_id=case.item_id).first()
    if material is None:
        raise FieldErrors.one(f"material-{material_id}", _("This item asks for no such material."))
    field = f"material-{material_id}"
    kind = uploads.check_upload(
        data, filename=filename, kinds=uploads.EVIDENCE, max_mb=rule("eservices.upload_max_mb"), field=field
    )
    return _keep_file(case, material, filename, data, kind)


def _keep_file(case: Case, material: Material, filename: str, data: bytes, kind: str) -> CaseMaterial:
    from django.core.files.base import ContentFile

    name = (filename or "file").replace("/", "_")[-120:]
    row = CaseMaterial(
        case=case, material=material, name=material.name, provided=Provision.UPLOAD, filename=name, size=len(data)
    )
    row.file.save(f"{case.pk}-{material.pk}.{kind}", ContentFile(data), save=False)
    row.save()
    return row


@transaction.atomic
def material_remove(*, actor, case: Case, row_id: int) -> None:
    case = _own_draft(actor, case)
    row = CaseMaterial.objects.filter(pk=row_id, case=case).first()
    if row is None:
        raise NotFoundError()
    row.file.delete(save=False)
    row.delete()


def _materials_missing(case: Case, held: list[Held]) -> list[Material]:
    provided = set(case.materials.values_list("material_id", flat=True)) | {h.material_id for h in held}
    return [
        m
        for m in Material.objects.filter(item_id=case.item_id)
        if m.required == MaterialRequirement.ALWAYS and m.pk not in provided
    ]


@transaction.atomic
def case_submit(
    *,
    actor,
    case: Case,
    post: Mapping,
    prefilled: Mapping | None = None,
    held: list[Held] | None = None,
    today: dt.date | None = None,
) -> Case:
    """Check every answer and every required material, number the case and start its process.

    `held` are the materials the platform fetched for the applicant (shared data, e-licences): recorded as
    provided, never asked for. Tolerated (容缺) materials may follow; conditional ones are the applicant's call."""
    case = _own_draft(actor, case)
    held = held or []
    prefilled = _prefills(case, prefilled)
    values, errors = forms_api.clean(case.form_version, post, prefilled)
    for material in _materials_missing(case, held):
        errors.add(f"material-{material.pk}", _("Upload “%(name)s”.") % {"name": material.name})
    if case.channel == Channel.ASSISTED:
        from digigov.eservices.services.consents import consent_problem

        problem = consent_problem(case, today or timezone.localdate())
        if problem:
            errors.add("consent", problem)
    errors.raise_if_any()  # the page keeps what was typed; `case_save_draft` stores it
    version = version_get(case.item, case.item.version)
    fields = version.snapshot["fields"]
    for h in held:
        found = Material.objects.filter(pk=h.material_id, item_id=case.item_id).first()
        if found is not None:
            CaseMaterial.objects.create(
                case=case,
                material=found,
                name=found.name,
                provided=h.provided,
                source=h.source[:200],
                source_ref=h.source_ref[:100],
            )
    case.data = values
    case.item_version = version.number
    case.legal_days, case.promised_days = fields["legal_days"], fields["promised_days"]
    case.visits = 0 if case.channel == Channel.ONLINE else 1
    now = timezone.localtime()
    day = today or now.date()
    case.submitted_at = now if day == now.date() else now.replace(day.year, day.month, day.day, 10, 0, 0, 0)
    case.number = next_number(case.item.division_id[:6], model=Case, day=day)
    case.status = CaseStatus.SUBMITTED
    case.save()
    CasePart.objects.create(
        case=case,
        organisation=case.organisation,
        part=LEAD_PART,
        name=str(gettext_lazy("Lead department")),
        case_status=case.status,
        status=PartStatus.WORKING,
    )
    for part in version.snapshot["parts"]:
        CasePart.objects.create(
            case=case,
            organisation_id=part["organisation"],
            part=part["code"],
            name=part["name"],
            case_status=case.status,
        )
    _record("eservices.case.submitted", actor, case, {"item": case.item.name, "channel": case.channel})
    _licences_used(actor, case, held)
    process = case.item.process
    if process is None or process.current is None:
        raise DomainError(_("The item has no handling process; the department must choose one first."))
    parts = {p.part: p.organisation for p in case.parts.select_related("organisation") if p.part != LEAD_PART}
    result = workflow.instance_start(
        actor=actor,
        version=process.current,
        organisation=case.organisation,
        owner_type=OWNER_TYPE,
        owner_id=case.pk,
        parts=parts,
        today=day,
    )
    Case.objects.filter(pk=case.pk).update(instance=result.instance)
    case.refresh_from_db()
    _tell_applicant(
        case,
        lazy_text(gettext_lazy("Application %(no)s received: %(item)s"), no=case.number, item=case.item.name),
    )
    return case


def _licences_used(actor, case: Case, held: list[Held]) -> None:
    """Each e-licence that took a material's place is a use of it the holder sees (用证记录, R6.2): the case's
    department, the item as purpose, the case number. A licence that stopped being usable since the page was shown
    (revoked, expired) fails the submission at its material: the applicant uploads it instead."""
    holder = case.applicant_code
    for h in held:
        if h.provided != Provision.LICENCE:
            continue
        used = licenses_api.licence_case_use(
            actor=actor,
            identifier=h.source_ref,
            holder_code=holder,
            organisation_id=case.organisation_id,
            purpose=case.item.name,
            case_number=case.number or "",
        )
        if not used:
            raise FieldErrors.one(
                f"material-{h.material_id}",
                _("The e-licence for this material is no longer valid; upload the material instead."),
            )


@transaction.atomic
def case_withdraw(*, actor, case: Case, reason: str = "") -> Case:
    """The applicant withdraws an application not yet accepted; its process ends."""
    case = lock(case.pk)
    if case.applicant_id != actor.pk and case.agent_id != actor.pk:
        raise NotFoundError()
    if case.status == CaseStatus.DRAFT:
        case.status = CaseStatus.WITHDRAWN
        case.save(update_fields=["status", "updated_at"])
        _record("eservices.case.withdrawn", actor, case, {"reason": reason[:REASON_MAX]})
        return case
    if case.status not in (CaseStatus.SUBMITTED, CaseStatus.SUPPLEMENTING) or case.accepted_on is not None:
        raise ConflictError(_("An accepted application can no longer be withdrawn online; call the department."))
    _close_suspension(case, timezone.localdate())
    _set_status(case, CaseStatus.WITHDRAWN)
    CasePart.objects.filter(case=case, part=LEAD_PART).update(status=PartStatus.DONE)
    case.reason = reason[:REASON_MAX]
    case.save(update_fields=["status", "reason", "updated_at"])
    if case.instance is not None:
        workflow.instance_cancel(
            actor=actor, instance=case.instance, reason=str(gettext_lazy("Withdrawn by the applicant"))
        )
    _record("eservices.case.withdrawn", actor, case, {"reason": case.reason})
    return case


# --------------------------------------------------------------------------- the departments' side


@transaction.atomic
def case_opened(*, actor, case: Case, organisation_id: int) -> None:
    """Record that `actor` opened the case: it holds personal data (R0.4). On the screen and in the API."""
    ledger.record(
        action="eservices.case.viewed",
        actor=actor,
        organisation=organisation_id,
        obj=case,
        after={"number": case.number or ""},
    )


def _open_task(actor, case: Case, kind: str):
    """The open task of `kind` on this case that `actor` may do: PermissionDenied if none is theirs."""
    if case.instance is None:
        raise ConflictError(_("This case has no running process."))
    tasks = [t for t in workflow.open_tasks(case.instance) if task_kind(t.element_id) == kind]
    if not tasks:
        raise ConflictError(_("The case is not waiting for this step; reload the page."))
    for task in tasks:
        if workflow.can_do(actor, task):
            return task
    raise PermissionDeniedError()


def actor_tasks(actor, case: Case) -> list:
    """The open tasks of the case `actor` may do now (the buttons of the case screen)."""
    if case.instance is None or not case.is_running:
        return []
    return [t for t in workflow.open_tasks(case.instance) if workflow.can_do(actor, t)]


def _clean_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise FieldErrors.one(field, _("Give the reason, with its legal basis."))
    if len(reason) > REASON_MAX:
        raise FieldErrors.one(field, _("At most %(n)s characters.") % {"n": REASON_MAX})
    return reason


@transaction.atomic
def case_accept(*, actor, case: Case, today: dt.date | None = None) -> Case:
    """受理: the clock starts (自受理之日起), due on the promised working day."""
    today = today or timezone.localdate()
    case = lock(case.pk)
    if case.status != CaseStatus.SUBMITTED:
        raise ConflictError(_("Only an application awaiting acceptance can be accepted."))
    task = _open_task(actor, case, TaskKind.ACCEPT)
    case.accepted_on = today
    case.due_on = add_working_days(today, case.promised_days)
    _set_status(case, CaseStatus.IN_PROGRESS)
    case.save(update_fields=["accepted_on", "due_on", "status", "updated_at"])
    CasePart.objects.filter(case=case, part=LEAD_PART).update(due_on=case.due_on)
    _record("eservices.case.accepted", actor, case, {"due_on": case.due_on.isoformat()})
    workflow.task_complete(actor=actor, task=task, facts={"accepted": True}, today=today)
    case.refresh_from_db()
    _tell_applicant(
        case,
        lazy_text(
            gettext_lazy("Application %(no)s accepted; promised by %(due)s"),
            no=case.number,
            due=case.due_on.isoformat(),
        ),
    )
    return case


@transaction.atomic
def case_reject(*, actor, case: Case, reason: str, today: dt.date | None = None) -> Case:
    """不予受理, with the reason and its legal basis: the process ends at its rejected end."""
    today = today or timezone.localdate()
    reason = _clean_reason(reason)
    case = lock(case.pk)
    if case.status != CaseStatus.SUBMITTED:
        raise ConflictError(_("Only an application awaiting acceptance can be refused acceptance."))
    task = _open_task(actor, case, TaskKind.ACCEPT)
    case.reason = reason
    case.concluded_on = today
    _set_status(case, CaseStatus.REJECTED)
    case.save(update_fields=["reason", "concluded_on", "status", "updated_at"])
    _record("eservices.case.rejected", actor, case, {"reason": reason})
    workflow.task_complete(actor=actor, task=task, facts={"accepted": False}, today=today)
    case.refresh_from_db()
    _tell_applicant(case, lazy_text(gettext_lazy("Application %(no)s was not accepted"), no=case.number), body=reason)
    return case


@transaction.atomic
def case_request_supplement(
    *, actor, case: Case, missing: list[dict], note: str = "", today: dt.date | None = None
) -> Suspension:
    """补正: one notice naming everything missing or wrong (一次性告知). After acceptance the clock stops."""
    today = today or timezone.localdate()
    case = lock(case.pk)
    if case.status not in (CaseStatus.SUBMITTED, CaseStatus.IN_PROGRESS):
        raise ConflictError(_("A supplement can only be asked for while the case is being handled."))
    if not actor_tasks(actor, case) or not any(t.part == "" for t in actor_tasks(actor, case)):
        raise PermissionDeniedError()
    errors = FieldErrors()
    notice = []
    for n, entry in enumerate(missing):
        name, why = (entry.get("name") or "").strip(), (entry.get("reason") or "").strip()
        if not name:
            continue
        if len(name) > 200 or len(why) > 500:
            errors.add(f"missing.{n}", _("At most 200 characters for the name and 500 for the reason."))
        notice.append({"name": name, "reason": why})
    if not notice:
        errors.add("missing", _("Name at least one thing the applicant must supply."))
    if len(note) > REASON_MAX:
        errors.add("note", _("At most %(n)s characters.") % {"n": REASON_MAX})
    errors.raise_if_any()
    suspension = Suspension.objects.create(
        case=case,
        notice=notice,
        note=note.strip(),
        requested_by=_person(actor),
        started_on=today,
        clock_running=case.accepted_on is not None,
    )
    _set_status(case, CaseStatus.SUPPLEMENTING)
    case.save(update_fields=["status", "updated_at"])
    _record("eservices.case.supplement_requested", actor, case, {"missing": "、".join(m["name"] for m in notice)})
    _tell_applicant(
        case,
        lazy_text(gettext_lazy("Application %(no)s: please supply what is missing"), no=case.number),
        body="；".join(f"{m['name']}{'：' + m['reason'] if m['reason'] else ''}" for m in notice),
    )
    return suspension


def _close_suspension(case: Case, today: dt.date) -> Suspension | None:
    suspension = case.suspensions.filter(ended_on__isnull=True).order_by("-pk").first()
    if suspension is None:
        return None
    suspension.ended_on = today
    suspension.working_days = working_days_between(suspension.started_on, today) if suspension.clock_running else 0
    suspension.save(update_fields=["ended_on", "working_days"])
    return suspension


@transaction.atomic
def case_supplement(
    *,
    actor,
    case: Case,
    reply: str = "",
    files: list[tuple[int, str, bytes]] | None = None,
    today: dt.date | None = None,
) -> Case:
    """The applicant supplies what the notice asked for; a clock stopped by it restarts, later by the days it
    stood still, and the open tasks' deadlines move with it."""
    today = today or timezone.localdate()
    case = lock(case.pk)
    if case.applicant_id != actor.pk and case.agent_id != actor.pk:
        raise NotFoundError()
    if case.status != CaseStatus.SUPPLEMENTING:
        raise ConflictError(_("Nothing is waiting for a supplement on this application."))
    if len(reply) > REASON_MAX:
        raise FieldErrors.one("reply", _("At most %(n)s characters.") % {"n": REASON_MAX})
    files = files or []
    if not files and not reply.strip():
        raise FieldErrors.one("reply", _("Upload what was asked for, or write what you supply."))
    for material_id, filename, data in files:
        material = Material.objects.filter(pk=material_id, item_id=case.item_id).first()
        field = f"material-{material_id}"
        if material is None:
            raise FieldErrors.one(field, _("This item asks for no such material."))
        kind = uploads.check_upload(
            data, filename=filename, kinds=uploads.EVIDENCE, max_mb=rule("eservices.upload_max_mb"), field=field
        )
        _keep_file(case, material, filename, data, kind)
    suspension = _close_suspension(case, today)
    days = (suspension.working_days or 0) if suspension is not None else 0
    if suspension is not None:
        suspension.reply = reply.strip()
        suspension.save(update_fields=["reply"])
    update = ["status", "suspended_days", "updated_at"]
    if days and case.due_on is not None:
        case.due_on = add_working_days(case.due_on, days)
        update.append("due_on")
        for part in case.parts.filter(due_on__isnull=False):
            part.due_on = add_working_days(part.due_on, days) if part.due_on else None
            part.save(update_fields=["due_on"])
        if case.instance is not None:
            workflow.tasks_postpone(instance=case.instance, working_days=days)
    case.suspended_days += days or 0
    _set_status(case, CaseStatus.IN_PROGRESS if case.accepted_on else CaseStatus.SUBMITTED)
    case.save(update_fields=update)
    _record("eservices.case.supplemented", actor, case, {"days": days, "files": len(files)})
    return case


def _part_for(case: Case, task) -> CasePart:
    return case.parts.get(part=task.part or LEAD_PART)


@transaction.atomic
def case_review(*, actor, case: Case, agreed: bool, opinion: str, today: dt.date | None = None) -> CasePart:
    """审查: the lead's reviewer or a joint part gives its opinion; a joint part sees and writes only its own."""
    today = today or timezone.localdate()
    opinion = _clean_reason(opinion, "opinion") if not agreed else (opinion or "").strip()[:REASON_MAX]
    case = lock(case.pk)
    if case.status != CaseStatus.IN_PROGRESS:
        raise ConflictError(_("Only a case being handled can be reviewed."))
    task = _open_task(actor, case, TaskKind.REVIEW)
    part = _part_for(case, task)
    part.agreed, part.opinion, part.decided_at, part.decided_by = agreed, opinion, timezone.now(), _person(actor)
    part.save(update_fields=["agreed", "opinion", "decided_at", "decided_by"])
    _record(
        "eservices.case.reviewed",
        actor,
        case,
        {"part": part.name, "agreed": agreed, "step": task.name},
        organisation=task.organisation_id,
    )
    workflow.task_complete(actor=actor, task=task, facts={"agreed": agreed}, today=today)
    return part


@transaction.atomic
def case_decide(*, actor, case: Case, approved: bool, reason: str = "", today: dt.date | None = None) -> Case:
    """决定: approve, or refuse with the legal reason. The process runs on to its end (办结)."""
    today = today or timezone.localdate()
    reason = (reason or "").strip() if approved else _clean_reason(reason)
    case = lock(case.pk)
    if case.status != CaseStatus.IN_PROGRESS:
        raise ConflictError(_("Only a case being handled can be decided."))
    task = _open_task(actor, case, TaskKind.DECIDE)
    case.decision = Decision.APPROVED if approved else Decision.REFUSED
    case.reason = reason[:REASON_MAX]
    case.save(update_fields=["decision", "reason", "updated_at"])
    _record("eservices.case.decided", actor, case, {"decision": case.decision, "reason": case.reason})
    workflow.task_complete(actor=actor, task=task, facts={"approved": approved}, today=today)
    case.refresh_from_db()
    return case


@transaction.atomic
def case_conclude(*, actor, case: Case, today: dt.date | None = None) -> Case:
    """办结 by the window, where the process ends with a conclusion step (企业开办: every part has finished)."""
    today = today or timezone.localdate()
    case = lock(case.pk)
    if case.status != CaseStatus.IN_PROGRESS:
        raise ConflictError(_("Only a case being handled can be concluded."))
    task = _open_task(actor, case, TaskKind.CONCLUDE)
    workflow.task_complete(actor=actor, task=task, facts={"approved": True}, today=today)
    case.refresh_from_db()
    return case


@transaction.atomic
def overdue_reason_set(*, actor, case: Case, reason: str) -> Case:
    """The lead's handler says why an overdue case is late (the monitor lists it)."""
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise FieldErrors.one("overdue_reason", _("Give the reason in at most 300 characters."))
    case = lock(case.pk)
    if not case.parts.filter(part=LEAD_PART, organisation_id__in=_actor_orgs(actor)).exists():
        raise PermissionDeniedError()
    case.overdue_reason = reason
    case.save(update_fields=["overdue_reason", "updated_at"])
    _record("eservices.case.overdue_reason", actor, case, {"reason": reason})
    return case


def _actor_orgs(actor) -> list[int]:
    from digigov.core.permissions import organisation_ids

    return list(organisation_ids(actor))


# --------------------------------------------------------------------------- the process owner (workflow.Owner)


def _owner_lock(owner_id: str) -> Case:
    return lock(int(owner_id))


def _owner_resolve(case: Case, code: str):
    part = case.parts.select_related("organisation").filter(part=code).first()
    return part.organisation if part is not None else None


def _owner_title(case: Case, task_name: str):
    return lazy_text(
        gettext_lazy("Case %(no)s, %(task)s: %(item)s"), no=case.number or "", task=task_name, item=case.item.name
    )


def _owner_url(case: Case, task) -> str:
    return staff_url(case)


def _owner_task_days(case: Case, element_id: str, days: int) -> int:
    """A joint part's task takes the part's own working days from the item version the case applied under."""
    instance = workflow.instance_for(OWNER_TYPE, str(case.pk))
    if instance is None:
        return days
    lane = instance.version.lanes.get(instance.version.tasks.get(element_id, {}).get("lane", ""), {})
    if lane.get("scope") != "part":
        return days
    version = version_get(case.item, case.item_version)
    by_code = {p["code"]: p["working_days"] for p in version.snapshot.get("parts", [])}
    return by_code.get(lane.get("part", ""), days)


def _owner_on_step(case: Case, result) -> None:
    """After each step: the parts' rows follow their tasks; at the end the case concludes or is closed."""
    for task in result.opened:
        CasePart.objects.filter(case=case, part=task.part or LEAD_PART).update(
            status=PartStatus.WORKING, due_on=task.due_on if task.part else case.due_on
        )
    for task in result.closed:
        if task.part:
            CasePart.objects.filter(case=case, part=task.part).update(status=PartStatus.DONE)
    if not result.completed:
        return
    if case.status in (CaseStatus.REJECTED, CaseStatus.WITHDRAWN):
        CasePart.objects.filter(case=case, part=LEAD_PART).update(status=PartStatus.DONE)
        return
    if "rejected" in result.ended_at and case.accepted_on is None:
        return
    from digigov.eservices.services.payments import before_conclusion  # payments builds on this module

    before_conclusion(case)  # an unpaid payment order holds the conclusion (R4.7)
    today = timezone.localdate()
    case.decision = case.decision or Decision.APPROVED
    case.concluded_on = today
    case.status = CaseStatus.CONCLUDED
    case.save(update_fields=["decision", "concluded_on", "status", "updated_at"])
    CasePart.objects.filter(case=case).update(case_status=CaseStatus.CONCLUDED, status=PartStatus.DONE)
    ledger.record(
        action="eservices.case.concluded",
        actor=None,
        organisation=case.organisation_id,
        obj=case,
        after={"number": case.number, "decision": case.decision},
    )
    _tell_applicant(
        case,
        lazy_text(
            gettext_lazy("Application %(no)s concluded: %(decision)s"),
            no=case.number,
            decision=Decision(case.decision).label,
        ),
        body=case.reason,
    )
    case_push_related(case)  # 主动推送 (R4.7): the related items the applicant may need next
    if case.decision == Decision.APPROVED and case.item.result_licence_type:
        _issue_licence(case)


def _issue_licence(case: Case) -> None:
    """结果证照 (R6.1): the lead department issues the item's licence to the applicant. The conclusion stands even
    if the licence cannot be issued: licenses then leaves a to-do for the department's handlers."""
    licenses_api.issue_for_case(
        organisation=case.organisation,
        licence_type_code=case.item.result_licence_type,
        applicant_kind=case.applicant_kind,
        applicant_name=case.applicant_name,
        applicant_code=case.applicant_code,
        case_number=case.number or "",
        data=case.data,
    )


OWNER = workflow.Owner(
    type=OWNER_TYPE,
    source="eservices",
    lock=_owner_lock,
    resolve=_owner_resolve,
    title=_owner_title,
    url=_owner_url,
    task_days=_owner_task_days,
    on_step=_owner_on_step,
)

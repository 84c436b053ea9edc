"""Operations of the government sites (R8.6; seed 000, 《湖北省政府网站管理办法》: 主办单位要建立24小时值班制度, 对政府
网站的整体运行情况等进行日常巡检; 建立政府网站工作年度报告制度, 于每年1月31日前向社会公开; 建立完善绩效评估制度).

- The duty roster (值班表): a reviewer, leader or administrator of a site's unit plans who of the unit's staff is on
  duty each day (`roster_set`).
- The daily inspection (读网): each morning the job `websites.open_inspections` opens the day's inspection of every
  running site with the findings computed from the site's own data (`inspection_findings`) and puts a to-do on the
  inbox of the person on duty, or of the unit's staff when nobody is planned. The person ticks each manual check
  ok or problem (`inspection_submit`); the to-do closes.
- The annual report (《政府网站工作年度报表》): generated from the site's data (`annual_figures`) as a draft article in
  the site's 信息公开 column (`annual_report_generate`), published through the site's review chain; from the rule's
  day of January the job `websites.annual_report_reminders` gives every running site's unit a to-do until it is.
- The yearly performance scorecard (年度绩效评估, `scorecard`), weights in `SCORE_WEIGHTS`.
"""

import calendar as month_calendar
import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.calendar import is_working_day, working_days_between
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, DomainError, FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.models import InboxItem, Membership
from digigov.core.names import person_name
from digigov.core.permissions import can, is_operator, is_platform_admin, organisation_ids, require, with_units
from digigov.core.rules import rule
from digigov.websites import search
from digigov.websites.choices import (
    LETTER_KINDS,
    ColumnType,
    MessageKind,
    MessageState,
    SiteState,
    WordSeverity,
)
from digigov.websites.models import (
    AnnualReport,
    ColumnPage,
    DutyShift,
    Inspection,
    InterviewPage,
    LibraryItem,
    Message,
    Placement,
    SensitiveWord,
    SiteProfile,
    SolicitationComment,
    SolicitationPage,
    SurveyPage,
    SurveySubmission,
)
from digigov.websites.permissions import EDITORS

PLANNERS = (Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)  # plan the roster, stand in for the person on duty
INSPECTION_KIND = "websites.inspection"
ANNUAL_REPORT_KIND = "websites.annual_report"
NOTE_MAX = 200  # characters of a manual check's note

# The manual checks of a daily inspection (读网): what the 国办 《政府网站与政务新媒体检查指标》 checks by hand —
# 站点无法访问, 链接不可用, 内容不准确 (错别字、表述错误), 互动回应, 安全 (篡改、暗链) — and what the data cannot see.
MANUAL_CHECKS = [
    ("home", gettext_lazy("The home page opens normally, on a computer and on a phone")),
    ("links", gettext_lazy("Links and attachments on the home page and the main columns open")),
    ("accuracy", gettext_lazy("Column content is accurate: no wrong characters, wrong names or outdated statements")),
    ("display", gettext_lazy("Pages display properly: no garbled text, broken images or empty columns")),
    ("interaction", gettext_lazy("The interaction entries (letters, error reports, solicitations) work")),
    ("security", gettext_lazy("No sign of tampering: no unknown content, hidden links or advertising")),
]
MANUAL_KEYS = [key for key, _label in MANUAL_CHECKS]


def _user_model():
    return get_user_model()


def _months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, month_calendar.monthrange(year, month + 1)[1]))


# -- the duty roster (值班表) ------------------------------------------------------------------------------------


def roster_sites(actor) -> QuerySet[SiteProfile]:
    """The running sites whose roster the actor plans: those of units where they are reviewer, leader or admin."""
    sites = SiteProfile.objects.filter(state=SiteState.RUNNING).select_related("site", "organiser")
    if not is_platform_admin(actor):
        sites = sites.filter(organiser_id__in=organisation_ids(actor, PLANNERS))
    return sites.order_by("site_code")


def duty_candidates(profile: SiteProfile) -> list:
    """Who may be on duty for a site: the active staff of its unit (and of the unit's internal units)."""
    units = with_units({profile.organiser_id})
    ids = Membership.objects.filter(organisation_id__in=units, user__is_active=True).values_list("user_id", flat=True)
    return list(_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk"))


def month_days(year: int, month: int) -> list[dt.date]:
    return [dt.date(year, month, d) for d in range(1, month_calendar.monthrange(year, month)[1] + 1)]


def roster_month(profile: SiteProfile, year: int, month: int) -> dict[dt.date, DutyShift]:
    days = month_days(year, month)
    shifts = DutyShift.objects.filter(site=profile, day__range=(days[0], days[-1])).select_related("person")
    return {shift.day: shift for shift in shifts}


@transaction.atomic
def roster_set(*, actor, site: SiteProfile, year: int, month: int, people: dict[dt.date, int | None]) -> int:
    """Plan a month of a site's roster: `people` maps each day to a user id (None: nobody). Only staff of the site's
    unit may be chosen; a refused day is reported at its field (`day_<n>`) and nothing is saved. Returns the number
    of days with someone on duty."""
    require(actor, PLANNERS, site.organiser)
    days = month_days(year, month)
    allowed = {user.pk: user for user in duty_candidates(site)}
    errors = FieldErrors()
    for day, person in people.items():
        if day not in days:
            errors.add(f"day_{day.day}", _("This day is not in the month being planned."))
        elif person is not None and person not in allowed:
            errors.add(f"day_{day.day}", _("Only staff of %(unit)s can be on duty.") % {"unit": site.organiser.name})
    errors.raise_if_any()
    current = roster_month(site, year, month)
    now = timezone.now()
    for day, person in people.items():
        shift = current.get(day)
        if person is None:
            if shift is not None:
                shift.delete()
        elif shift is None:
            DutyShift.objects.create(site=site, day=day, person=allowed[person], assigned_by=actor, assigned_at=now)
        elif shift.person_id != person:
            shift.person, shift.assigned_by, shift.assigned_at = allowed[person], actor, now
            shift.save(update_fields=["person", "assigned_by", "assigned_at"])
    _hand_over_open_inspections(site, people)
    planned = DutyShift.objects.filter(site=site, day__range=(days[0], days[-1])).count()
    ledger.record(
        action="websites.roster.planned",
        actor=actor,
        organisation=site.organiser,
        obj=site,
        after={"site": site.name, "month": f"{year}-{month:02d}", "days": planned},
    )
    return planned


def _hand_over_open_inspections(site: SiteProfile, people: dict[dt.date, int | None]) -> None:
    """A day whose inspection is already open (the roster changed after 07:00): its to-do moves to the new person,
    or to the unit when nobody is planned any more."""
    for inspection in Inspection.objects.filter(site=site, day__in=list(people), submitted_at__isnull=True):
        person = people[inspection.day]
        if inspection.on_duty_id == person:
            continue
        inspection.on_duty_id = person
        inspection.save(update_fields=["on_duty"])
        inbox.inbox_complete_for(obj=inspection, kind=INSPECTION_KIND)
        _inspection_todo(inspection)


# -- the daily inspection (读网) ---------------------------------------------------------------------------------


def _finding(check: str, label, detail: str = "", url: str = "", **facts) -> dict:
    return {"check": check, "label": str(label), "detail": detail, "url": url, **facts}


def _site_columns(profile: SiteProfile) -> QuerySet[ColumnPage]:
    return ColumnPage.objects.descendant_of(profile.site.root_page).live().order_by("path")


def _live_placements(profile: SiteProfile) -> QuerySet[Placement]:
    return Placement.objects.filter(column__in=_site_columns(profile), withdrawn_at__isnull=True, item__live=True)


def stale_limit(column_type: str, today: dt.date) -> dt.date | None:
    """The date before which a column's last entry makes it not updated (国办: news 2 weeks; notices, policies 6
    months); None for the column types the rules set no period for."""
    if column_type == ColumnType.NEWS:
        return today - dt.timedelta(days=rule("websites.news_stale_days"))
    if column_type in (ColumnType.NOTICES, ColumnType.POLICIES):
        return _months_before(today, rule("websites.notices_stale_months"))
    return None


def stale_columns(profile: SiteProfile, today: dt.date) -> list[tuple[ColumnPage, dt.date | None]]:
    """The site's news, notices and policy columns not updated within their rule, with their last entry's date (as
    of `today`: a sampling inspection's draw may look at a past day)."""
    columns = list(_site_columns(profile).filter(column_type__in=[ColumnType.NEWS, ColumnType.NOTICES,
                                                                    ColumnType.POLICIES]))  # fmt: skip
    last = dict(
        Placement.objects.filter(
            column__in=columns, withdrawn_at__isnull=True, item__live=True, placed_at__date__lte=today
        )
        .values("column_id")
        .annotate(last=Max("placed_at"))
        .values_list("column_id", "last")
    )
    found = []
    for column in columns:
        placed = last.get(column.pk)
        last_day = timezone.localdate(placed) if placed else None
        if last_day is None or last_day < stale_limit(column.column_type, today):
            found.append((column, last_day))
    return found


def severe_word_items(profile: SiteProfile) -> list[tuple[LibraryItem, list[str]]]:
    """Live items on the site whose title, summary or body holds a severe 错敏词 (a word added to the list after
    they were published); attachments are checked on submission only (reading every file daily is too slow)."""
    severe = list(SensitiveWord.objects.filter(severity=WordSeverity.SEVERE).values_list("word", flat=True))
    if not severe:
        return []
    match = Q()
    for word in severe:
        match |= Q(title__contains=word) | Q(summary__contains=word) | Q(body__contains=word)
    ids = _live_placements(profile).values_list("item_id", flat=True)
    found = []
    for item in LibraryItem.objects.filter(match, pk__in=ids).order_by("pk"):
        text = f"{item.title} {item.summary} {item.body}"
        found.append((item, [w for w in severe if w in text]))
    return found


def inspection_findings(profile: SiteProfile, today: dt.date) -> list[dict]:
    """What the platform sees wrong on a site today, from its own data (the 国办 checks it can compute)."""
    findings = []
    for column, last_day in stale_columns(profile, today):
        detail = (_("Last entry %(day)s") % {"day": f"{last_day:%Y-%m-%d}"}) if last_day else _("No entry yet")
        findings.append(_finding("stale_column", _("Column “%(column)s” is not updated within its rule")
                                 % {"column": column.title}, detail, column.url or ""))  # fmt: skip
    letters = Message.objects.filter(site=profile, state=MessageState.RECEIVED, due_on__lte=today).order_by("due_on")
    for letter in letters:
        check = "correction" if letter.kind == MessageKind.CORRECTION else "letter"
        noun = _("Netizen error report") if check == "correction" else _("Letter")
        when = _("overdue since %(day)s") if letter.due_on < today else _("due today (%(day)s)")
        findings.append(_finding(
            check, f"{noun} {letter.number}：{letter.title}", when % {"day": f"{letter.due_on:%Y-%m-%d}"},
            reverse("websites_letter", args=[letter.pk]), overdue=letter.due_on < today,
        ))  # fmt: skip
    for item, hits in severe_word_items(profile):
        findings.append(_finding("severe_word", _("“%(title)s” contains severe wrong or sensitive words")
                                 % {"title": item.title}, "、".join(hits),
                                 reverse("wagtailsnippets_websites_libraryitem:edit", args=[item.pk])))  # fmt: skip
    solicitations = (
        SolicitationPage.objects.descendant_of(profile.site.root_page).live().filter(closes_on__lt=today, summary="")
    )
    for page in solicitations.order_by("closes_on"):
        findings.append(_finding(
            "solicitation", _("Solicitation “%(title)s” ended without a published feedback summary")
            % {"title": page.title}, _("Ended %(day)s") % {"day": f"{page.closes_on:%Y-%m-%d}"},
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ))  # fmt: skip
    return findings


def _inspection_todo(inspection: Inspection) -> None:
    profile = inspection.site
    if inspection.on_duty_id:
        title = inbox.lazy_text(gettext_lazy("Daily inspection (读网) of %(site)s, %(day)s"),
                                site=profile.name, day=f"{inspection.day:%Y-%m-%d}")  # fmt: skip
    else:
        title = inbox.lazy_text(
            gettext_lazy("Nobody is on the duty roster: daily inspection (读网) of %(site)s, %(day)s"),
            site=profile.name, day=f"{inspection.day:%Y-%m-%d}",
        )  # fmt: skip
    inbox.inbox_register(
        source="websites",
        kind=INSPECTION_KIND,
        title=title,
        url=reverse("websites_inspection", args=[inspection.pk]),
        assignee_org=profile.organiser,
        assignee_user=inspection.on_duty,
        deadline=inspection.day,
        obj=inspection,
    )


@transaction.atomic
def inspection_open(profile: SiteProfile, today: dt.date) -> Inspection | None:
    """The day's inspection of one site with its findings and its to-do; None if it was opened already."""
    if Inspection.objects.filter(site=profile, day=today).exists():
        return None
    shift = DutyShift.objects.filter(site=profile, day=today).select_related("person").first()
    person = shift.person if shift and shift.person.is_active else None
    inspection = Inspection.objects.create(
        site=profile, day=today, on_duty=person, findings=inspection_findings(profile, today)
    )
    _inspection_todo(inspection)
    ledger.record(
        action="websites.inspection.opened",
        organisation=profile.organiser,
        obj=inspection,
        after={"site": profile.name, "day": today, "on_duty": person_name(person) if person else "",
               "findings": len(inspection.findings)},
    )  # fmt: skip
    return inspection


def open_inspections(today: dt.date | None = None) -> int:
    """The morning job: every running site's inspection of the day (one transaction per site). Returns how many."""
    today = today or timezone.localdate()
    opened = 0
    for profile in SiteProfile.objects.filter(state=SiteState.RUNNING).select_related("site", "organiser"):
        opened += inspection_open(profile, today) is not None
    return opened


def inspections_for(actor) -> QuerySet[Inspection]:
    """The inspections of the sites of the actor's units; all for the platform operator."""
    found = Inspection.objects.select_related("site", "on_duty", "inspected_by")
    return found if is_platform_admin(actor) else found.filter(site__organiser_id__in=organisation_ids(actor, EDITORS))


def inspection_get(actor, pk: int) -> Inspection:
    inspection = inspections_for(actor).filter(pk=pk).first()
    if inspection is None:
        raise NotFoundError()
    return inspection


def may_inspect(actor, inspection: Inspection) -> bool:
    """The person on duty; when nobody was planned, any of the unit's staff; and the unit's planners as stand-ins."""
    if inspection.done:
        return False
    if inspection.on_duty_id is None:
        return can(actor, EDITORS, inspection.site.organiser_id)
    return actor.pk == inspection.on_duty_id or can(actor, PLANNERS, inspection.site.organiser_id)


@transaction.atomic
def inspection_submit(*, actor, inspection: Inspection, answers: dict[str, tuple[str, str]]) -> Inspection:
    """The person on duty's answers: each manual check "ok" or "problem" (a problem needs a note)."""
    inspection = Inspection.objects.select_for_update().select_related("site__organiser").get(pk=inspection.pk)
    if inspection.done:
        raise ConflictError(_("This inspection has already been submitted."))
    if not may_inspect(actor, inspection):
        raise PermissionDeniedError(_("Only the person on duty or a leader of the unit may submit this inspection."))
    errors = FieldErrors()
    stored = []
    for key, label in MANUAL_CHECKS:
        verdict, note = answers.get(key, ("", ""))
        note = (note or "").strip()
        if verdict not in ("ok", "problem"):
            errors.add(f"check_{key}", _("Choose ok or problem."))
        elif verdict == "problem" and not note:
            errors.add(f"note_{key}", _("Say what the problem is."))
        if len(note) > NOTE_MAX:
            errors.add(f"note_{key}", _("A note is at most %(n)d characters.") % {"n": NOTE_MAX})
        stored.append({"check": key, "label": str(label), "ok": verdict == "ok", "note": note})
    errors.raise_if_any()
    inspection.answers = stored
    inspection.problems = len(inspection.findings) + sum(not a["ok"] for a in stored)
    inspection.inspected_by, inspection.submitted_at = actor, timezone.now()
    inspection.save(update_fields=["answers", "problems", "inspected_by", "submitted_at"])
    inbox.inbox_complete_for(obj=inspection, kind=INSPECTION_KIND)
    ledger.record(
        action="websites.inspection.submitted",
        actor=actor,
        organisation=inspection.site.organiser,
        obj=inspection,
        after={"site": inspection.site.name, "day": inspection.day, "problems": inspection.problems},
    )
    return inspection


# -- the annual report (《政府网站工作年度报表》) -------------------------------------------------------------------


def report_due(year: int) -> dt.date:
    """The report on `year` is published by this day of the next year (rules: 31 January)."""
    month = rule("websites.annual_report_due_month")
    return dt.date(year + 1, month, min(rule("websites.annual_report_due_day"),
                                        month_calendar.monthrange(year + 1, month)[1]))  # fmt: skip


def _on_time(letters: QuerySet[Message]) -> int:
    return sum(
        1 for replied_at, due in letters.values_list("replied_at", "due_on") if timezone.localdate(replied_at) <= due
    )


def _average_days(letters: QuerySet[Message]) -> str:
    spans = [
        working_days_between(timezone.localdate(received), timezone.localdate(replied))
        for received, replied in letters.values_list("received_at", "replied_at")
    ]
    return f"{sum(spans) / len(spans):.1f}" if spans else "—"


def annual_figures(profile: SiteProfile, year: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """The report's sections, each a list of (label, value), from what the platform holds about the site in `year`.
    Figures it does not hold (visits, page views) are “—”, never guessed."""
    start = dt.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
    end = dt.datetime(year + 1, 1, 1, tzinfo=timezone.get_current_timezone())
    columns = _site_columns(profile)
    placed = Placement.objects.filter(column__in=columns, placed_at__gte=start, placed_at__lt=end)
    by_type = dict(
        placed.values("column__column_type").annotate(n=Count("item", distinct=True)).values_list("column__column_type",
                                                                                                  "n")
    )  # fmt: skip
    total = placed.values("item").distinct().count()
    home = profile.site.root_page
    basic = [
        (_("Name of the site"), profile.name),
        (_("Site ID code"), profile.site_code),
        (_("Organiser"), profile.organiser.name),
        (_("Home page address"), f"{profile.site.root_url}/"),
        (_("ICP filing number"), profile.icp_number or "—"),
        (_("Public-security filing number"), profile.police_number or "—"),
        (_("Visits in the year"), "—"),
    ]
    publishing = [(_("Items published in the year"), str(total))]
    publishing += [(str(label), str(by_type.get(value, 0))) for value, label in ColumnType.choices
                   if value in (ColumnType.NEWS, ColumnType.NOTICES, ColumnType.POLICIES,
                                ColumnType.INTERPRETATIONS, ColumnType.DISCLOSURE, ColumnType.SPECIAL)]  # fmt: skip
    messages_in_year = Message.objects.filter(site=profile, received_at__gte=start, received_at__lt=end)
    letters = messages_in_year.filter(kind__in=LETTER_KINDS)
    answered = letters.filter(state=MessageState.REPLIED)
    corrections = messages_in_year.filter(kind=MessageKind.CORRECTION)
    corrected = corrections.filter(state=MessageState.REPLIED)
    solicitations = SolicitationPage.objects.descendant_of(home).live().filter(opens_on__year=year)
    surveys = SurveyPage.objects.descendant_of(home).live().filter(opens_on__year=year)
    interviews = InterviewPage.objects.descendant_of(home).live().filter(held_at__gte=start, held_at__lt=end)
    interaction = [
        (_("Letters received"), str(letters.count())),
        (_("Letters answered"), str(answered.count())),
        (_("Letters answered within their working days"), str(_on_time(answered))),
        (_("Average working days to answer a letter"), _average_days(answered)),
        (_("Error reports received"), str(corrections.count())),
        (_("Error reports answered"), str(corrected.count())),
        (_("Error reports answered within their working days"), str(_on_time(corrected))),
        (_("Opinion solicitations"), str(solicitations.count())),
        (_("Opinions received"), str(SolicitationComment.objects.filter(solicitation__in=solicitations).count())),
        (_("Online surveys"), str(surveys.count())),
        (_("Survey answers"), str(SurveySubmission.objects.filter(page__in=surveys).count())),
        (_("Online interviews"), str(interviews.count())),
    ]
    inspections = Inspection.objects.filter(site=profile, day__year=year, submitted_at__isnull=False)
    operations = [
        (_("Daily inspections done"), str(inspections.count())),
        (
            _("Days with someone on the duty roster"),
            str(DutyShift.objects.filter(site=profile, day__year=year).count()),
        ),
    ]
    return [
        (_("Basic information"), basic),
        (_("Information published"), publishing),
        (_("Interaction"), interaction),
        (_("Operations"), operations),
    ]


def _report_body(sections) -> str:
    parts = []
    for heading, rows in sections:
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts.append("<ul>" + "".join(f"<li>{escape(label)}：{escape(value)}</li>" for label, value in rows) + "</ul>")
    return "".join(parts)


def report_title(profile: SiteProfile, year: int) -> str:
    return _("%(site)s: government website annual report %(year)d") % {"site": profile.name, "year": year}


def report_column(profile: SiteProfile) -> ColumnPage:
    """The report is an article of the site's 信息公开 column (where the 国办 rules have it looked for)."""
    column = _site_columns(profile).filter(column_type=ColumnType.DISCLOSURE).first()
    if column is None:
        raise DomainError(_("The site has no information disclosure column to publish the annual report in."))
    return column


def report_draft(*, item: LibraryItem | None, owner, column, actor, title: str, summary: str, body: str) -> LibraryItem:
    """A report the platform generates (the website annual report, the disclosure report, the sampling 通报) as a
    draft library item of `owner`: a new one placed in `column()` (called only then), or the draft `item` rewritten.
    Each writing is a revision and is indexed; the item is published through its owner's review chain like any other."""
    if item is None:
        item = LibraryItem(title=title, summary=summary, body=body, owner=owner, source=owner.name, created_by=actor,
                           live=False)  # fmt: skip
        item.save()
        Placement.objects.create(item=item, column=column(), placed_by=actor, placed_at=timezone.now())
    else:
        item.title, item.summary, item.body = title, summary, body
        item.save()
    item.save_revision(user=actor)
    search.index_item(item)
    return item


@transaction.atomic
def annual_report_generate(*, actor, site: SiteProfile, year: int, today: dt.date | None = None) -> AnnualReport:
    """Generate (or, while it is a draft, regenerate) the report on `year` as a draft library item of the site's
    unit, placed in its 信息公开 column; it is published through the site's review chain like any item."""
    require(actor, EDITORS, site.organiser)
    today = today or timezone.localdate()
    if site.state != SiteState.RUNNING:
        raise FieldErrors.one("site", _("Only a running site publishes an annual report."))
    if not 2000 <= year < today.year:
        raise FieldErrors.one("year", _("The report covers a finished year, before %(year)d.") % {"year": today.year})
    sections = annual_figures(site, year)
    figures = [[str(label), value] for _heading, rows in sections for label, value in rows]
    title = report_title(site, year)
    body = _report_body(sections)
    report = AnnualReport.objects.select_for_update().filter(site=site, year=year).select_related("item").first()
    if report is not None and report.item.live:
        raise ConflictError(_("The %(year)d annual report is already published.") % {"year": year})
    item = report_draft(
        item=report.item if report is not None else None, owner=site.organiser, column=lambda: report_column(site),
        actor=actor, title=title, summary=_("Figures of %(year)d from the site's own data.") % {"year": year},
        body=body,
    )  # fmt: skip
    if report is not None:
        report.figures, report.generated_by, report.generated_at = figures, actor, timezone.now()
        report.save(update_fields=["figures", "generated_by", "generated_at"])
    else:
        report = AnnualReport.objects.create(
            site=site, year=year, item=item, figures=figures, generated_by=actor, generated_at=timezone.now()
        )
    ledger.record(
        action="websites.annual_report.generated",
        actor=actor,
        organisation=site.organiser,
        obj=report,
        after={"site": site.name, "year": year, "title": title},
    )
    return report


def annual_report_published(item: LibraryItem) -> None:
    """Called when a library item is published: if it is an annual report, the unit's reminder closes."""
    year_report_published(AnnualReport, item, inbox_kind=ANNUAL_REPORT_KIND, action="websites.annual_report.published")


def year_report_published(model, item: LibraryItem, *, inbox_kind: str, action: str) -> None:
    """If `item` is the draft of a report on a year (`model`: a site, a year, an item), its publication closes the
    unit's January to-do and is recorded, saying whether it came after the due date."""
    report = model.objects.filter(item=item).select_related("site__organiser").first()
    if report is None:
        return
    inbox.inbox_complete_for(obj=report.site, kind=inbox_kind)
    published = timezone.localdate(item.first_published_at or timezone.now())
    ledger.record(
        action=action,
        organisation=report.site.organiser,
        obj=report,
        after={"site": report.site.name, "year": report.year, "late": published > report_due(report.year)},
    )


def annual_report_reminders(today: dt.date | None = None) -> int:
    """From the rule's day of the due month until the due date, each running site whose report on last year is not
    published gets one to-do on its unit: publish it by the due date. Returns how many to-dos were added."""
    today = today or timezone.localdate()
    year = today.year - 1
    due = report_due(year)
    if not dt.date(due.year, due.month, min(rule("websites.annual_report_warn_day"), due.day)) <= today <= due:
        return 0
    published = set(AnnualReport.objects.filter(year=year, item__live=True).values_list("site_id", flat=True))
    reminded = set(
        InboxItem.objects.filter(
            kind=ANNUAL_REPORT_KIND, object_type="websites.siteprofile", done_at__isnull=True
        ).values_list("object_id", flat=True)
    )
    added = 0
    for profile in SiteProfile.objects.filter(state=SiteState.RUNNING).select_related("organiser"):
        if profile.pk in published or str(profile.pk) in reminded:
            continue
        with transaction.atomic():
            inbox.inbox_register(
                source="websites",
                kind=ANNUAL_REPORT_KIND,
                title=inbox.lazy_text(
                    gettext_lazy("Publish the %(year)s annual report of %(site)s by %(due)s"),
                    year=year,
                    site=profile.name,
                    due=f"{due:%Y-%m-%d}",
                ),  # fmt: skip
                url=f"{reverse('websites_annual_reports')}?site={profile.pk}",
                assignee_org=profile.organiser,
                deadline=due,
                obj=profile,
            )
        added += 1
    return added


def reports_for(actor) -> QuerySet[AnnualReport]:
    found = AnnualReport.objects.select_related("site", "item", "generated_by")
    return found if is_platform_admin(actor) else found.filter(site__organiser_id__in=organisation_ids(actor, EDITORS))


# -- the yearly performance scorecard (年度绩效评估) ---------------------------------------------------------------

# Indicator → weight (points out of 100). The 国办 evaluation (《政府网站与政务新媒体检查指标》, 省办 考评细则) is
# set anew each year by the province's office; these are the indicators the platform's data can compute, weighted
# by our reading of that year's emphasis on timeliness and response. Change them here, with a test.
SCORE_WEIGHTS = {
    "updates": 30,  # 信息更新: news, notices and policy columns never longer without an entry than their rule
    "letters": 20,  # 互动回应: letters answered within their working days
    "corrections": 15,  # 网民纠错: error reports answered within their working days
    "inspections": 15,  # 日常巡检: working days with a submitted inspection
    "annual_report": 10,  # 年度报表: last year's report published by the due date
    "words": 10,  # 错敏词: live items with a severe word (each costs WORD_PENALTY of the 100)
}
WORD_PENALTY = 20
SCORE_LABELS = {
    "updates": gettext_lazy("Timely updates"),
    "letters": gettext_lazy("Letters answered on time"),
    "corrections": gettext_lazy("Error reports answered on time"),
    "inspections": gettext_lazy("Inspected on working days"),
    "annual_report": gettext_lazy("Annual report published on time"),
    "words": gettext_lazy("No severe wrong or sensitive words"),
}


@dataclass
class SiteScore:
    site: SiteProfile
    indicators: dict[str, float] = field(default_factory=dict)  # 0–100 each
    details: dict[str, str] = field(default_factory=dict)
    total: float = 0.0
    rank: int = 0


def _column_gaps_ok(column: ColumnPage, start: dt.date, end: dt.date) -> bool:
    """No stretch of the year (before its first entry, between two, after its last) longer than the column's rule."""
    days = sorted(
        {timezone.localdate(p) for p in Placement.objects.filter(column=column, item__live=True,
                                                                  placed_at__date__lte=end).values_list("placed_at",
                                                                                                        flat=True)}
    )  # fmt: skip
    before = [d for d in days if d <= start]
    points = [before[-1] if before else start] + [d for d in days if d > start] + [end]
    for previous, day in zip(points, points[1:], strict=False):
        limit = stale_limit(column.column_type, day)
        if limit is not None and previous < limit:
            return False
    return True


def _share(done: int, total: int) -> tuple[float, str]:
    return (100.0, "—") if total == 0 else (100.0 * done / total, f"{done}/{total}")


def site_score(profile: SiteProfile, year: int, today: dt.date) -> SiteScore:
    # a site opened during the year is scored from its opening day
    start = max(dt.date(year, 1, 1), timezone.localdate(profile.created_at))
    end = min(dt.date(year, 12, 31), today)
    score = SiteScore(site=profile)
    columns = list(_site_columns(profile).filter(column_type__in=[ColumnType.NEWS, ColumnType.NOTICES,
                                                                    ColumnType.POLICIES]))  # fmt: skip
    ok = sum(_column_gaps_ok(column, start, end) for column in columns)
    score.indicators["updates"], score.details["updates"] = _share(ok, len(columns))
    due = Message.objects.filter(site=profile, due_on__range=(start, end))
    for key, kinds in (("letters", LETTER_KINDS), ("corrections", [MessageKind.CORRECTION])):
        owed = due.filter(kind__in=kinds)
        answered = owed.filter(state=MessageState.REPLIED)
        score.indicators[key], score.details[key] = _share(_on_time(answered), owed.count())
    working = max(working_days_between(start - dt.timedelta(days=1), end), 0)
    inspected = sum(
        is_working_day(day)
        for day in Inspection.objects.filter(
            site=profile, day__range=(start, end), submitted_at__isnull=False
        ).values_list("day", flat=True)
    )
    score.indicators["inspections"], score.details["inspections"] = _share(inspected, working)
    report = AnnualReport.objects.filter(site=profile, year=year - 1, item__live=True).select_related("item").first()
    on_time = report is not None and timezone.localdate(report.item.first_published_at) <= report_due(year - 1)
    score.indicators["annual_report"] = 100.0 if on_time else 0.0
    score.details["annual_report"] = (
        f"{timezone.localdate(report.item.first_published_at):%Y-%m-%d}" if report else _("not published")
    )
    severe = len(severe_word_items(profile))
    score.indicators["words"], score.details["words"] = max(0.0, 100.0 - WORD_PENALTY * severe), str(severe)
    score.total = round(sum(score.indicators[k] * w / 100 for k, w in SCORE_WEIGHTS.items()), 1)
    return score


def scorecard_sites(actor) -> QuerySet[SiteProfile]:
    """The platform operator ranks every running site; a unit sees its own sites."""
    sites = SiteProfile.objects.filter(state=SiteState.RUNNING).select_related("site", "organiser")
    if not is_operator(actor):
        sites = sites.filter(organiser_id__in=organisation_ids(actor, EDITORS))
    return sites.order_by("site_code")


def scorecard(actor, year: int, today: dt.date | None = None) -> list[SiteScore]:
    """The running sites the actor may see, best total first, ranked (equal totals share a rank)."""
    today = today or timezone.localdate()
    if not 2000 <= year <= today.year:
        raise FieldErrors.one("year", _("Choose a year up to %(year)d.") % {"year": today.year})
    scores = sorted(
        (site_score(p, year, today) for p in scorecard_sites(actor)), key=lambda s: (-s.total, s.site.site_code)
    )
    for n, score in enumerate(scores, 1):
        score.rank = scores[n - 2].rank if n > 1 and scores[n - 2].total == score.total else n
    return scores

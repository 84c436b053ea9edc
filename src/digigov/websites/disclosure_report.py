"""The annual report on government information disclosure (政府信息公开工作年度报告, R8.8; 《政府信息公开条例》
第四十九条: each administrative organ publishes, by 31 January, its report on the previous year; 第五十条 lists its
contents; the format is that of 国办公开办函〔2021〕30号).

The report of a site's unit is generated from what the platform holds (`disclosure_figures`): the unit's items
proactively disclosed (主动公开) in the year, by kind, and its applications for disclosure (依申请公开) received,
carried over, concluded by outcome and carried forward, by applicant. What the platform does not hold — regulations
and normative documents told apart, licences, penalties, enforcement, fees, reviews and lawsuits, the kinds of
organisation applying — is “—”, never guessed. The prose sections (一、五、六) start as sentences computed from the
figures, which the editor extends on the report's screen; the whole is a draft article of the site's 信息公开 column
(`disclosure_report_generate`), published through the site's review chain like the website's annual report
(`operations`), with the same January to-do (`disclosure_report_reminders`, closed by `disclosure_report_published`).
"""

import datetime as dt
import functools

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.errors import ConflictError, FieldErrors, NotFoundError
from digigov.core.models import InboxItem
from digigov.core.permissions import is_platform_admin, organisation_ids, require
from digigov.core.rules import rule
from digigov.websites import operations, words
from digigov.websites.choices import (
    ApplicantKind,
    DisclosureMode,
    DisclosureState,
    ItemKind,
    RefusalBasis,
    ReplyType,
    SiteState,
)
from digigov.websites.models import DisclosureApplication, DisclosureReport, LibraryItem, SiteProfile
from digigov.websites.permissions import EDITORS

INBOX_KIND = "websites.disclosure_report"  # the unit's January to-do: publish last year's report
TEXT_MAX = 3000  # characters of one prose section
NONE = "—"  # a figure the platform does not hold
TEXTS = ("overview", "problems", "other")  # the prose sections the editor writes: 一、五、六

# 三、本年度办理结果: the format's rows, grouped as it groups them; each row's counts are stored under its key.
OUTCOMES = [
    (None, [("disclosed", gettext_lazy("(1) Information disclosed"))]),
    (None, [("partly", gettext_lazy("(2) Information partly disclosed (counted here only when separated)"))]),
    (gettext_lazy("(3) Information not disclosed"), [
        ("refused_state_secret", gettext_lazy("1. A state secret")),
        ("refused_law", gettext_lazy("2. Disclosure forbidden by other laws and administrative regulations")),
        ("refused_security", gettext_lazy("3. Would endanger the “three securities and one stability”")),
        ("refused_third_party", gettext_lazy("4. Protection of third parties' lawful rights and interests")),
        ("refused_internal", gettext_lazy("5. One of the three kinds of internal affairs information")),
        ("refused_process", gettext_lazy("6. One of the four kinds of process information")),
        ("refused_enforcement", gettext_lazy("7. An administrative enforcement case file")),
        ("refused_query", gettext_lazy("8. An administrative enquiry matter")),
    ]),
    (gettext_lazy("(4) Information cannot be provided"), [
        ("not_held", gettext_lazy("1. This body does not hold the information")),
        ("to_be_made", gettext_lazy("2. No existing information; it would have to be made")),
        ("unclear", gettext_lazy("3. The request is still unclear after correction")),
    ]),
    (gettext_lazy("(5) Not processed"), [
        ("petition", gettext_lazy("1. A petition, report or complaint")),
        ("repeated", gettext_lazy("2. A repeated application")),
        ("publication", gettext_lazy("3. A request for a public publication")),
        ("mass", gettext_lazy("4. Large numbers of repeated applications without good reason")),
        ("confirmation", gettext_lazy("5. A request to confirm or reissue information already obtained")),
    ]),
    (gettext_lazy("(6) Handled otherwise"), [
        ("not_corrected", gettext_lazy("1. Not corrected in time without good reason: no longer handled")),
        ("fee_unpaid", gettext_lazy("2. The fee notice not paid in time: no longer handled")),
        ("other", gettext_lazy("3. Other")),
    ]),
    (None, [("closed", gettext_lazy("(7) Total"))]),
]  # fmt: skip
OUTCOME_KEYS = [key for _group, rows in OUTCOMES for key, _label in rows if key != "closed"]
ROW_KEYS = ["new", "carried", *OUTCOME_KEYS, "closed", "forward"]

# How the platform's replies (第三十六条, choices.ReplyType) and refusal bases (第十四条至第十六条) are counted:
# 信息不存在 and 非本机关负责公开 are both "this body does not hold it"; a trade secret and personal privacy both
# protect a third party. The platform offers no reply for (4)2, (5) or (6)2–3, so they count none of its applications.
REPLY_ROWS = {
    ReplyType.DISCLOSED: "disclosed",
    ReplyType.PARTLY: "partly",
    ReplyType.NOT_EXIST: "not_held",
    ReplyType.NOT_OURS: "not_held",
    ReplyType.UNCLEAR: "unclear",
}
REFUSAL_ROWS = {
    RefusalBasis.STATE_SECRET: "refused_state_secret",
    RefusalBasis.LAW_FORBIDS: "refused_law",
    RefusalBasis.SECURITY: "refused_security",
    RefusalBasis.TRADE_SECRET: "refused_third_party",
    RefusalBasis.PRIVACY: "refused_third_party",
    RefusalBasis.INTERNAL: "refused_internal",
    RefusalBasis.PROCESS: "refused_process",
    RefusalBasis.ENFORCEMENT: "refused_enforcement",
}
PUBLISHED_KINDS = [
    (ItemKind.POLICY, gettext_lazy("Policy documents")),
    (ItemKind.INTERPRETATION, gettext_lazy("Policy interpretations")),
    (ItemKind.ARTICLE, gettext_lazy("Other information (articles)")),
]


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def _waiting_for_correction(application, moment: dt.datetime) -> bool:
    """The clock stood still at `moment`: a 补正 asked for and not yet answered (its reply date is the old one)."""
    asked, answered = application.correction_requested_at, application.corrected_at
    return asked is not None and asked < moment and (answered is None or answered >= moment)


def _outcome_row(application) -> str:
    if application.state == DisclosureState.ABANDONED:
        return "not_corrected"  # 视为放弃申请 (第三十条): (6)1
    if application.reply_type == ReplyType.REFUSED:
        return REFUSAL_ROWS.get(application.reply_basis, "other")  # a refusal always names its basis
    return REPLY_ROWS.get(application.reply_type, "other")


def disclosure_figures(unit, year: int) -> dict:
    """What the platform counts of `unit` in `year`:

    - `published`: its items proactively disclosed (主动公开) and first published in the year, by kind (one
      withdrawn since was disclosed all the same);
    - `applications`: for each row of the format's section 三, [citizens, legal persons or other organisations]:
      `new` received in the year, `carried` received before and still open on 1 January, each outcome of those
      concluded in the year (a reply, or 视为放弃申请), `closed` their sum, `forward` those still open at its end
      (new + carried = closed + forward);
    - `replies`, `late` (a reply after its reply date, extensions included), `overdue_open` (open at the end of the
      year after their reply date), `extended`, `corrections` (补正 requested in the year)."""
    start, end = _year_bounds(year)
    published = dict(
        LibraryItem.objects.filter(owner=unit, disclosure_mode=DisclosureMode.ACTIVE, first_published_at__gte=start,
                                   first_published_at__lt=end)
        .values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )  # fmt: skip
    counts = {key: [0, 0] for key in ROW_KEYS}
    replies = late = overdue_open = 0
    applications = (
        DisclosureApplication.objects.filter(unit=unit, received_at__lt=end)
        .exclude(replied_at__lt=start)
        .exclude(abandoned_at__lt=start)  # concluded before the year: in no row of it
    )
    last_day = end.date() - dt.timedelta(days=1)
    for application in applications.only("applicant_kind", "state", "received_at", "due_on", "reply_type",
                                         "reply_basis", "replied_at", "abandoned_at", "correction_requested_at",
                                         "corrected_at"):  # fmt: skip
        column = 1 if application.applicant_kind == ApplicantKind.ORGANISATION else 0
        counts["new" if application.received_at >= start else "carried"][column] += 1
        concluded = application.replied_at or application.abandoned_at
        if concluded is None or concluded >= end:
            counts["forward"][column] += 1
            overdue_open += application.due_on <= last_day and not _waiting_for_correction(application, end)
            continue
        counts[_outcome_row(application)][column] += 1
        counts["closed"][column] += 1
        if application.replied_at is not None:
            replies += 1
            late += timezone.localdate(application.replied_at) > application.due_on
    of_unit = DisclosureApplication.objects.filter(unit=unit)
    return {
        "published": {kind: published.get(kind, 0) for kind, _label in PUBLISHED_KINDS},
        "applications": counts,
        "replies": replies,
        "late": late,
        "overdue_open": overdue_open,
        "extended": of_unit.filter(extended_at__gte=start, extended_at__lt=end).count(),
        "corrections": of_unit.filter(correction_requested_at__gte=start, correction_requested_at__lt=end).count(),
    }


# -- the text ------------------------------------------------------------------------------------------------------


def _in_installation_language(function):
    """The report is a public document, in the installation's language (zh-hans) whatever language the editor's
    browser asked for; so is the generated prose the editor's text is compared with."""

    @functools.wraps(function)
    def wrapped(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapped


@_in_installation_language
def generated_texts(site: SiteProfile, year: int, figures: dict) -> dict[str, str]:
    """The sentences of the prose sections computed from the figures; the editor extends them."""
    published, rows = figures["published"], figures["applications"]
    overview = _(
        "In %(year)d, %(unit)s proactively disclosed %(items)d pieces of government information: "
        "%(policies)d policy documents, %(interpretations)d policy interpretations and %(articles)d other items. It "
        "received %(new)d new applications for disclosure and carried %(carried)d over from the previous year; "
        "%(closed)d were concluded and %(forward)d are carried forward to the next year."
    ) % {
        "year": year, "unit": site.organiser.name, "items": sum(published.values()),
        "policies": published[ItemKind.POLICY], "interpretations": published[ItemKind.INTERPRETATION],
        "articles": published[ItemKind.ARTICLE], "new": sum(rows["new"]), "carried": sum(rows["carried"]),
        "closed": sum(rows["closed"]), "forward": sum(rows["forward"]),
    }  # fmt: skip
    if figures["replies"] == 0:
        problems = [_("No application for disclosure was answered in %(year)d.") % {"year": year}]
    elif figures["late"] == 0:
        problems = [_("All %(replies)d replies to applications for disclosure in %(year)d were given within their "
                      "time limits.") % {"replies": figures["replies"], "year": year}]  # fmt: skip
    else:
        problems = [_("Of the %(replies)d replies to applications for disclosure in %(year)d, %(late)d were given "
                      "after their time limit.") % {"replies": figures["replies"], "year": year,
                                                      "late": figures["late"]}]  # fmt: skip
    if figures["overdue_open"]:
        problems.append(_("At the end of the year %(n)d applications were past their reply date without a reply.")
                        % {"n": figures["overdue_open"]})  # fmt: skip
    other = [
        _("In the year the time limit of %(extended)d applications was extended and %(corrections)d applicants were "
          "asked to correct their application; %(abandoned)d applications were deemed withdrawn, not corrected in "
          "time.") % {"extended": figures["extended"], "corrections": figures["corrections"],
                      "abandoned": sum(rows["not_corrected"])},
        _("The figures of this report are those the government website platform records of this body's proactive "
          "disclosure and of the applications for disclosure received and handled through it."),
    ]  # fmt: skip
    return {"overview": overview, "problems": "\n".join(problems), "other": "\n".join(other)}


def section_texts(report: DisclosureReport) -> dict[str, str]:
    """The text of each prose section: the editor's, or the sentences generated from the figures."""
    generated = generated_texts(report.site, report.year, report.figures)
    return {key: getattr(report, key) or generated[key] for key in TEXTS}


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def _row(label_cells: str, values: list, span: int = 1) -> str:
    colspan = f' colspan="{span}"' if span > 1 else ""
    return f"<tr>{label_cells}{''.join(f'<td{colspan}>{escape(str(v))}</td>' for v in values)}</tr>"


def _label(text, colspan: int = 1, rowspan: int = 1) -> str:
    span = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    return f'<th class="label" scope="row"{span}>{escape(str(text))}</th>'


def _head(*cells: tuple) -> str:
    """One header row of (text, colspan, rowspan) cells."""
    return (
        "<tr>"
        + "".join(
            "<th"
            + (f' colspan="{colspan}"' if colspan > 1 else "")
            + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
            + f">{escape(str(text))}</th>"
            for text, colspan, rowspan in cells
        )
        + "</tr>"
    )


def _table(rows: list[str], head: str = "") -> str:
    return f'<div class="report-table"><table>{head}<tbody>{"".join(rows)}</tbody></table></div>'


def _proactive_tables(figures: dict) -> str:
    """二、主动公开政府信息情况: the format's table of 第二十条第（一）（五）（六）（八）项, which the platform cannot
    fill, then what the resource library holds of the unit's proactive disclosure."""
    information, decisions = _("Information content"), _("Decisions this year")
    official = [
        _head((_("Article 20 (1)"), 4, 1)),
        _head((information, 1, 1), (_("Issued this year"), 1, 1), (_("Repealed this year"), 1, 1),
              (_("Number in force"), 1, 1)),
        _row(_label(_("Rules (规章)")), [NONE] * 3),
        _row(_label(_("Administrative normative documents")), [NONE] * 3),
        _head((_("Article 20 (5)"), 4, 1)),
        _head((information, 1, 1), (decisions, 3, 1)),
        _row(_label(_("Administrative licensing")), [NONE], span=3),
        _head((_("Article 20 (6)"), 4, 1)),
        _head((information, 1, 1), (decisions, 3, 1)),
        _row(_label(_("Administrative penalties")), [NONE], span=3),
        _row(_label(_("Administrative enforcement")), [NONE], span=3),
        _head((_("Article 20 (8)"), 4, 1)),
        _head((information, 1, 1), (_("Fees charged this year (10,000 yuan)"), 3, 1)),
        _row(_label(_("Administrative fees")), [NONE], span=3),
    ]  # fmt: skip
    published = figures["published"]
    library = [_head((_("Kind of information"), 1, 1), (_("Published this year"), 1, 1))]
    library += [_row(_label(label), [published[kind]]) for kind, label in PUBLISHED_KINDS]
    library.append(_row(_label(_("Total of the library items")), [sum(published.values())]))
    note = _("The platform does not hold the figures of the table above; the items this body proactively disclosed "
             "through the platform's information resource library were:")  # fmt: skip
    return _table(official) + f"<p>{escape(note)}</p>" + _table(library)


def _applications_table(figures: dict) -> str:
    """三、收到和处理政府信息公开申请情况, in the format's layout: three label columns, the applicant columns with the
    kinds of organisation (which the platform does not record) as “—” and their subtotal."""
    rows = figures["applications"]
    organisation_kinds = [_("Commercial enterprises"), _("Research institutions"), _("Social welfare organisations"),
                          _("Legal service institutions"), _("Other organisations")]  # fmt: skip

    def values(key):
        citizens, organisations = rows[key]
        return [citizens, *[NONE] * len(organisation_kinds), organisations, citizens + organisations]

    head = (
        "<thead>"
        + _head(
            (_("(In this column, item one plus item two equals item three plus item four)"), 3, 3),
            (_("Applicant kinds"), 8, 1),
        )
        + _head(
            (_("Natural persons"), 1, 2),
            (_("Legal persons or other organisations"), 6, 1),
            (_("Total (applications)"), 1, 2),
        )
        + _head(*[(kind, 1, 1) for kind in organisation_kinds], (_("Subtotal of organisations"), 1, 1))
        + "</thead>"
    )
    body = [
        _row(_label(_("1. New applications received this year"), colspan=3), values("new")),
        _row(_label(_("2. Applications carried over from last year"), colspan=3), values("carried")),
    ]
    outcome_rows = sum(len(group_rows) for _group, group_rows in OUTCOMES)
    first = True
    for group, group_rows in OUTCOMES:
        for n, (key, label) in enumerate(group_rows):
            cells = _label(_("3. Outcomes this year"), rowspan=outcome_rows) if first else ""
            first = False
            if group is None:
                cells += _label(label, colspan=2)
            else:
                cells += (_label(group, rowspan=len(group_rows)) if n == 0 else "") + _label(label)
            body.append(_row(cells, values(key)))
    body.append(_row(_label(_("4. Carried forward to next year"), colspan=3), values("forward")))
    return _table(body, head)


def _review_table() -> str:
    """四、政府信息公开行政复议、行政诉讼情况: the platform holds no review or lawsuit, so every figure is “—”."""
    results = [_("Result upheld"), _("Result corrected"), _("Other result"), _("Not yet concluded"), _("Total (cases)")]
    head = (
        "<thead>"
        + _head((_("Administrative review"), 5, 1), (_("Administrative litigation"), 10, 1))
        + _head(
            *[(result, 1, 2) for result in results],
            (_("Sued directly without review"), 5, 1),
            (_("Sued after review"), 5, 1),
        )
        + _head(*[(result, 1, 1) for result in results * 2])
        + "</thead>"
    )
    return _table([_row("", [NONE] * 15)], head)


@_in_installation_language
def report_body(report: DisclosureReport) -> str:
    texts = section_texts(report)
    sections = [
        (_("1. Overall situation"), _paragraphs(texts["overview"])),
        (_("2. Proactive disclosure of government information"), _proactive_tables(report.figures)),
        (_("3. Applications for disclosure received and handled"), _applications_table(report.figures)),
        (_("4. Administrative reviews and lawsuits about disclosure"), _review_table()),
        (_("5. Main problems and improvements"), _paragraphs(texts["problems"])),
        (_("6. Other matters to report"), _paragraphs(texts["other"])),
    ]
    return "".join(f"<h2>{escape(heading)}</h2>{content}" for heading, content in sections)


@_in_installation_language
def report_title(site: SiteProfile, year: int) -> str:
    return _("%(unit)s: annual report on government information disclosure %(year)d") % {
        "unit": site.organiser.name, "year": year}  # fmt: skip


@_in_installation_language
def report_summary(year: int) -> str:
    text = _("Proactive disclosure and applications for disclosure of %(year)d, in the national format.")
    return text % {"year": year}


# -- the writes ---------------------------------------------------------------------------------------------------


def _checked_texts(texts: dict[str, str], generated: dict[str, str]) -> dict[str, str]:
    """The editor's texts, each at most TEXT_MAX characters and without a severe 错敏词 (refused at its field now,
    not at submission for review where the body is not theirs to change). A text left as generated is stored empty,
    so that it follows the figures when the report is generated again."""
    errors = FieldErrors()
    kept = {}
    for key in TEXTS:
        text = "\n".join(line.rstrip() for line in (texts.get(key) or "").strip().splitlines())
        if len(text) > TEXT_MAX:
            errors.add(key, _("At most %(n)d characters.") % {"n": TEXT_MAX})
        elif problem := words.severe_problem(words.scan_text(str(_("Body")), text)):
            errors.add(key, problem)
        kept[key] = "" if text == generated[key] else text
    errors.raise_if_any()
    return kept


@transaction.atomic
def disclosure_report_generate(
    *, actor, site: SiteProfile, year: int, texts: dict[str, str] | None = None, today: dt.date | None = None
) -> DisclosureReport:
    """Generate (or, while it is a draft not under review, regenerate) the report of `site`'s unit on `year` as a
    draft library item placed in the site's 信息公开 column, with the figures counted anew; `texts` (overview,
    problems, other) replace the editor's prose, else it is kept. It is published through the review chain."""
    require(actor, EDITORS, site.organiser)
    today = today or timezone.localdate()
    if site.state != SiteState.RUNNING:
        raise FieldErrors.one(
            "site", _("Only a running site publishes the report on government information disclosure.")
        )
    if not 2000 <= year < today.year:
        raise FieldErrors.one(
            "year",
            _("The report on government information disclosure covers a finished year, before %(year)d.")
            % {"year": today.year},
        )
    figures = disclosure_figures(site.organiser, year)
    report = DisclosureReport.objects.select_for_update().filter(site=site, year=year).select_related("item").first()
    if report is not None:
        if report.item.live:
            raise ConflictError(_("The %(year)d report on government information disclosure is already published.")
                                % {"year": year})  # fmt: skip
        if report.item.workflow_in_progress:
            raise ConflictError(_("The report is being reviewed: it can be changed once the review is cancelled or "
                                  "sends it back."))  # fmt: skip
    else:
        report = DisclosureReport(site=site, year=year)
    report.figures, report.generated_by, report.generated_at = figures, actor, timezone.now()
    if texts is not None:
        for key, text in _checked_texts(texts, generated_texts(site, year, figures)).items():
            setattr(report, key, text)
    title, body = report_title(site, year), report_body(report)
    report.item = operations.report_draft(
        item=report.item if report.pk is not None else None, owner=site.organiser,
        column=lambda: operations.report_column(site), actor=actor, title=title, summary=report_summary(year),
        body=body,
    )  # fmt: skip
    report.save()
    ledger.record(
        action="websites.disclosure_report.generated",
        actor=actor,
        organisation=site.organiser,
        obj=report,
        after={"site": site.name, "year": year, "title": title},
    )
    return report


def disclosure_report_published(item: LibraryItem) -> None:
    """Called when a library item is published: if it is a disclosure report, the unit's reminder closes."""
    operations.year_report_published(
        DisclosureReport, item, inbox_kind=INBOX_KIND, action="websites.disclosure_report.published"
    )


def disclosure_report_reminders(today: dt.date | None = None) -> int:
    """From the rule's day of the due month until the due date (the website report's: both are due by 31 January),
    each running site whose disclosure report on last year is not published gets one to-do on its unit. Returns how
    many to-dos were added."""
    today = today or timezone.localdate()
    year = today.year - 1
    due = operations.report_due(year)
    if not dt.date(due.year, due.month, min(rule("websites.annual_report_warn_day"), due.day)) <= today <= due:
        return 0
    published = set(DisclosureReport.objects.filter(year=year, item__live=True).values_list("site_id", flat=True))
    reminded = set(
        InboxItem.objects.filter(kind=INBOX_KIND, object_type="websites.siteprofile", done_at__isnull=True)
        .values_list("object_id", flat=True)
    )  # fmt: skip
    added = 0
    for profile in SiteProfile.objects.filter(state=SiteState.RUNNING).select_related("organiser"):
        if profile.pk in published or str(profile.pk) in reminded:
            continue
        with transaction.atomic():
            inbox.inbox_register(
                source="websites",
                kind=INBOX_KIND,
                title=inbox.lazy_text(
                    gettext_lazy(
                        "Publish the %(year)s report on government information disclosure of %(unit)s "
                        "on %(site)s by %(due)s"
                    ),
                    year=year,
                    unit=profile.organiser.name,
                    site=profile.name,
                    due=f"{due:%Y-%m-%d}",
                ),  # fmt: skip
                url=f"{reverse('websites_disclosure_reports')}?site={profile.pk}",
                assignee_org=profile.organiser,
                deadline=due,
                obj=profile,
            )
        added += 1
    return added


# -- the reads ----------------------------------------------------------------------------------------------------


def reports_for(actor) -> QuerySet[DisclosureReport]:
    """The reports of the sites of the actor's units (their editors); every one for the platform operator."""
    found = DisclosureReport.objects.select_related("site__organiser", "item", "generated_by")
    return found if is_platform_admin(actor) else found.filter(site__organiser_id__in=organisation_ids(actor, EDITORS))


def report_get(actor, pk: int) -> DisclosureReport:
    report = reports_for(actor).filter(pk=pk).first()
    if report is None:
        raise NotFoundError()
    return report

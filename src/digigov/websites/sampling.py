"""The quarterly sampling inspection of the government sites (抽查, R8.6; 国办《政府网站发展指引》: 每季度对本地区政府
网站抽查, 比例不低于30%, 抽查情况及时向社会公开; 《政府网站与政务新媒体检查指标》: 单项否决).

- The draw: from the first working day of each quarter the job `websites.draw_sampling_rounds` draws, for every
  platform hosting running sites (the province's and each city's, `SiteProfile.platform`), the rule's share of
  them (`websites.quarterly_sampling_rate`, rounded up) at random. The seed and the site ID codes drawn from are
  kept and printed in the report, so anyone can draw the same sites again (`drawn_codes`).
- Each sampled site's result is what the daily inspection's checks find (`operations.inspection_findings`, no
  second checker): it fails on the single-veto items they can judge — a column not updated within its rule, a
  citizen's letter overdue, a severe 错敏词 — with the scorecard's total (`operations.site_score`) of its year up
  to the end of the last quarter beside it.
- The platform operator (`platform_operator`) gets a to-do due `websites.sampling_report_days` working days after
  the draw: it may check a site again, comment on each, and drafts the report (抽查情况通报) with its conclusion as
  a library item of its own in the platform portal's 通知公告 column; the item goes through the operator's review
  chain, and its publication publishes the round and closes the to-do.
"""

import datetime as dt
import logging
import random
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.calendar import add_working_days
from digigov.core.choices import DivisionLevel
from digigov.core.errors import DomainError, FieldErrors, NotFoundError
from digigov.core.lifecycle import Lifecycle
from digigov.core.models import Division, LedgerEntry, Organisation
from digigov.core.permissions import can, is_platform_admin, organisation_ids
from digigov.core.rules import rule
from digigov.websites import operations
from digigov.websites.choices import ColumnType, SamplingAction, SamplingState, SiteKind, SiteState
from digigov.websites.models import ColumnPage, LibraryItem, SampledSite, SamplingRound, SiteProfile
from digigov.websites.permissions import EDITORS, SAMPLERS

log = logging.getLogger(__name__)
INBOX_KIND = "websites.sampling"  # the platform operator's to-do: review and publish the round by its deadline
COMMENT_MAX = 500  # characters of a comment on a sampled site
CONCLUSION_MIN, CONCLUSION_MAX = 10, 2000  # a conclusion says something, and fits a report
# The report goes to the portal's 通知公告 column, where 通报 are looked for, else to its 信息公开 column.
REPORT_COLUMNS = (ColumnType.NOTICES, ColumnType.DISCLOSURE)
QUARTER_NAMES = {
    1: gettext_lazy("the first quarter of"),
    2: gettext_lazy("the second quarter of"),
    3: gettext_lazy("the third quarter of"),
    4: gettext_lazy("the fourth quarter of"),
}


def may_act(actor, sampling_round: SamplingRound) -> bool:
    """The staff of the round's platform operator, and platform administrators."""
    return can(actor, SAMPLERS, sampling_round.operator_id)


S, A = SamplingState, SamplingAction
ROUND = Lifecycle(
    {
        (S.DRAWN, A.RECHECK): S.DRAWN,
        (S.DRAWN, A.COMMENT): S.DRAWN,
        (S.DRAWN, A.REPORT): S.REPORTED,
        (S.REPORTED, A.RECHECK): S.REPORTED,
        (S.REPORTED, A.COMMENT): S.REPORTED,
        (S.REPORTED, A.REPORT): S.REPORTED,  # the draft is written again while it is in review
        (S.REPORTED, A.PUBLISH): S.PUBLISHED,
    },
    noun=gettext_lazy("sampling inspection"),
    states=SamplingState,
    actions=SamplingAction,
    state_of=lambda sampling_round: sampling_round.state,
)
ROUND.permit(A.RECHECK, who=may_act)
ROUND.permit(A.COMMENT, who=may_act)
ROUND.permit(A.REPORT, who=may_act)
ROUND.permit(A.PUBLISH, who=lambda actor, r: actor is None)  # the report's publication, at its review chain's end


# -- quarters and platforms ---------------------------------------------------------------------------------------


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * quarter - 2, 1)


def first_working_day(year: int, quarter: int) -> dt.date:
    """The quarter's first working day on the official calendar (after 元旦 or 国庆 it is not the 1st)."""
    return add_working_days(quarter_start(year, quarter), 0)


def quarter_name(sampling_round: SamplingRound) -> str:
    return _("%(quarter)s %(year)s") % {"quarter": QUARTER_NAMES[sampling_round.quarter], "year": sampling_round.year}


def platform_portal(platform: Division) -> SiteProfile | None:
    """The platform's government portal: the running portal its own division's government organises."""
    return (
        SiteProfile.objects.filter(
            platform=platform, kind=SiteKind.PORTAL, state=SiteState.RUNNING, organiser__division=platform
        )
        .select_related("site", "organiser")
        .order_by("site_code")
        .first()
    )


def platform_operator(platform: Division) -> Organisation | None:
    """Who samples a platform's sites: for the province's platform its operator (平台运维方, which approves the
    sites' opening as the province's office, `lifecycle`); for a city's, the city's government office — the
    organiser of the city portal, the competent authority of the city's sites — else the province's operator."""
    operator = Organisation.objects.filter(is_platform_operator=True, is_active=True).order_by("pk").first()
    if platform.level == DivisionLevel.PROVINCE:
        return operator
    portal = platform_portal(platform)
    return portal.organiser if portal is not None else operator


def open_sites(platform: Division) -> QuerySet[SiteProfile]:
    """The sites a round draws from: the platform's running ones (a closing site's content has moved)."""
    return (
        SiteProfile.objects.filter(platform=platform, state=SiteState.RUNNING)
        .select_related("site", "organiser")
        .order_by("site_code")
    )


def sample_size(population: int, share: int) -> int:
    """At least `share` percent of `population`, rounded up (30 % of 7 sites: 3)."""
    return -(-population * share // 100)


def drawn_codes(population: list[str], seed: str, size: int) -> list[str]:
    """The sites drawn: the same site ID codes, seed and size always give the same ones. The generator is Python's
    seeded Mersenne Twister, so that the draw can be repeated by anyone; the seed itself comes from `secrets`."""
    generator = random.Random(int(seed, 16))  # noqa: S311 -- reproducible by design, not a secret
    return sorted(generator.sample(sorted(population), size))


# -- a sampled site's result ----------------------------------------------------------------------------------------


def is_veto(finding: dict) -> bool:
    """The 国办 single-veto items (单项否决) the daily inspection's checks can judge: 网站不更新 (a news column two
    weeks, a notices or policy column six months without an entry, by the rules), 互动回应差 (a citizen's letter
    past its due date; one due today is not yet late), 严重错误 (a severe 错敏词 in a live item)."""
    check = finding["check"]
    return check in ("stale_column", "severe_word") or (check == "letter" and bool(finding.get("overdue")))


def site_result(profile: SiteProfile, day: dt.date) -> dict:
    """Findings (in the installation's language: the report and every reader see them), pass or fail, score."""
    with translation.override(settings.LANGUAGE_CODE):
        findings = [{**finding, "veto": is_veto(finding)} for finding in operations.inspection_findings(profile, day)]
    scored_until = quarter_start(day.year, quarter_of(day)) - dt.timedelta(days=1)
    opened = timezone.localdate(profile.created_at)
    score = None if opened > scored_until else operations.site_score(profile, scored_until.year, scored_until).total
    return {"findings": findings, "passed": not any(f["veto"] for f in findings), "score": score}


# -- the draw -----------------------------------------------------------------------------------------------------


def _todo(sampling_round: SamplingRound) -> None:
    inbox.inbox_register(
        source="websites",
        kind=INBOX_KIND,
        title=inbox.lazy_text(
            gettext_lazy(
                "Review and publish the sampling inspection of the government sites of %(platform)s, %(quarter)s"
            ),
            platform=sampling_round.platform.name,
            quarter=inbox.lazy_text(
                gettext_lazy("%(quarter)s %(year)s"),
                quarter=QUARTER_NAMES[sampling_round.quarter],
                year=sampling_round.year,
            ),
        ),
        url=reverse("websites_sampling_round", args=[sampling_round.pk]),
        assignee_org=sampling_round.operator,
        deadline=sampling_round.deadline,
        obj=sampling_round,
    )


@transaction.atomic
def round_draw(platform: Division, today: dt.date, *, seed: str | None = None) -> SamplingRound | None:
    """Draw the quarter's round of a platform (the job; no person acts): None if it was drawn already, or the
    platform has no operator or no running site."""
    year, quarter = today.year, quarter_of(today)
    if SamplingRound.objects.filter(platform=platform, year=year, quarter=quarter).exists():
        return None
    sites = {profile.site_code: profile for profile in open_sites(platform)}
    if not sites:
        return None
    operator = platform_operator(platform)
    if operator is None:
        log.warning("sampling of %s: no platform operator organisation is configured", platform.code)
        return None
    share = rule("websites.quarterly_sampling_rate")
    seed = seed or secrets.token_hex(8)
    population = sorted(sites)
    codes = drawn_codes(population, seed, sample_size(len(population), share))
    sampling_round = SamplingRound.objects.create(
        platform=platform, operator=operator, year=year, quarter=quarter, share=share, seed=seed,
        population=population, drawn_on=today, deadline=add_working_days(today, rule("websites.sampling_report_days")),
    )  # fmt: skip
    now = timezone.now()
    results = [SampledSite(round=sampling_round, site=sites[code], checked_at=now, **site_result(sites[code], today))
               for code in codes]  # fmt: skip
    SampledSite.objects.bulk_create(results)
    _todo(sampling_round)
    with translation.override(settings.LANGUAGE_CODE):
        quarter_text = quarter_name(sampling_round)
    ledger.record(
        action="websites.sampling.drawn",
        organisation=operator,
        obj=sampling_round,
        after={
            "platform": platform.name, "quarter": quarter_text, "population": len(population),
            "sites": "、".join(sites[code].name for code in codes), "seed": seed,
            "failed": sum(not result.passed for result in results),
        },
    )  # fmt: skip
    return sampling_round


def draw_due(today: dt.date | None = None) -> int:
    """The morning job: from the quarter's first working day, each platform's round not drawn yet (a scheduler
    that was down on that day draws it on its next run). Returns how many were drawn."""
    today = today or timezone.localdate()
    if today < first_working_day(today.year, quarter_of(today)):
        return 0
    hosting = SiteProfile.objects.filter(state=SiteState.RUNNING).values("platform")
    return sum(round_draw(platform, today) is not None
               for platform in Division.objects.filter(pk__in=hosting).order_by("code"))  # fmt: skip


# -- the platform operator's review ---------------------------------------------------------------------------------


def _locked(sampling_round: SamplingRound) -> SamplingRound:
    return SamplingRound.objects.select_for_update().select_related("platform", "operator").get(pk=sampling_round.pk)


def _sampled(sampling_round: SamplingRound, sampled: SampledSite) -> SampledSite:
    found = sampling_round.sites.select_related("site__site", "site__organiser").filter(pk=sampled.pk).first()
    if found is None:
        raise NotFoundError()
    return found


@transaction.atomic
def sampled_site_recheck(*, actor, sampled: SampledSite, today: dt.date | None = None) -> SampledSite:
    """Check a sampled site again on today's data (after the unit has put a problem right, say)."""
    sampling_round = _locked(sampled.round)
    ROUND.check(actor, sampling_round, A.RECHECK)
    sampled = _sampled(sampling_round, sampled)
    before = sampled.passed
    for field, value in site_result(sampled.site, today or timezone.localdate()).items():
        setattr(sampled, field, value)
    sampled.checked_at, sampled.checked_by = timezone.now(), actor
    sampled.save(update_fields=["findings", "passed", "score", "checked_at", "checked_by"])
    ledger.record(
        action="websites.sampling.rechecked",
        actor=actor,
        organisation=sampling_round.operator,
        obj=sampling_round,
        before={"passed": before},
        after={"site": sampled.site.name, "passed": sampled.passed, "findings": len(sampled.findings)},
    )
    return sampled


@transaction.atomic
def sampled_site_comment(*, actor, sampled: SampledSite, comment: str) -> SampledSite:
    """The platform operator's comment on one site (what the unit must put right); printed in the report."""
    sampling_round = _locked(sampled.round)
    ROUND.check(actor, sampling_round, A.COMMENT)
    sampled = _sampled(sampling_round, sampled)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise FieldErrors.one("comment", _("At most %(n)d characters.") % {"n": COMMENT_MAX})
    sampled.comment = comment
    sampled.save(update_fields=["comment"])
    ledger.record(
        action="websites.sampling.commented",
        actor=actor,
        organisation=sampling_round.operator,
        obj=sampling_round,
        after={"site": sampled.site.name, "comment": comment},
    )
    return sampled


# -- the report (抽查情况通报) ---------------------------------------------------------------------------------------


def report_title(sampling_round: SamplingRound) -> str:
    return _("%(platform)s: report on the sampling inspection of government sites in %(quarter)s") % {
        "platform": sampling_round.platform.name,
        "quarter": quarter_name(sampling_round),
    }


def report_column(sampling_round: SamplingRound) -> ColumnPage:
    portal = platform_portal(sampling_round.platform)
    columns = (
        ColumnPage.objects.descendant_of(portal.site.root_page).live().filter(column_type__in=REPORT_COLUMNS)
        if portal is not None
        else ColumnPage.objects.none()
    )
    column = min(columns, key=lambda c: (REPORT_COLUMNS.index(c.column_type), c.path), default=None)
    if column is None:
        raise DomainError(_("The platform has no running portal with a notices or information disclosure column "
                            "to publish the report in."))  # fmt: skip
    return column


def public_problems(findings: list[dict]) -> list[str]:
    """What the report says of a site's findings: the columns by name; letters, error reports, items with severe
    words and solicitations only by number — a letter's subject is a citizen's, a wrong word is not repeated."""
    problems = [f"{f['label']}（{f['detail']}）" for f in findings if f["check"] == "stale_column"]
    counted = [
        ("letter", True, _("Citizens' letters not answered by their due date: %(n)d")),
        ("correction", True, _("Netizen error reports not answered by their due date: %(n)d")),
        ("severe_word", False, _("Published items with severe wrong or sensitive words: %(n)d")),
        ("solicitation", False, _("Solicitations ended without their feedback published: %(n)d")),
    ]
    for check, only_overdue, sentence in counted:
        n = sum(1 for f in findings if f["check"] == check and (f.get("overdue") or not only_overdue))
        if n:
            problems.append(sentence % {"n": n})
    return problems


def _report_body(sampling_round: SamplingRound, sampled: list[SampledSite]) -> str:
    failed = sum(not s.passed for s in sampled)
    facts = {
        "operator": sampling_round.operator.name, "day": f"{sampling_round.drawn_on:%Y-%m-%d}",
        "platform": sampling_round.platform.name, "population": len(sampling_round.population),
        "sites": len(sampled), "share": sampling_round.share,
    }  # fmt: skip
    parts = [
        "<p>" + escape(_(
            "Under the State Council Office's Guidelines for the development of government websites, which require "
            "at least 30 percent of a region's sites to be sampled each quarter, %(operator)s drew on %(day)s, at "
            "random, %(sites)d of the %(population)d running government sites of the %(platform)s platform (at "
            "least %(share)d percent) and checked them against the single-veto items of the inspection indicators "
            "the platform's data can judge: timely updates, answers to citizens' letters and severe wrong or "
            "sensitive words. The results are reported as follows."
        ) % facts) + "</p>",
        f"<h2>{escape(_('Overview'))}</h2>",
        "<p>" + escape(_("%(sites)d sites were sampled: %(passed)d passed and %(failed)d failed.")
                       % {"sites": len(sampled), "passed": len(sampled) - failed, "failed": failed}) + "</p>",
    ]  # fmt: skip
    parts += [f"<p>{escape(line)}</p>" for line in sampling_round.conclusion.splitlines() if line.strip()]
    parts.append(f"<h2>{escape(_('Results by site'))}</h2>")
    rows = []
    for s in sampled:
        verdict = _("passed the sampling") if s.passed else _("failed the sampling")
        code = f"{_('site ID code')} {s.site.site_code}"
        line = [f"<b>{escape(s.site.name)}</b>（{escape(code)}）：{escape(verdict)}"]
        if s.score is not None:
            line.append(escape(_("score %(score).1f") % {"score": s.score}))
        problems = public_problems(s.findings)
        line.append(escape(_("main problems: %(problems)s") % {"problems": "；".join(problems)}) if problems
                    else escape(_("no problem found")))  # fmt: skip
        if s.comment:
            line.append(escape(_("comment of the platform operator: %(comment)s") % {"comment": s.comment}))
        rows.append("<li>" + "；".join(line).rstrip("。") + "。</li>")
    parts.append("<ol>" + "".join(rows) + "</ol>")
    parts.append(f"<h2>{escape(_('How the sites were drawn'))}</h2>")
    parts.append("<p>" + escape(_(
        "The sites were drawn from the site ID codes of the running sites in ascending order (%(codes)s) with "
        "Python's random module seeded with %(seed)s (hexadecimal): random.Random(0x%(seed)s).sample(codes, "
        "%(sites)d) gives the same sites again."
    ) % {"seed": sampling_round.seed, "codes": "、".join(sampling_round.population), "sites": len(sampled)})
        + "</p>")  # fmt: skip
    return "".join(parts)


@transaction.atomic
def round_report(*, actor, sampling_round: SamplingRound, conclusion: str) -> SamplingRound:
    """Draft (or, while it is in review, draft again) the report: a library item of the platform operator in the
    platform portal's 通知公告 column, with the conclusion, each site's result and the draw's seed. It is published
    through the operator's review chain (审核 → 保密审查 → 签发) like any item; the operator vouches for its own
    report, which the 国办 rules have the sites' competent authority publish on the portal."""
    sampling_round = _locked(sampling_round)
    after = ROUND.check(actor, sampling_round, A.REPORT)
    conclusion = (conclusion or "").strip()
    if not CONCLUSION_MIN <= len(conclusion) <= CONCLUSION_MAX:
        raise FieldErrors.one("conclusion", _("Write the conclusion in %(min)d to %(max)d characters.")
                              % {"min": CONCLUSION_MIN, "max": CONCLUSION_MAX})  # fmt: skip
    sampling_round.conclusion = conclusion
    sampled = list(sampling_round.sites.select_related("site").order_by("site__site_code"))
    with translation.override(settings.LANGUAGE_CODE):  # what the public reads, whoever drafts it
        title, body = report_title(sampling_round), _report_body(sampling_round, sampled)
        summary = _("%(passed)d of %(sites)d sampled sites passed.") % {
            "passed": sum(s.passed for s in sampled), "sites": len(sampled)}  # fmt: skip
    sampling_round.item = operations.report_draft(
        item=sampling_round.item, owner=sampling_round.operator, column=lambda: report_column(sampling_round),
        actor=actor, title=title, summary=summary, body=body,
    )  # fmt: skip
    sampling_round.state, sampling_round.reported_by = after, actor
    sampling_round.save(update_fields=["state", "conclusion", "item", "reported_by"])
    ledger.record(
        action="websites.sampling.reported",
        actor=actor,
        organisation=sampling_round.operator,
        obj=sampling_round,
        after={"title": title, "conclusion": conclusion},
    )
    return sampling_round


def round_published(item: LibraryItem, *, actor=None) -> None:
    """Called when a library item is published: if it is a round's report, the round is published and the
    operator's to-do closes (`actor`: who signed it)."""
    sampling_round = SamplingRound.objects.filter(item=item).select_related("platform", "operator").first()
    if sampling_round is None or sampling_round.state == S.PUBLISHED:
        return  # not a report, or published again after a withdrawal
    sampling_round.state = ROUND.check(None, sampling_round, A.PUBLISH)
    sampling_round.published_at = item.first_published_at or timezone.now()
    sampling_round.save(update_fields=["state", "published_at"])
    inbox.inbox_complete_for(obj=sampling_round, kind=INBOX_KIND)
    ledger.record(
        action="websites.sampling.published",
        actor=actor,
        organisation=sampling_round.operator,
        obj=sampling_round,
        after={"title": item.title, "late": timezone.localdate(sampling_round.published_at) > sampling_round.deadline},
    )


# -- reads --------------------------------------------------------------------------------------------------------


def rounds_for(actor) -> QuerySet[SamplingRound]:
    """The rounds of the platforms the actor's units operate; for a site's unit, those that sampled its sites."""
    found = SamplingRound.objects.select_related("platform", "operator", "item")
    if is_platform_admin(actor):
        return found
    own = Q(operator_id__in=organisation_ids(actor, SAMPLERS))
    sampled = Q(pk__in=SampledSite.objects.filter(site__organiser_id__in=organisation_ids(actor, EDITORS))
                .values("round_id"))  # fmt: skip
    return found.filter(own | sampled)


def round_get(actor, pk: int) -> SamplingRound:
    sampling_round = rounds_for(actor).filter(pk=pk).first()
    if sampling_round is None:
        raise NotFoundError()
    return sampling_round


def sampled_sites_for(actor, sampling_round: SamplingRound) -> QuerySet[SampledSite]:
    """Every result for the platform operator; a site's unit sees its own sites' results only."""
    found = sampling_round.sites.select_related("site", "checked_by").order_by("site__site_code")
    if may_act(actor, sampling_round):
        return found
    return found.filter(site__organiser_id__in=organisation_ids(actor, EDITORS))


def sampled_site_get(actor, sampling_round: SamplingRound, pk: int) -> SampledSite:
    sampled = sampled_sites_for(actor, sampling_round).filter(pk=pk).first()
    if sampled is None:
        raise NotFoundError()
    return sampled


def round_history(sampling_round: SamplingRound) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(object_type="websites.samplinground", object_id=str(sampling_round.pk)).order_by(
        "seq"
    )

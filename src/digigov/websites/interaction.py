"""Opinion solicitations and online surveys (R8.4): what the public sends during a page's period, checked as a
whole and limited per address; what the unit reads of it (each reading of names and numbers in the ledger); and a
survey's tally. The pages themselves are edited and published through the site's review chain (models/interaction)."""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from digigov.core import ledger
from digigov.core.errors import ConflictError, DomainError, FieldErrors
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.core.ratelimit import limit_per_address
from digigov.websites import selectors
from digigov.websites.messages import sender_checked
from digigov.websites.models import SiteProfile, SolicitationComment, SolicitationPage, SurveyPage, SurveySubmission
from digigov.websites.permissions import EDITORS

CHOICE_FIELDS = ("radio", "dropdown", "checkboxes", "multiselect")


def _unit_of(page) -> SiteProfile:
    profile = selectors.profile_for_page(page)
    if profile is None:
        raise DomainError(_("This page belongs to no government site."), code="not_found")
    return profile


def _limit(queryset, field: str, address: str | None) -> None:
    limit_per_address(
        queryset,
        field,
        address,
        "websites.opinion_hourly_limit",
        _("Too many answers were sent from your network in the last hour. Please try again later."),
    )


def _require_open(page) -> None:
    state = page.period_state()
    if state == "upcoming":
        raise ConflictError(_("This opens on %(date)s.") % {"date": f"{page.opens_on:%Y-%m-%d}"})
    if state == "closed":
        raise ConflictError(_("This closed on %(date)s.") % {"date": f"{page.closes_on:%Y-%m-%d}"})


@transaction.atomic
def comment_send(*, solicitation: SolicitationPage, body: str, name: str, phone: str,
                 address: str | None = None) -> SolicitationComment:  # fmt: skip
    """An opinion on a solicitation during its period; it goes to the site's unit."""
    profile = _unit_of(solicitation)
    _require_open(solicitation)
    errors = FieldErrors()
    body, name, phone = sender_checked(
        errors, body, name, phone,
        too_short=_("Write at least 10 characters, so that the unit can weigh your opinion."),
        too_long=_("An opinion is at most 2,000 characters."),
    )  # fmt: skip
    errors.raise_if_any()
    _limit(SolicitationComment.objects.all(), "received_at", address)
    comment = SolicitationComment.objects.create(solicitation=solicitation, body=body, name=name, phone=phone,
                                                 address=address)  # fmt: skip
    ledger.record(action="websites.opinion.received", actor=None, organisation=profile.organiser, obj=comment,
                  after={"solicitation": solicitation.title})  # fmt: skip
    return comment


def solicitations_for(actor) -> QuerySet[SolicitationPage]:
    """The solicitations of the sites the actor's units run (every one for the platform operator), with counts."""
    pages = SolicitationPage.objects.annotate(opinions=Count("comments")).order_by("-closes_on", "-pk")
    if is_platform_admin(actor):
        return pages
    homes = SiteProfile.objects.filter(organiser_id__in=organisation_ids(actor, EDITORS)).select_related("site")
    paths = [profile.site.root_page.path for profile in homes]
    if not paths:
        return pages.none()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return pages.filter(query)


@transaction.atomic
def comments_for_staff(actor, pk: int) -> tuple[SolicitationPage, list[SolicitationComment]] | None:
    """A solicitation with every opinion, names and numbers included: the reading is in the ledger (R0.4)."""
    solicitation = solicitations_for(actor).filter(pk=pk).first()
    if solicitation is None:
        return None
    comments = list(solicitation.comments.all())
    ledger.record(action="websites.opinion.viewed", actor=actor, organisation=_unit_of(solicitation).organiser,
                  obj=solicitation, after={"solicitation": solicitation.title, "opinions": len(comments)})  # fmt: skip
    return solicitation, comments


@transaction.atomic
def survey_answer(*, survey: SurveyPage, form, address: str | None = None) -> SurveySubmission:
    """One anonymous answer to a survey during its period (the form is Wagtail's, already valid)."""
    profile = _unit_of(survey)
    _require_open(survey)
    _limit(SurveySubmission.objects.filter(page=survey), "submit_time", address)
    submission = SurveySubmission.objects.create(form_data=form.cleaned_data, page=survey, address=address)
    ledger.record(action="websites.survey.answered", actor=None, organisation=profile.organiser, obj=submission,
                  after={"survey": survey.title})  # fmt: skip
    return submission


@dataclass(frozen=True)
class Tally:
    question: str
    answers: list[tuple[str, int, int]]  # choice, count, percent of the answers to the survey
    total: int


def survey_results(survey: SurveyPage) -> list[Tally]:
    """Each choice question's count per choice, in the editor's order of choices."""
    questions = [f for f in survey.get_form_fields() if f.field_type in CHOICE_FIELDS]
    counts = {q.clean_name: Counter() for q in questions}
    total = 0
    for data in SurveySubmission.objects.filter(page=survey).values_list("form_data", flat=True).iterator():
        total += 1
        for question in questions:
            value = data.get(question.clean_name)
            for choice in value if isinstance(value, list) else [value]:
                if choice:
                    counts[question.clean_name][choice] += 1
    tallies = []
    for question in questions:
        choices = [c.strip() for c in question.choices.splitlines() if c.strip()] or list(counts[question.clean_name])
        answers = [(c, n := counts[question.clean_name][c], round(100 * n / total) if total else 0) for c in choices]
        tallies.append(Tally(question.label, answers, total))
    return tallies

"""Ratings in the online service hall (好差评, R4.5): the applicant's rating form and the department's answer on their
case page (`rating_context`, `rate`, called from `hall_case_views.case_detail`), and the public figures at
`/zwfw/ratings/` per department and per item — counts and rates only, no name, no comment."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from digigov.core.errors import DomainError, FieldErrors
from digigov.core.models import Organisation
from digigov.eservices import rating_selectors
from digigov.eservices.choices import RatingDimension, RatingLevel
from digigov.eservices.models import Case
from digigov.eservices.services import ratings
from digigov.websites.api import chrome_for

HOME = "/zwfw/"


def rate(request, case: Case, errors: FieldErrors):
    """The POST of the rating form: a redirect to the case page once rated, else None with the errors merged."""
    try:
        ratings.rating_submit(
            actor=request.user,
            case=case,
            level=request.POST.get("level"),
            dimensions=request.POST.getlist("dimensions")[:10],
            comment=request.POST.get("comment", "")[:2000],
        )
    except DomainError as error:
        if not error.fields:
            errors.add("", error.message)
        for key, problems in error.fields.items():
            for problem in problems:
                errors.add(f"rating_{key}", problem)
        return None
    messages.success(request, _("Thank you: your rating has been recorded."))
    return redirect(request.path)


def rating_context(request, case: Case, fields: dict) -> dict:
    """What `_hall_case_rating.html` shows: the form while the case may be rated, else the rating and the answer."""
    rating = rating_selectors.applicant_rating(case)
    posted = request.method == "POST" and request.POST.get("action") == "rate"
    return {
        "rating": rating,
        "can_rate": rating is None and case.status in ratings.RATED_STATES,
        "rating_levels": RatingLevel.choices,
        "rating_dimensions": RatingDimension.choices,
        "rating_dimension_labels": [RatingDimension(d).label for d in rating.dimensions] if rating else [],
        "rating_posted": {
            "level": request.POST.get("level", "") if posted else "",
            "dimensions": request.POST.getlist("dimensions") if posted else [],
            "comment": request.POST.get("comment", "") if posted else "",
        },
        "rating_errors": {k[len("rating_") :]: v for k, v in fields.items() if k.startswith("rating_")},
    }


def _int(value: str) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def stats(request):
    """政务服务好差评 published: overall, per department and per item; `?org=` narrows to one department."""
    org = _int(request.GET.get("org", ""))
    organisation = Organisation.objects.filter(pk=org).first() if org else None
    figures = rating_selectors.rating_stats(organisation=organisation.pk if organisation else None)
    context = {
        "chrome": chrome_for(request, HOME),
        "request": request,
        "figures": figures,
        "organisation": organisation,
        "breadcrumbs": [(_("Online service hall"), HOME), (_("Ratings of services"), "")],
    }
    return TemplateResponse(request, "eservices/hall_ratings.html", context)

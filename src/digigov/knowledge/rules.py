"""Rule parameters of the knowledge base (GB/T 44191; issue #13 item 7), registered by KnowledgeConfig.ready()."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from digigov.core.rules import register


def _organisation_ids(value: str) -> None:
    """Numbers separated by commas (spaces allowed), or nothing."""
    parts = [p.strip() for p in str(value).replace("，", ",").split(",") if p.strip()]
    if any(not p.isdigit() or len(p) > 12 for p in parts):
        raise ValidationError(_("Give the organisations' numbers separated by commas, for example 3,7."))


register(
    "knowledge.centre_organisations",
    "",
    label=_(
        "12345 hotline centres whose reviewers, leaders and administrators manage every department's knowledge "
        "articles (their numbers in the address of their pages under Organisations, separated by commas)"
    ),
    source="R5.1",
    unit=_("organisation numbers"),
    check=_organisation_ids,
)
register(
    "knowledge.review_period_days",
    365,
    label=_("Days after publication or review by which an article must be reviewed again"),
    source="R5.1",
    unit=_("days"),
    minimum=1,
    maximum=3650,
)
register(
    "knowledge.review_warning_days",
    30,
    label=_("Days before an article's review date its department gets the review to-do"),
    source="R5.1",
    unit=_("days"),
    minimum=0,
    maximum=365,
)
register(
    "knowledge.import_max_mb",
    5,
    label=_("Largest category tree file that may be imported"),
    source="R5.1",
    unit=_("MB"),
    minimum=1,
    maximum=50,
)

"""The catalogue's own rule parameters (the bold ones of S1 are registered in core.rule_catalogue)."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import register

register(
    "catalog.demand_response_days",
    10,
    label=_("Provider responds to a demand-list entry within"),
    source="R1.3",
    unit=_("working days"),
    minimum=1,
)
register(
    "catalog.review_days",
    5,
    label=_("Platform operator reviews a submitted resource within"),
    source="R1.4",
    unit=_("working days"),
    minimum=1,
)
register(
    "catalog.import_max_mb",
    5,
    label=_("Largest Excel file accepted by a list import"),
    source="R1.3",
    unit=_("megabytes"),
    minimum=1,
    maximum=50,
)

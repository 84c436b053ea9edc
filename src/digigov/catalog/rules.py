"""Every rule parameter of the catalogue (S1: R1.3, R1.4, R1.5), registered at start-up by CatalogConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import MEGABYTES, PERCENT, WORKING_DAYS, register

register(
    "catalog.update_after_change_days",
    15,
    label=_("Catalogue updated after a change in law or duties within"),
    source="R1.5",
    unit=WORKING_DAYS,
    minimum=1,
)
register(
    "catalog.mount_rate_target",
    90,
    label=_("Target mount rate of the catalogue"),
    source="R1.3",
    unit=PERCENT,
    maximum=100,
)
register(
    "catalog.demand_response_days",
    10,
    label=_("Provider responds to a demand-list entry within"),
    source="R1.3",
    unit=WORKING_DAYS,
    minimum=1,
)
register(
    "catalog.review_days",
    5,
    label=_("Platform operator reviews a submitted resource within"),
    source="R1.4",
    unit=WORKING_DAYS,
    minimum=1,
)
register(
    "catalog.import_max_mb",
    5,
    label=_("Largest Excel file accepted by a list import"),
    source="R1.3",
    unit=MEGABYTES,
    minimum=1,
    maximum=50,
)

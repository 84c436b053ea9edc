"""Rule parameters of the electronic seals (R7.1), registered at start-up by SigningConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import WORKING_DAYS, register, system_ids_check

register(
    "signing.seal_validity_years",
    5,
    label=_("A new electronic seal is valid for"),
    source="R7.1",
    unit=_("years of seal validity"),
    minimum=1,
    maximum=20,
)
register(
    "signing.seal_request_days",
    3,
    label=_("The platform operator decides a seal request within"),
    source="R7.1",
    unit=WORKING_DAYS,
    minimum=1,
    maximum=30,
)
register(
    "signing.seal_systems",
    "",
    label=_(
        "Department systems that may seal with their own department's electronic seals through the API (their "
        "numbers in the address of their pages under Application systems, separated by commas; empty: none)"
    ),
    source="R7.1",
    unit=_("system numbers"),
    check=system_ids_check,
)
register(
    "signing.seal_status_max_age_seconds",
    5,
    label=_(
        "A verifier relies on a seal's status it has read for at most (as on a revocation list until its next "
        "update; the platform's own change of a seal's status is seen at once where it is made; 0: read it on "
        "every check)"
    ),
    source="R7.1",
    unit=_("seconds"),
    minimum=0,
    maximum=300,
)

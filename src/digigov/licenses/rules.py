"""Rule parameters of electronic licences (S6: R6.1, R6.2), registered at start-up by LicensesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import register

register(
    "licenses.authorisation_max_days",
    30,
    label=_("Longest use authorisation a holder may grant"),
    source="R6.2",
    unit=_("days"),
)

register(
    "licenses.verify_max_mb",
    10,
    label=_("Largest licence file anyone may upload for verification"),
    source="R6.2",
    unit=_("MB"),
)

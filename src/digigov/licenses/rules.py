"""Rule parameters of electronic licences (S6: R6.1, R6.2), registered at start-up by LicensesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import MEGABYTES, register, system_ids_check

register(
    "licenses.authorisation_max_days",
    30,
    label=_("Longest use authorisation a holder may grant"),
    source="R6.2",
    unit=_("days"),
)


register(
    "licenses.issue_systems",
    "",
    label=_(
        "Department systems that may issue their own department's licences through the API (their numbers in the "
        "address of their pages under Application systems, separated by commas; empty: none)"
    ),
    source="R6.1",
    unit=_("system numbers"),
    check=system_ids_check,
)
register(
    "licenses.type_max_items",
    30,
    label=_("Most metadata items a licence type may have"),
    source="R6.1",
    unit=_("items"),
    minimum=1,
)
register(
    "licenses.batch_max_rows",
    100000,
    label=_("Most licences one batch may issue"),
    source="R6.1",
    unit=_("rows"),
    minimum=1,
)
register(
    "licenses.import_max_mb",
    20,
    label=_("Largest licence batch file"),
    source="R6.1",
    unit=_("MB"),
    minimum=1,
)
register(
    "licenses.item_max_chars",
    500,
    label=_("Longest value of a licence's metadata item"),
    source="R6.1",
    unit=_("characters"),
    minimum=1,
)


# Scale reference for capacity planning (moved here from core's catalogue now that the app exists).
register(
    "licenses.scale_reference_issued",
    180_000_000,
    label=_("Licence library scale reference (Hubei)"),
    source="R6.1",
    unit=_("licences"),
)
register(
    "licenses.scale_reference_sealed",
    56_700_000,
    label=_("Sealed licences scale reference (Hubei)"),
    source="R6.1",
    unit=_("licences"),
)
register(
    "licenses.verify_max_mb",
    10,
    label=_("Largest licence file anyone may upload for verification"),
    source="R6.2",
    unit=_("MB"),
)
# --------------------------------------------------------------------------- wallet, uses and trust grades (R4.8, R6.2)


def _check_grades(value: str) -> None:
    from django.core.exceptions import ValidationError

    if not value or any(grade not in "ABCD" for grade in value):
        raise ValidationError(_("Name trust grades with the letters A, B, C and D, for example ABC."))


register(
    "licenses.case_use_grades",
    "ABC",
    label=_("Trust grades a service accepts in place of a material"),
    source="R6.2",
    check=_check_grades,
)
register(
    "licenses.copy_grades",
    "AB",
    label=_("Trust grades whose copy for a use carries the watermark"),
    source="R6.2",
    check=_check_grades,
)
register(
    "licenses.authorisation_code_length",
    10,
    label=_("Characters of a use authorisation code"),
    source="R6.2",
    unit=_("characters"),
    minimum=8,
    maximum=32,
)
register(
    "licenses.holder_upload_max_mb",
    10,
    label=_("Largest scan of a licence a holder may upload"),
    source="R4.8",
    unit=MEGABYTES,
    minimum=1,
)
register(
    "licenses.wallet_page_size",
    20,
    label=_("Use records per page in the wallet"),
    source="R4.8",
    unit=_("use records (per page)"),
    minimum=5,
)

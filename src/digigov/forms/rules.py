"""Rule parameters of the forms kernel (R0.5), registered at start-up by FormsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import register

register(
    "forms.schema_max_kb",
    256,
    label=_("Largest form schema (JSON) a form version may have"),
    source="R0.5",
    unit="KB",
    minimum=8,
    maximum=4096,
)
register(
    "forms.components_max",
    200,
    label=_("Most fields a form may have"),
    source="R0.5",
    unit=_("fields"),
    minimum=10,
    maximum=2000,
)
register(
    "forms.pattern_max_length",
    200,
    label=_("Longest pattern a form field may check its input against"),
    source="R0.5",
    unit=_("characters"),
    minimum=20,
    maximum=1000,
)
register(
    "forms.text_max_length",
    2000,
    label=_("Most characters a text field of a form accepts when the form sets no limit"),
    source="R0.5",
    unit=_("characters"),
    minimum=50,
    maximum=20000,
)

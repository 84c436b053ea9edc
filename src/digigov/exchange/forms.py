"""Forms of the exchange's back-office screens: they parse what staff type, in Chinese, and keep it on an error.

They check types and presence only; every rule of the exchange stays in its services and lifecycle.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from digigov.exchange.choices import ServiceKind
from digigov.exchange.lifecycle import Action

TEXT = forms.Textarea(attrs={"rows": 2, "cols": 60})


class DecisionForm(forms.Form):
    """One step of a share application: the button pressed and the reason, comment or note typed beside it."""

    op = forms.ChoiceField(choices=Action.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason or comment"), required=False, max_length=2000, widget=TEXT)


class ApplicationForm(forms.Form):
    resource = forms.IntegerField(widget=forms.HiddenInput)
    items = forms.TypedMultipleChoiceField(
        label=_("Information items"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one information item.")},
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    period_start = forms.DateField(label=_("Use from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Use until"), widget=forms.DateInput(attrs={"type": "date"}))
    system = forms.TypedChoiceField(
        label=_("Consuming system"),
        coerce=int,
        error_messages={"required": _("Your organisation has no system client.")},
    )
    raw_values = forms.BooleanField(label=_("Ask for unmasked ID numbers, phones and addresses."), required=False)

    def __init__(self, *args, items=(), systems=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(i.pk, f"{i.name}（{i.identifier}）") for i in items]
        self.fields["system"].choices = [(s.pk, s.name) for s in systems]
        if not self.is_bound:
            self.initial.setdefault("items", [i.pk for i in items])


class ErrorReportForm(forms.Form):
    resource = forms.IntegerField(widget=forms.HiddenInput)
    record_key = forms.CharField(
        label=_("Record key"),
        max_length=100,
        help_text=_("The key of the doubtful record, e.g. the ID number of the person concerned."),
    )
    item = forms.TypedChoiceField(label=_("Information item"), coerce=int)
    claimed_value = forms.CharField(label=_("Value believed correct"), max_length=500)
    evidence = forms.CharField(label=_("Evidence"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.ofd,.docx,.xlsx"}),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.pk, i.name) for i in items]


class ErrorAnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("corrected", _("Confirmed and corrected")), ("confirmed_correct", _("Data confirmed correct"))],
        initial="corrected",
        widget=forms.RadioSelect,
    )
    corrected_value = forms.CharField(label=_("Corrected value"), max_length=500, required=False)
    answer = forms.CharField(
        label=_("Answer or reason"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevokeForm(forms.Form):
    grant = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Name of the data service"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ServiceKind.choices, initial=ServiceKind.UPSTREAM_API, widget=forms.RadioSelect
    )
    endpoint = forms.CharField(
        label=_("Endpoint"),
        required=False,
        max_length=500,
        help_text=_("For an upstream API: the URL; the key is passed as ?key=…, a page as ?page=…&size=…"),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    probe_url = forms.CharField(label=_("Probe URL"), required=False, max_length=500, widget=forms.URLInput)
    file = forms.FileField(
        label=_("CSV or .xlsx file"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"})
    )
    key_column = forms.CharField(label=_("Key column"), required=False, max_length=100)


class ServiceOpForm(forms.Form):
    """The data service screen's buttons: mount a resource (with its field map), unmount, reload, download, probe."""

    op = forms.ChoiceField(choices=[(o, o) for o in ("mount", "unmount", "reload", "download", "probe")])
    fmt = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "xlsx")], required=False)
    resource = forms.IntegerField(required=False)
    mount = forms.IntegerField(required=False)
    file = forms.FileField(required=False)

    def field_map(self) -> dict[str, str]:
        """The `map:<item identifier>` selects: which column or field serves each item."""
        return {k[4:]: v for k, v in self.data.items() if k.startswith("map:")}

"""Forms of the exchange's back-office screens: they parse what staff type, in Chinese, and keep it on an error.

They check types and presence only; every rule of the exchange stays in its services and lifecycle.
"""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from digigov.core.rules import rule
from digigov.exchange.choices import CallStatus, ServiceKind
from digigov.exchange.lifecycle import Action
from digigov.exchange.tasks import REPORT_FORMATS

TEXT = forms.Textarea(attrs={"rows": 2, "cols": 60})


def _up_to(key: str):
    """The size limit under a file field, read from its rule when the form is shown (in MB, as everywhere)."""
    return lazy(lambda: str(_("Up to %(mb)s MB.") % {"mb": rule(key)}), str)()


class DecisionForm(forms.Form):
    """One step of a share application: the button pressed and the reason, comment or note typed beside it.

    Whether the text is required depends on the button (a return or refusal must give its reasons, R1.5): the
    service says so, and the page shows it at this field."""

    op = forms.ChoiceField(choices=Action.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason or comment"),
        required=False,
        max_length=2000,
        widget=TEXT,
        help_text=_("Required to return or refuse an application; a comment otherwise."),
    )


class ResourcePickForm(forms.Form):
    """The published resource a form is about, chosen in the picker or carried by the form itself."""

    resource = forms.IntegerField(min_value=1)


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
        help_text=_up_to("exchange.attachment_max_mb"),
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
    """Revoking a grant, from its row of the grant list; the consumer reads the reason (R1.4)."""

    grant = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for revoking"), max_length=2000)

    def __init__(self, *args, grant_id: int | None = None, **kwargs):
        # One form per row: ids stay unique on the page, so each label points at its own row's box.
        if grant_id is not None:
            kwargs.setdefault("auto_id", f"id_revoke{grant_id}_%s")
            kwargs.setdefault("initial", {"grant": grant_id})
        super().__init__(*args, **kwargs)


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
        label=_("CSV or .xlsx file"),
        required=False,
        help_text=_up_to("exchange.upload_max_mb"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    key_column = forms.CharField(label=_("Key column"), required=False, max_length=100)


class ServiceOpForm(forms.Form):
    """The data service screen's buttons: mount a resource (its field map in MountForm), unmount, reload, download,
    probe."""

    op = forms.ChoiceField(choices=[(o, o) for o in ("mount", "unmount", "reload", "download", "probe")])
    fmt = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "xlsx")], required=False)
    mount = forms.IntegerField(required=False)
    file = forms.FileField(required=False)


class MountForm(forms.Form):
    """挂接: which field of the data service serves each information item of a published resource (R1.3).

    One select per item, named `map:<item identifier>`, offering the service's fields; "—" leaves the item out.
    A field whose name is the item's identifier or its name is chosen to begin with."""

    resource = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, items=(), fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((f, f) for f in fields)]
        for item in items:
            name = f"map:{item.identifier}"
            self.fields[name] = forms.ChoiceField(label=item.name, choices=choices, required=False)
            self.fields[name].item = item  # the template shows its identifier and whether it is the query key
            if not self.is_bound:
                self.initial[name] = next((f for f in fields if f in (item.identifier, item.name)), "")

    def field_map(self) -> dict[str, str]:
        """The chosen field of each mapped item, by item identifier."""
        return {
            name.removeprefix("map:"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("map:") and value
        }


class YearForm(forms.Form):
    """The year a supervision page or report covers; anything else means this year (the view decides)."""

    year = forms.IntegerField(required=False)


class AnnualReportForm(YearForm):
    format = forms.ChoiceField(choices=[(f, f) for f in REPORT_FORMATS])


MINUTE_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


def _when(label):
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=MINUTE_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class CallLogFilterForm(forms.Form):
    """The call log's filters (R1.8): consumer, resource, status and a time range, `until` taken to its minute's end."""

    consumer = forms.TypedChoiceField(label=_("Consumer"), required=False, coerce=int, empty_value=None)
    resource = forms.TypedChoiceField(label=_("Resource"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    since = _when(_("Calls from"))
    until = _when(_("Calls until"))

    def __init__(self, *args, consumers, resources, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("All"))]
        self.fields["consumer"].choices = everyone + [(org.pk, org.name) for org in consumers]
        self.fields["resource"].choices = everyone + [(r.pk, f"{r.code} {r.name}") for r in resources]
        self.fields["status"].choices = everyone + list(CallStatus.choices)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the time range is before its start."))
        return data

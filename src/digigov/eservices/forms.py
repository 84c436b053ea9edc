"""Forms of the back-office item screens: the guide, with its fees, materials and joint parts inline."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from digigov.catalog import api as catalog
from digigov.core.models import Organisation
from digigov.eservices.choices import (
    Audience,
    KeyKind,
    MaterialFormat,
    MaterialRequirement,
    MaterialSource,
    OnlineDepth,
    Substitute,
)
from digigov.eservices.models import BasicItem, JointPart, Material, ServiceItem, Theme
from digigov.forms import api as forms_api
from digigov.workflow import api as workflow


def _label(field, model=ServiceItem):
    return model._meta.get_field(field).verbose_name


def _label_help(field, model=ServiceItem):
    return model._meta.get_field(field).help_text


def _blank(choices):
    return [("", "---------"), *choices]


def _narrow(width):
    return {"style": f"width: {width}"}


def split_names(value: str) -> list[str]:
    """A list typed as text: separated by 、, commas, semicolons or new lines."""
    return [part.strip() for part in re.split(r"[、,，;；\n]", value or "") if part.strip()]


class ItemForm(forms.Form):
    """The guide (办事指南). The basic item and the department are chosen once, when the item is created."""

    basic = forms.ModelChoiceField(label=_("basic item"), queryset=BasicItem.objects.order_by("basic_code"))
    organisation = forms.ModelChoiceField(label=_("implementing department"), queryset=Organisation.objects.none())
    name = forms.CharField(label=_label("name"), max_length=200)
    audience = forms.ChoiceField(label=_label("audience"), choices=Audience.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_label("themes"),
        queryset=Theme.objects.all(),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )
    conditions = forms.CharField(label=_label("conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    procedure = forms.CharField(label=_label("procedure"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    legal_days = forms.IntegerField(label=_label("legal_days"), min_value=0, max_value=365)
    promised_days = forms.IntegerField(
        label=_label("promised_days"),
        min_value=0,
        max_value=365,
        help_text=_("0 means handled at once (即办); never longer than the legal limit."),
    )
    visits = forms.IntegerField(label=_label("visits"), min_value=0, max_value=9)
    online_depth = forms.TypedChoiceField(label=_label("online_depth"), choices=OnlineDepth.choices, coerce=int)
    place = forms.CharField(label=_label("place"), required=False, max_length=300)
    hours = forms.CharField(label=_label("hours"), required=False, max_length=200)
    consult_phone = forms.CharField(label=_label("consult_phone"), required=False, max_length=40)
    complaint_phone = forms.CharField(label=_label("complaint_phone"), required=False, max_length=40)
    mailing_offered = forms.BooleanField(label=_label("mailing_offered"), required=False)
    result_licence_type = forms.CharField(
        label=_label("result_licence_type"),
        required=False,
        max_length=21,
        help_text=_label_help("result_licence_type"),
    )
    process = forms.ModelChoiceField(
        label=_label("process"),
        queryset=workflow.ProcessDefinition.objects.none(),
        required=False,
        help_text=_("May stay empty while a draft; an item is published only with its process."),
    )
    form = forms.ModelChoiceField(
        label=_label("form"),
        queryset=forms_api.FormDefinition.objects.none(),
        required=False,
        help_text=_("The form applicants fill in online; without one the item is applied for at the counter."),
    )

    def __init__(self, *args, organisations, actor, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = workflow.definition_list(actor=actor)
        self.fields["form"].queryset = forms_api.form_list(actor=actor)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        if editing:  # the implementation code was made from them: both stay as created
            del self.fields["basic"], self.fields["organisation"]


class FeeForm(forms.Form):
    name = forms.CharField(
        label=_("fee name"), max_length=100, required=False, widget=forms.TextInput(attrs=_narrow("10em"))
    )
    basis = forms.CharField(
        label=_("basis of the fee"), max_length=200, required=False, widget=forms.TextInput(attrs=_narrow("16em"))
    )
    amount = forms.DecimalField(
        label=_("amount (yuan)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs=_narrow("7em") | {"step": "0.01"}),
    )

    def entry(self) -> dict | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not (data.get("name") or data.get("amount") is not None):
            return None
        amount = data.get("amount")
        return {
            "name": data["name"],
            "basis": data["basis"],
            "amount_fen": int(amount * 100) if amount is not None else 0,
        }


class MaterialForm(forms.Form):
    name = forms.CharField(
        label=_label("name", Material), max_length=200, required=False, widget=forms.TextInput(attrs=_narrow("12em"))
    )
    source = forms.ChoiceField(label=_label("source", Material), choices=MaterialSource.choices)
    originals = forms.IntegerField(
        label=_label("originals", Material),
        min_value=0,
        max_value=99,
        initial=1,
        widget=forms.NumberInput(attrs=_narrow("4em")),
    )
    copies = forms.IntegerField(
        label=_label("copies", Material),
        min_value=0,
        max_value=99,
        initial=0,
        widget=forms.NumberInput(attrs=_narrow("4em")),
    )
    formats = forms.ChoiceField(
        label=_label("formats", Material), choices=MaterialFormat.choices, initial=MaterialFormat.BOTH
    )
    required = forms.ChoiceField(label=_label("required", Material), choices=MaterialRequirement.choices)
    substitute = forms.ChoiceField(label=_label("substitute", Material), choices=Substitute.choices)
    licence_type = forms.CharField(
        label=_label("licence_type", Material),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs=_narrow("9em")),
    )
    resource = forms.TypedChoiceField(
        label=_label("resource", Material), choices=(), required=False, coerce=int, empty_value=None
    )
    items = forms.CharField(
        label=_label("items", Material), max_length=500, required=False, widget=forms.TextInput(attrs=_narrow("9em"))
    )
    key = forms.ChoiceField(label=_label("key", Material), choices=_blank(KeyKind.choices), required=False)

    def __init__(self, *args, resources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = _blank([(r.pk, f"{r.code} {r.name}") for r in resources])

    def entry(self) -> dict | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not data.get("name"):
            return None
        return {k: v for k, v in data.items() if k != "DELETE"} | {"items": split_names(data.get("items", ""))}


class PartForm(forms.Form):
    code = forms.CharField(
        label=_label("code", JointPart), max_length=50, required=False, widget=forms.TextInput(attrs=_narrow("6em"))
    )
    organisation = forms.ModelChoiceField(
        label=_label("organisation", JointPart),
        queryset=Organisation.objects.filter(is_active=True, parent__isnull=True).order_by("name"),
        required=False,
    )
    name = forms.CharField(
        label=_label("name", JointPart), max_length=200, required=False, widget=forms.TextInput(attrs=_narrow("10em"))
    )
    working_days = forms.IntegerField(
        label=_label("working_days", JointPart),
        min_value=1,
        max_value=365,
        required=False,
        widget=forms.NumberInput(attrs=_narrow("4em")),
    )
    materials = forms.CharField(
        label=_label("materials", JointPart),
        max_length=1000,
        required=False,
        widget=forms.TextInput(attrs=_narrow("12em")),
    )
    fields_read = forms.CharField(
        label=_label("fields", JointPart),
        max_length=1000,
        required=False,
        widget=forms.TextInput(attrs=_narrow("10em")),
    )

    def entry(self) -> dict | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not (data.get("code") or data.get("name")):
            return None
        return {
            "code": data["code"],
            "organisation": data["organisation"],
            "name": data["name"],
            "working_days": data["working_days"] or 0,
            "materials": split_names(data["materials"]),
            "fields": split_names(data["fields_read"]),
        }


FeeFormSet = forms.formset_factory(FeeForm, extra=1, can_delete=True)
MaterialFormSet = forms.formset_factory(MaterialForm, extra=2, can_delete=True)
PartFormSet = forms.formset_factory(PartForm, extra=1, can_delete=True)


def resource_options():
    return catalog.published_resource_options(shareable_only=True)


class ItemActionForm(forms.Form):
    """A button of the item screen, with the review comment or the reason for withdrawal."""

    action = forms.ChoiceField(choices=[(a, a) for a in ("submit", "publish", "return", "discard", "withdraw")])
    comment = forms.CharField(label=_("review comment"), required=False, max_length=2000, widget=forms.Textarea)
    reason = forms.CharField(label=_("reason"), required=False, max_length=2000)

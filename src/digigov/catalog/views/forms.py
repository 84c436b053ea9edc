"""Forms of the catalogue screens: the resource with its inline information items, and the list uploads."""

from django import forms
from django.utils.translation import gettext_lazy as _

from digigov.catalog.choices import (
    ItemDataType,
    LegalBasisKind,
    OpenType,
    ResourceFormat,
    SensitiveKind,
    ShareMethod,
    ShareType,
    UpdateCycle,
)
from digigov.catalog.models import Classification, InformationItem, Resource
from digigov.core.models import Organisation


def _label(field, model=Resource):
    return model._meta.get_field(field).verbose_name


def _blank(choices):
    return [("", "---------"), *choices]


def _wide(width):
    return forms.TextInput(attrs={"style": f"width: {width}"})


class ResourceForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("provider"), queryset=Organisation.objects.none())
    classification = forms.ModelChoiceField(label=_("classification"), queryset=Classification.objects.none())
    name = forms.CharField(label=_label("name"), max_length=200)
    summary = forms.CharField(label=_label("summary"), widget=forms.Textarea(attrs={"rows": 3}))
    format = forms.ChoiceField(label=_label("format"), choices=ResourceFormat.choices)
    share_type = forms.ChoiceField(label=_label("share_type"), choices=ShareType.choices)
    share_conditions = forms.CharField(
        label=_label("share_conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    share_method = forms.ChoiceField(label=_label("share_method"), choices=ShareMethod.choices)
    legal_basis_kind = forms.ChoiceField(
        label=_label("legal_basis_kind"), choices=_blank(LegalBasisKind.choices), required=False
    )
    legal_basis = forms.CharField(
        label=_label("legal_basis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The article that makes sharing conditional or excludes it."),
    )
    open_type = forms.ChoiceField(label=_label("open_type"), choices=OpenType.choices)
    update_cycle = forms.ChoiceField(label=_label("update_cycle"), choices=UpdateCycle.choices)
    release_date = forms.DateField(
        label=_label("release_date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, providers, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        if providers.count() == 1:
            self.fields["provider"].initial = providers.first()
        self.fields["classification"].queryset = Classification.objects.filter(
            level__gte=2, organisation__isnull=True
        ) | Classification.objects.filter(code="3")
        if editing:  # the code was given from the classification: both stay as created
            del self.fields["provider"], self.fields["classification"]


class ItemForm(forms.Form):
    name = forms.CharField(label=_label("name", InformationItem), max_length=100, widget=_wide("9em"))
    identifier = forms.CharField(label=_label("identifier", InformationItem), max_length=60, widget=_wide("7em"))
    # blank first, so an untouched extra row is left out instead of failing as a half-filled item
    data_type = forms.ChoiceField(
        label=_label("data_type", InformationItem),
        choices=_blank(ItemDataType.choices),
        required=False,
        widget=forms.Select(attrs={"style": "width: 9em"}),
    )
    length = forms.IntegerField(
        label=_label("length", InformationItem),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"style": "width: 5em"}),
    )
    sensitive = forms.ChoiceField(
        label=_label("sensitive", InformationItem),
        choices=SensitiveKind.choices,
        required=False,
        widget=forms.Select(attrs={"style": "width: 8em"}),
    )
    is_key = forms.BooleanField(label=_label("is_key", InformationItem), required=False)
    element = forms.CharField(
        label=_label("element", InformationItem), max_length=100, required=False, widget=_wide("7em")
    )
    is_authoritative = forms.BooleanField(label=_label("is_authoritative", InformationItem), required=False)


ItemFormSet = forms.formset_factory(ItemForm, extra=2, can_delete=True)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class ResourceActionForm(forms.Form):
    """A button of the resource screen, with the review comment or the element it names."""

    action = forms.ChoiceField(choices=[(a, a) for a in ("submit", "publish", "return", "discard", "resolve")])
    comment = forms.CharField(label=_("review comment"), required=False, max_length=2000, widget=forms.Textarea)
    element = forms.CharField(required=False, max_length=100)


class WithdrawForm(forms.Form):
    """The confirmation page of 撤销: the reason is optional and goes to the audit ledger."""

    reason = forms.CharField(
        label=_("Reason for withdrawal (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DemandActionForm(forms.Form):
    """A button of the demand screen: match to a resource, ask a provider, or the provider's answer."""

    action = forms.ChoiceField(choices=[(a, a) for a in ("match", "ask", "planned", "unmet")])
    resource = forms.IntegerField(required=False)
    provider = forms.ModelChoiceField(queryset=Organisation.objects.filter(is_active=True), required=False)
    response = forms.CharField(label=_("response"), required=False, max_length=2000, widget=forms.Textarea)

"""The back office's forms for licences (R6.1): Chinese labels and messages, services do the real checks."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from digigov.licenses.choices import HolderKind, ItemKind, LicenceStatus, TrustGrade


def _kind(text: str) -> str:
    for value, label in ItemKind.choices:
        if text in (value, str(label)):
            return value
    raise ValidationError(_("“%(kind)s” is not a kind of value.") % {"kind": text})


def items_text(items: list[dict]) -> str:
    """Items as the form shows them: one per line, key | label | kind | required."""
    return "\n".join(
        " | ".join([i["key"], i["label"], str(ItemKind(i["kind"]).label), "必填" if i.get("required") else ""]).rstrip(
            " |"
        )
        for i in items
    )


class LicenceTypeForm(forms.Form):
    issuer = forms.ModelChoiceField(label=_("issuing department"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("licence type name"), max_length=100)
    holder_kind = forms.ChoiceField(label=_("holder kind"), choices=HolderKind.choices)
    items = forms.CharField(
        label=_("metadata items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One item per line: key | label | kind | 必填 (if required), "
            "e.g. “vehicle_class | 准驾车型 | 文本 | 必填”. "
            "The common items (name, number, holder, issuer, dates) are on every licence."
        ),
    )
    validity_years = forms.IntegerField(
        label=_("validity in years"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Empty: valid for the long term."),
    )
    trust_grade = forms.ChoiceField(label=_("trust grade"), choices=TrustGrade.choices)
    title = forms.CharField(label=_("title on the licence"), max_length=40, required=False)
    colour = forms.CharField(label=_("colour of the licence"), max_length=7, initial="#b22222")
    is_active = forms.BooleanField(label=_("in use"), required=False, initial=True)

    def __init__(self, *args, issuers, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers
        if editing:
            del self.fields["issuer"]

    def clean_items(self) -> list[dict]:
        items = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            if len(parts) < 2:
                raise ValidationError(_("Line %(n)s: give at least the key and the label.") % {"n": number})
            kind = _kind(parts[2]) if len(parts) > 2 and parts[2] else ItemKind.TEXT
            required = len(parts) > 3 and parts[3] in ("必填", "required", "是", "yes", "1")
            items.append({"key": parts[0], "label": parts[1], "kind": kind, "required": required})
        return items


def issue_form_class(licence_type):
    """The hand issuance form of one type: the common fields, then a field per item of the type."""
    fields = {
        "holder_name": forms.CharField(label=_("holder"), max_length=200),
        "holder_code": forms.CharField(
            label=_("Resident ID number")
            if licence_type.holder_kind == HolderKind.PERSON
            else _("Unified social credit code"),
            max_length=18,
        ),
        "number": forms.CharField(label=_("licence number"), max_length=60),
        "issued_on": forms.DateField(label=_("date of issue")),
        "valid_from": forms.DateField(label=_("valid from")),
        "valid_until": forms.DateField(
            label=_("valid until"),
            required=False,
            help_text=_("Empty: by the type's validity (long-term if it has none)."),
        ),
    }
    for item in licence_type.items:
        field_class = forms.DateField if item["kind"] == ItemKind.DATE else forms.CharField
        fields[f"data.{item['key']}"] = field_class(label=item["label"], required=bool(item.get("required")))
    return type("LicenceIssueForm", (forms.Form,), fields)


def item_values(licence_type, cleaned: dict) -> dict:
    return {item["key"]: cleaned.get(f"data.{item['key']}") for item in licence_type.items}


class ChangeForm(forms.Form):
    reason = forms.CharField(label=_("reason for the change"), max_length=200)
    holder_name = forms.CharField(label=_("holder"), max_length=200)


def change_form_class(licence_type):
    fields = {}
    for item in licence_type.items:
        field_class = forms.DateField if item["kind"] == ItemKind.DATE else forms.CharField
        fields[f"data.{item['key']}"] = field_class(label=item["label"], required=bool(item.get("required")))
    return type("LicenceChangeForm", (ChangeForm,), fields)


class RenewForm(forms.Form):
    valid_from = forms.DateField(label=_("valid from"))
    valid_until = forms.DateField(
        label=_("valid until"), required=False, help_text=_("Empty: by the type's validity (long-term if it has none).")
    )
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)


class LicenceActionForm(forms.Form):
    """Which of a licence page's forms was sent."""

    action = forms.ChoiceField(choices=[(a, a) for a in ("change", "renew", "cancel", "revoke")])


class EndForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)


class LicenceFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=120)
    status = forms.ChoiceField(required=False, choices=[("", _("All")), *LicenceStatus.choices])
    type = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class BatchForm(forms.Form):
    licence_type = forms.ModelChoiceField(label=_("licence type"), queryset=None, empty_label=None)
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licence_type"].queryset = types

"""Django forms of the hotline's back-office screens (R5.1); they only collect input, the services check it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from digigov.core.choices import DivisionLevel
from digigov.core.models import Division, Organisation
from digigov.hotline.choices import NotTaken, Satisfaction, TicketAction, TicketKind, TicketStatus, Urgency
from digigov.knowledge.api import category_list


def _category_choices():
    return [("", _("Not classified yet"))] + [(c.code, f"{c.code} {c.name}") for c in category_list()]


def _division_choices():
    levels = [DivisionLevel.PROVINCE, DivisionLevel.CITY, DivisionLevel.COUNTY, DivisionLevel.TOWNSHIP]
    rows = Division.objects.filter(level__in=levels).order_by("code").values_list("code", "name")[:3000]
    return [("", "---------")] + [(code, f"{code} {name}") for code, name in rows]


class IntakeForm(forms.Form):
    """来电登记: who calls, where the matter is, what they ask."""

    caller_phone = forms.CharField(label=_("Caller's phone"), max_length=20)
    caller_name = forms.CharField(label=_("Caller's name"), max_length=50)
    caller_id_number = forms.CharField(
        label=_("Caller's ID number"), max_length=18, required=False, help_text=_("Only when the caller gives it.")
    )
    kind = forms.ChoiceField(label=_("Kind of request"), choices=TicketKind.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    division_code = forms.ChoiceField(label=_("Division"))
    address = forms.CharField(label=_("Address of the matter"), max_length=200, required=False)
    category_code = forms.ChoiceField(label=_("Subject category"), required=False)
    content = forms.CharField(label=_("Caller's request"), widget=forms.Textarea(attrs={"rows": 5}))
    search = forms.CharField(label=_("Search the knowledge base"), max_length=100, required=False)
    lookup = forms.CharField(required=False, widget=forms.HiddenInput)
    # 并案 (acceptance 6): the duplicates the agent was shown, and the ticket a 'register and merge' button names
    seen = forms.CharField(required=False, max_length=400, widget=forms.HiddenInput)
    merge_into = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division_code"].choices = _division_choices()
        self.fields["category_code"].choices = _category_choices()

    def is_lookup(self) -> bool:
        """The agent pressed 'search' or 'look up the caller': show results, register nothing."""
        return bool(self["lookup"].value())

    def ticket_fields(self) -> dict:
        """The cleaned values ticket_create takes."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("search", "lookup", "seen", "merge_into")}

    def seen_ids(self) -> set[int]:
        return {int(p) for p in (self["seen"].value() or "").split(",") if p.strip().isdigit()}


class TicketFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + TicketStatus.choices, required=False)
    kind = forms.ChoiceField(label=_("Kind of request"), choices=[("", _("All"))] + TicketKind.choices, required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    due_soon = forms.BooleanField(label=_("Due soon only"), required=False)
    q = forms.CharField(label=_("Number or words"), max_length=60, required=False)


class StepForm(forms.Form):
    """Which button was pressed on a ticket's page, with the inputs every step may use."""

    action = forms.ChoiceField(choices=TicketAction.choices)
    note = forms.CharField(
        label=_("Note on this step"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    reply = forms.CharField(
        label=_("Reply to the caller"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    reason = forms.CharField(
        label=_("Reason for handing back"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    department = forms.ModelChoiceField(
        label=_("Handling department"), queryset=Organisation.objects.none(), required=False
    )
    co_department_ids = forms.ModelMultipleChoiceField(
        label=_("Co-handling departments"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Departments that help the lead department; the lead's reply answers the caller."),
    )
    days = forms.IntegerField(label=_("Working days asked for"), required=False, min_value=1, max_value=366)
    article_id = forms.CharField(label=_("Knowledge article number"), required=False, max_length=12)
    matter = forms.ChoiceField(label=_("Matter not taken"), choices=NotTaken.choices, required=False)
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), choices=Satisfaction.choices, required=False)
    into = forms.CharField(label=_("Number of the main ticket"), max_length=20, required=False)  # 并案

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments
            self.fields["co_department_ids"].queryset = departments

    def label_for(self, allowed) -> None:
        """One text box serves several steps: it is named for the step the person can take here."""
        if TicketAction.CO_REPLY in allowed and TicketAction.REPLY not in allowed:
            self.fields["reply"].label = _("What your department did (for the lead department)")
        if TicketAction.REQUEST_EXTENSION in allowed:
            self.fields["reason"].label = _("Reason for the extension")
        self._bound_fields_cache.clear()  # a bound field keeps the label it was made with

    def _typed_over_chosen(self, name: str) -> str:
        """One answer from a list of choices and a text box that share the name `name`: the typed one if any (it
        comes last in the page), else the chosen one; "" for neither."""
        values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
        given = [str(v).strip() for v in values if str(v or "").strip()]
        return given[-1] if given else ""

    def clean_article_id(self) -> int | None:
        """The article that answers, by its number (a leading # as on the page is allowed)."""
        number = self._typed_over_chosen("article_id").lstrip("#")
        if not number:
            return None
        if not number.isdigit() or int(number) < 1:
            raise forms.ValidationError(_("Enter the article's number as shown, for example 128."))
        return int(number)

    def clean_into(self) -> str:
        """The main ticket's number: a typed one over a chosen suggestion."""
        return self._typed_over_chosen("into").upper()[:20]


class RoutingRuleForm(forms.Form):
    """派单规则: the department that handles a subject category in a division."""

    category_code = forms.ChoiceField(label=_("Subject category"))
    division_code = forms.ChoiceField(label=_("Division"))
    department = forms.ModelChoiceField(label=_("Handling department"), queryset=Organisation.objects.none())

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_code"].choices = _category_choices()[1:]
        self.fields["division_code"].choices = _division_choices()
        self.fields["department"].queryset = departments

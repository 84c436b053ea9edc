"""Django forms of the knowledge base's back-office screens; they only collect input (the services check it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from digigov.knowledge.choices import ArticleStatus
from digigov.knowledge.models import Category


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.code} {'　' * (len(obj.code) // 2 - 1)}{obj.name}"


def _date(label):
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("article title"), max_length=200)
    category = CategoryChoiceField(label=_("subject category"), queryset=Category.objects.none())
    department = forms.ModelChoiceField(label=_("owning department"), queryset=None)
    keywords = forms.CharField(
        label=_("keywords"), max_length=200, required=False,
        help_text=_("Other words callers use for this matter, separated by spaces; they are searched too."),
    )  # fmt: skip
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)
    valid_from = _date(_("valid from"))
    valid_until = _date(_("valid until"))
    review_on = _date(_("review by"))

    def __init__(self, *args, categories, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["department"].queryset = departments
        self.fields["review_on"].help_text = _("Empty: a review period after publication.")


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    category = CategoryChoiceField(label=_("subject category"), queryset=Category.objects.none(), required=False)
    department = forms.ModelChoiceField(label=_("owning department"), queryset=None, required=False)
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("All statuses")), *ArticleStatus.choices]
    )
    due = forms.BooleanField(label=_("Due for review"), required=False)

    def __init__(self, *args, categories, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["department"].queryset = departments


class ActionForm(forms.Form):
    """Which button of an article's page was pressed."""

    action = forms.ChoiceField(choices=[(a, a) for a in ("publish", "withdraw", "reviewed")])


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500)


class CategoryForm(forms.Form):
    code = forms.CharField(
        label=_("category code"), max_length=20,
        help_text=_("Two digits per level: the parent's code and two more (01, 0103, 010302)."),
    )  # fmt: skip
    name = forms.CharField(label=_("category name"), max_length=60)
    order = forms.IntegerField(label=_("order"), min_value=0, max_value=32767, initial=0)
    is_active = forms.BooleanField(label=_("in use"), required=False, initial=True)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        else:
            del self.fields["is_active"]


class CategoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Category file (.xlsx or .csv)"),
        help_text=_("Columns: 分类编码, 分类名称, 排序, 启用 (是/否) — the export's columns."),
    )

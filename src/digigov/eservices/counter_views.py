"""政务服务 › 窗口收件 (R4.2): a clerk takes in a walk-in application (窗口受理) or applies on someone's behalf
(帮办代办). The first screen names the item and the applicant (checked as a real-name party, linked to their own
account when they have one); the second fills in the item's form as the hall does (`forms.api`), records each
material as paper received, an uploaded scan or 容缺, records the applicant's consent for assisted handling and
submits: the case then goes to acceptance like an online one (the clerk's own 受理 step on the case screen), and its
receipt prints here. Every change goes through `services.counter`, `services.consents` and `services.cases`."""

import contextlib

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import DomainError, FieldErrors, NotFoundError
from digigov.core.staff_pages import StaffPage
from digigov.eservices import case_selectors, counter_selectors, receipts
from digigov.eservices.choices import Channel, ConsentMethod, MaterialRequirement, Provision
from digigov.eservices.models import Case, Material
from digigov.eservices.services import cases, consents, counter
from digigov.forms import api as forms_api


class CounterPage(StaffPage):
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("eservices_counter"), "label": _("Counter intake")},
            {"url": "", "label": self.get_page_title()},
        ]


class StartForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Service item"), queryset=None, empty_label=_("Choose the item"))
    channel = forms.ChoiceField(
        label=_("How the application is made"),
        choices=[
            (Channel.COUNTER, _("The applicant applies at the counter (窗口受理)")),
            (Channel.ASSISTED, _("A clerk applies on the applicant's behalf, with their consent (帮办代办)")),
        ],
        initial=Channel.COUNTER,
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label=_("Applicant"),
        choices=[(counter.CITIZEN, _("Citizen")), (counter.LEGAL_PERSON, _("Legal person"))],
        initial=counter.CITIZEN,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name, or the legal person's name"), max_length=200)
    code = forms.CharField(
        label=_("ID number, or unified social credit code"),
        max_length=18,
        help_text=_("Checked by its check character (GB 11643, GB 32100)."),
    )
    phone = forms.CharField(label=_("Mobile phone"), max_length=20)
    representative = forms.CharField(label=_("Legal representative"), max_length=100, required=False)
    representative_id = forms.CharField(label=_("Legal representative's ID number"), max_length=18, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = counter.counter_items(user)
        self.fields["item"].label_from_instance = lambda item: f"{item.name}（{item.organisation.name}）"


class CounterStartView(CounterPage):
    """Name the item and the applicant; lists the clerk's unfinished counter applications."""

    template_name = "eservices/counter_start.html"
    page_title = _("Counter intake")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=kwargs.get("form") or StartForm(user=self.request.user),
            drafts=counter_selectors.counter_drafts(self.request.user)[:20],
        )
        return context

    def post(self, request, *args, **kwargs):
        form = StartForm(request.POST, user=request.user)

        def start():
            data = form.cleaned_data
            party = counter.party_checked(
                kind=data["kind"],
                name=data["name"],
                code=data["code"],
                phone=data["phone"],
                representative=data["representative"],
                representative_id=data["representative_id"],
            )
            return counter.counter_start(actor=request.user, item=data["item"], channel=data["channel"], party=party)

        case = self.submit(form, start, _("The application is started: fill in the form and the materials."))
        if case:
            return redirect("eservices_counter_case", case.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ConsentForm(forms.Form):
    method = forms.ChoiceField(label=_("How the applicant consents"), choices=ConsentMethod.choices)
    scope = forms.CharField(
        label=_("What the clerk may do"),
        max_length=consents.SCOPE_MAX,
        initial=_("Fill in and submit the application, and receive the result, on the applicant's behalf"),
    )
    valid_until = forms.DateField(label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))
    consent_file = forms.FileField(
        label=_("Scan of the signed authorisation"),
        required=False,
        help_text=_("For a paper authorisation: PDF, JPG or PNG."),
    )


class MaterialRow:
    def __init__(self, material: Material, rows: list, errors: list):
        self.material, self.errors = material, errors
        self.field = f"material-{material.pk}"
        self.files = [r for r in rows if r.provided == Provision.UPLOAD]
        marked = [r.provided for r in rows if r.provided in counter.MARKS]
        self.provided = marked[0] if marked else (Provision.UPLOAD if self.files else "")
        self.may_follow = material.required == MaterialRequirement.TOLERATED


def _rows(case: Case, errors: dict) -> list[MaterialRow]:
    by_material: dict[int | None, list] = {}
    for row in case.materials.order_by("pk"):
        by_material.setdefault(row.material_id, []).append(row)
    return [
        MaterialRow(m, by_material.get(m.pk, []), errors.get(f"material-{m.pk}", []))
        for m in Material.objects.filter(item_id=case.item_id).order_by("position", "pk")
    ]


def _merge(errors: FieldErrors, error: DomainError) -> None:
    if not error.fields:
        errors.add("", error.message)
    for key, problems in error.fields.items():
        for problem in problems:
            errors.add(key, problem)


class CounterCaseView(CounterPage):
    """The clerk's draft: the form, the materials, the consent (assisted), then submission."""

    template_name = "eservices/counter_case.html"

    def get_page_title(self):
        return _("Application for %(name)s") % {"name": self.case.applicant_name}

    def dispatch(self, request, *args, **kwargs):
        self.case = None
        return super().dispatch(request, *args, **kwargs)

    def _load(self):
        case = counter_selectors.counter_drafts(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if case is None:
            submitted = Case.objects.filter(pk=self.kwargs["pk"], agent_id=self.request.user.pk).first()
            if submitted is not None and submitted.number:
                return submitted
            raise Http404
        self.case = case
        return None

    def get(self, request, *args, **kwargs):
        if (done := self._load()) is not None:
            return redirect("eservices_case_detail", done.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, errors = self.case, kwargs.get("errors") or FieldErrors()
        values = kwargs.get("values", case.data)
        fields = errors.fields
        context.update(
            case=case,
            form_html=forms_api.render(case.form_version, values, fields, cases.applicant_prefill(case)),
            materials=_rows(case, fields),
            problems=fields.get("", []),
            consent_errors=fields.get("consent", []),
            consent=counter_selectors.consent_of(case),
            consent_form=kwargs.get("consent_form") or ConsentForm(),
            assisted=case.channel == Channel.ASSISTED,
            provisions=Provision,
        )
        return context

    def _materials(self, request, errors: FieldErrors) -> None:
        """How each material was provided, as the clerk recorded it; uploads are checked by the service."""
        case, user = self.case, request.user
        for material in Material.objects.filter(item_id=case.item_id):
            key = f"material-{material.pk}"
            choice = request.POST.get(f"provided-{material.pk}", "")
            try:
                mark = choice if choice in counter.MARKS else ""
                counter.material_mark(actor=user, case=case, material_id=material.pk, provided=mark)
                for upload in request.FILES.getlist(key):
                    cases.material_attach(
                        actor=user, case=case, material_id=material.pk, filename=upload.name, data=upload.read()
                    )
            except DomainError as error:
                for message in error.fields.get(key) or [error.message]:
                    errors.add(key, message)

    def post(self, request, *args, **kwargs):
        if (done := self._load()) is not None:
            return redirect("eservices_case_detail", done.pk)
        case, user, post = self.case, request.user, request.POST
        action = post.get("action", "save")
        if action == "consent":
            return self._consent(request)
        if action == "discard":
            cases.case_withdraw(actor=user, case=case)
            messages.success(request, _("The unfinished application was discarded."))
            return redirect("eservices_counter")
        errors = FieldErrors()
        if post.get("remove", "").isdigit():
            with contextlib.suppress(NotFoundError):
                cases.material_remove(actor=user, case=case, row_id=int(post["remove"]))
        self._materials(request, errors)
        if action == "submit" and not errors.fields:
            try:
                submitted = cases.case_submit(actor=user, case=case, post=post)
            except DomainError as error:
                _merge(errors, error)
            else:
                messages.success(
                    request,
                    _("Submitted as case %(no)s. Accept it now, and print the receipt for the applicant.")
                    % {"no": submitted.number},
                )
                return redirect("eservices_case_detail", submitted.pk)
        case = cases.case_save_draft(actor=user, case=case, post=post)
        if not errors.fields:
            messages.success(request, _("Saved."))
            return redirect("eservices_counter_case", case.pk)
        messages.error(request, _("The form has errors; see the fields below."))
        response = self.render_to_response(self.get_context_data(errors=errors, values=case.data))
        response.status_code = 400
        return response

    def _consent(self, request):
        form = ConsentForm(request.POST, request.FILES)

        def record():
            data = form.cleaned_data
            if data["method"] == ConsentMethod.ONLINE:
                return consents.consent_request_online(
                    actor=request.user, case=self.case, scope=data["scope"], valid_until=data["valid_until"]
                )
            upload = data.get("consent_file")
            return consents.consent_record_paper(
                actor=request.user,
                case=self.case,
                scope=data["scope"],
                valid_until=data["valid_until"],
                filename=upload.name if upload else "",
                data=upload.read() if upload else b"",
            )

        if self.submit(form, record, _("The consent is recorded.")):
            return redirect("eservices_counter_case", self.case.pk)
        response = self.render_to_response(self.get_context_data(consent_form=form))
        response.status_code = 400
        return response


class CounterReceiptView(CounterPage):
    """The receipt of a counter or assisted case for the lead department's staff to print for the applicant."""

    def get(self, request, *args, **kwargs):
        view = case_selectors.staff_case_get(request.user, kwargs["pk"])
        case = view.case
        if not view.lead or case.channel not in counter_selectors.COUNTER_CHANNELS:
            raise Http404
        counter.receipt_printed(actor=request.user, case=case)
        response = HttpResponse(
            receipts.receipt_pdf(case, receipts.progress_address(request, case)), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{case.number}.pdf"'
        return response

"""网上咨询 in the back office (R4.7): 政务服务 › 咨询, the questions for the user's departments (waiting first,
nearest deadline first, overdue marked), and a question's page with the answer form and the option to publish it
as a FAQ in a public wording. Another department's question is 404."""

from django import forms
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.calendar import deadline_state
from digigov.core.staff_pages import StaffPage
from digigov.eservices import consultation_selectors
from digigov.eservices.choices import ConsultationStatus
from digigov.eservices.services import consultations
from digigov.identity import api as identity


class ConsultationsPage(StaffPage):
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("eservices_consultations"), "label": _("Online questions")},
            {"url": "", "label": self.get_page_title()},
        ]


class ConsultationListView(ConsultationsPage):
    template_name = "eservices/consultation_list.html"
    page_title = _("Online questions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", ConsultationStatus.WAITING)
        status = status if status in ConsultationStatus.values else ""
        rows = consultation_selectors.staff_consultations(self.request.user, status=status)[:200]
        today = timezone.localdate()
        context.update(
            rows=[(c, c.status == ConsultationStatus.WAITING and deadline_state(c.due_on, today)) for c in rows],
            status=status,
            statuses=ConsultationStatus.choices,
        )
        return context


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the person who asked"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    publish = forms.BooleanField(label=_("Publish as a FAQ on the service guide"), required=False)
    faq_question = forms.CharField(
        label=_("Public wording of the question"),
        required=False,
        max_length=300,
        help_text=_("As anyone might ask it: no name, ID number, phone or other personal data."),
    )
    faq_answer = forms.CharField(
        label=_("Public wording of the answer"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ConsultationDetailView(ConsultationsPage):
    template_name = "eservices/consultation_detail.html"

    def get_page_title(self):
        return _("Question about %(item)s") % {"item": self.consultation.item.name}

    def dispatch(self, request, *args, **kwargs):
        self.pk = kwargs["pk"]
        return super().dispatch(request, *args, **kwargs)

    def _load(self):
        self.consultation = consultation_selectors.staff_consultation_get(self.request.user, self.pk)

    def get(self, request, *args, **kwargs):
        self._load()
        consultations.consultation_opened(actor=request.user, consultation=self.consultation)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        c = self.consultation
        party = identity.party_of(c.asker)
        context.update(
            consultation=c,
            asker=party.name if party else "",
            waiting=c.status == ConsultationStatus.WAITING,
            clock=c.status == ConsultationStatus.WAITING and deadline_state(c.due_on),
            form=kwargs.get("form") or AnswerForm(initial={"faq_question": "", "faq_answer": ""}),
        )
        return context

    def post(self, request, *args, **kwargs):
        self._load()
        form = AnswerForm(request.POST)

        def call():
            data = form.cleaned_data
            return consultations.consultation_answer(
                actor=request.user,
                consultation=self.consultation,
                answer=data["answer"],
                publish=data["publish"],
                faq_question=data["faq_question"],
                faq_answer=data["faq_answer"],
            )

        if self.submit(form, call, _("The answer is sent; the person who asked is notified.")):
            return redirect("eservices_consultation", self.consultation.pk)
        return self.render_to_response(self.get_context_data(form=form))

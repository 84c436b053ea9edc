"""The public side of a site's interaction pages (R8.4): an opinion solicitation with its form during the period and
its feedback summary after; a survey's questions, then its tally; an interview's transcript. The first two carry a
form (a CSRF token), so they are served by the application, never as static copies."""

from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import DomainError
from digigov.core.middleware import client_ip
from digigov.core.staff_pages import add_domain_errors
from digigov.websites import interaction
from digigov.websites.models import InterviewPage, SolicitationPage, SurveyPage
from digigov.websites.views import page_breadcrumbs, page_chrome


class OpinionForm(forms.Form):
    """The fields only; the service checks them all at once (interaction.comment_send)."""

    body = forms.CharField(label=_("Your opinion"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8, "maxlength": 2000}))  # fmt: skip
    name = forms.CharField(label=_("Your name"), required=False, widget=forms.TextInput(attrs={"maxlength": 50}))
    phone = forms.CharField(label=_("Mobile number"), required=False,
                            widget=forms.TextInput(attrs={"maxlength": 20, "inputmode": "tel", "autocomplete": "tel"}),
                            help_text=_("Only the unit asking sees your name and number."))  # fmt: skip


def _context(request, page, **extra) -> dict:
    return {"page": page, "chrome": page_chrome(request, page), "breadcrumbs": page_breadcrumbs(request, page),
            "request": request, **extra}  # fmt: skip


def solicitation_page(request, page: SolicitationPage):
    form = OpinionForm(request.POST if request.method == "POST" else None)
    status, sent = 200, False
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise DomainError(_("Check the form."))
            interaction.comment_send(solicitation=page, address=client_ip(request) or None, **form.cleaned_data)
            sent, form = True, None
        except DomainError as error:
            add_domain_errors(form, error)
            status = error.status
    context = _context(request, page, form=form, sent=sent, state=page.period_state(),
                       opinions=page.comments.count())  # fmt: skip
    return TemplateResponse(request, "websites/solicitation.html", context, status=status)


def survey_page(request, page: SurveyPage):
    form = page.get_form(request.POST if request.method == "POST" else None, page=page, user=request.user)
    status, sent = 200, False
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise DomainError(_("Answer the questions marked as required."))
            interaction.survey_answer(survey=page, form=form, address=client_ip(request) or None)
            sent = True
        except DomainError as error:
            add_domain_errors(form, error)
            status = error.status
    state = page.period_state()
    show_results = state == "closed" or (page.results_while_open and (sent or state == "open"))
    context = _context(request, page, form=form, sent=sent, state=state,
                       results=interaction.survey_results(page) if show_results else None)  # fmt: skip
    return TemplateResponse(request, "websites/survey.html", context, status=status)


def interview_page(request, page: InterviewPage):
    return TemplateResponse(request, "websites/interview.html", _context(request, page))

"""The public side of government information disclosure (R8.8) on every site, under `/xxgk/` (信息公开, the address
most Chinese government sites use): the 政府信息公开目录 with its guide, the application form (依申请公开), and the
applicant's progress query by number and mobile number, which is also where a requested correction is answered and
the reply downloaded. The query is a POST: the mobile number never travels in an address; each one counts towards the
address's hourly limit. These pages are not static copies (the catalogue is filtered by query string, the forms carry
their CSRF token)."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import DomainError
from digigov.core.middleware import client_ip
from digigov.core.public import QueryPager
from digigov.core.ratelimit import RateLimited
from digigov.core.rules import rule
from digigov.websites import disclosure, selectors
from digigov.websites.choices import ApplicantKind, DeliveryForm, DisclosureState, ReceiptWay, Topic

PAGE_SIZE = 20
TEXT = {"class": "text"}


class CatalogueFilter(forms.Form):
    """The query string; a value that does not fit is ignored rather than refused."""

    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices])
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    page = forms.IntegerField(min_value=1, max_value=10000, required=False)


class ApplicationForm(forms.Form):
    """The fields only; the service checks them all at once (disclosure.application_submit)."""

    applicant_kind = forms.ChoiceField(
        label=_("Applicant"), choices=ApplicantKind.choices, widget=forms.RadioSelect, initial=ApplicantKind.CITIZEN
    )
    name = forms.CharField(
        label=_("Name of the citizen or organisation"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 100, "autocomplete": "name"}),
    )
    id_number = forms.CharField(
        label=_("Resident ID number (citizen)"), required=False, widget=forms.TextInput(attrs={"maxlength": 18})
    )
    uscc = forms.CharField(
        label=_("Unified social credit code (organisation)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 18}),
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 20, "inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("With the application number, it is how you follow your application."),
    )
    postal_address = forms.CharField(
        label=_("Postal address"), required=False, widget=forms.TextInput(attrs={"maxlength": 200})
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 100, "inputmode": "email", "autocomplete": "email"}),
    )
    description = forms.CharField(
        label=_("Information sought"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
        help_text=_("Its title, document number or a description precise enough to find it."),
    )
    delivery_form = forms.ChoiceField(
        label=_("Form of the information"),
        choices=DeliveryForm.choices,
        widget=forms.RadioSelect,
        initial=DeliveryForm.ELECTRONIC,
    )
    receipt_way = forms.ChoiceField(
        label=_("Way of receiving"), choices=ReceiptWay.choices, widget=forms.RadioSelect, initial=ReceiptWay.EMAIL
    )


class QueryForm(forms.Form):
    number = forms.CharField(
        label=_("Application number"), max_length=20, widget=forms.TextInput(attrs={"maxlength": 20})
    )
    phone = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(attrs={"maxlength": 20, "inputmode": "tel"})
    )
    correction = forms.CharField(required=False, max_length=2000)
    action = forms.CharField(required=False, max_length=20)


def _site(request):
    found = selectors.site_for_request(request)
    if found is None:
        raise Http404
    return found


def _context(request, home, profile, **extra) -> dict:
    chrome = selectors.chrome_for_home(home, profile, request).with_current("/xxgk/")
    return {"chrome": chrome, "profile": profile, "request": request, **extra}


def _form_errors(form, error: DomainError) -> None:
    for field, problems in error.fields.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)
    if not error.fields:
        form.add_error(None, error.message)


def catalogue(request):
    home, profile = _site(request)
    years = selectors.catalogue_years(home, profile)
    form = CatalogueFilter(request.GET)
    form.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]
    form.is_valid()
    data = form.cleaned_data  # the fields that fit; one that does not is ignored, not the whole query
    topic, year = data.get("topic") or "", data.get("year")
    pages = Paginator(selectors.disclosure_catalogue(home, profile, topic=topic, year=year), PAGE_SIZE)
    page = pages.get_page(data.get("page") or 1)
    rows = list(page.object_list)
    addresses = selectors.catalogue_addresses(home, rows, request)
    pager = QueryPager({"topic": topic, "year": year or ""}, page.number, pages.num_pages)
    context = _context(
        request,
        home,
        profile,
        form=form,
        total=pages.count,
        pager=pager,
        rows=[(item, addresses.get(item.pk, "")) for item in rows],
        reply_days=rule("websites.disclosure_reply_days"),
        extension_days=rule("websites.disclosure_extension_days"),
    )
    return TemplateResponse(request, "websites/disclosure_catalogue.html", context)


def apply(request):
    home, profile = _site(request)
    form = ApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                application = disclosure.application_submit(
                    site=profile, citizen=request.user, address=client_ip(request) or None, **form.cleaned_data
                )
            except DomainError as error:
                _form_errors(form, error)
                status = getattr(error, "status", 400)
            else:
                return TemplateResponse(
                    request,
                    "websites/disclosure_received.html",
                    _context(request, home, profile, application=application),
                )
    elif request.user.is_authenticated:
        form.initial.update(name=request.user.get_full_name())
    return TemplateResponse(
        request, "websites/disclosure_apply.html", _context(request, home, profile, form=form), status=status
    )


def query(request):
    """The applicant's own application: state and dates, a correction to answer, the reply to download."""
    home, profile = _site(request)
    form = QueryForm(request.POST or None)

    def page(application=None, status=200):
        context = _context(
            request,
            home,
            profile,
            form=form,
            application=application,
            correction_overdue=application is not None and disclosure.correction_overdue(application),
        )
        return TemplateResponse(request, "websites/disclosure_query.html", context, status=status)

    if request.method != "POST":
        return page()
    if not form.is_valid():
        return page(status=400)
    data = form.cleaned_data
    try:
        application = disclosure.application_lookup(
            profile, data["number"], data["phone"], address=client_ip(request) or None
        )
    except RateLimited as error:
        form.add_error(None, error.message)
        return page(status=error.status)
    if application is None:
        form.add_error(None, _("No application has this number and mobile number. Check both and try again."))
        return page(status=404)
    if data["action"] == "notice" and application.state == DisclosureState.REPLIED:
        response = HttpResponse(disclosure.notice_pdf(application), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{application.number}.pdf"'
        return response
    if data["action"] == "correct":
        try:
            application = disclosure.application_correct(application=application, correction=data["correction"])
        except DomainError as error:
            form.add_error(
                "correction" if "correction" in error.fields else None,
                error.fields.get("correction", [error.message])[0],
            )
            return page(application, status=error.status)
    return page(application)

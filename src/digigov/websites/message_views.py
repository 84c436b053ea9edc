"""The public side of citizens' letters (R8.4) on every site: write a letter, the list of answered letters
(信件选登) with 受理日期, 答复日期, 答复部门 and 答复内容, and one letter with its reply. Never the writer's name or
number. These pages are not static copies: the form carries its CSRF token, the list changes with every reply."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import DomainError
from digigov.core.middleware import client_ip
from digigov.core.public import QueryPager
from digigov.core.staff_pages import add_domain_errors
from digigov.websites import messages, selectors
from digigov.websites.choices import LETTER_KINDS, CorrectionKind, MessageKind

PAGE_SIZE = 20


class LetterForm(forms.Form):
    """The fields only; the service checks them all at once (messages.message_send), in the writer's words."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in LETTER_KINDS],
                             widget=forms.RadioSelect,
                             initial=MessageKind.CONSULTATION)  # fmt: skip
    title = forms.CharField(label=_("Subject"), required=False, widget=forms.TextInput(attrs={"maxlength": 100}))
    body = forms.CharField(label=_("Your letter"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8, "maxlength": 2000}))  # fmt: skip
    name = forms.CharField(label=_("Your name"), required=False, widget=forms.TextInput(attrs={"maxlength": 50}))
    phone = forms.CharField(label=_("Mobile number"), required=False,
                            widget=forms.TextInput(attrs={"maxlength": 20, "inputmode": "tel", "autocomplete": "tel"}),
                            help_text=_("Only the unit answering sees your name and number."))  # fmt: skip
    public = forms.BooleanField(label=_("The letter and its reply may be published on this site"), required=False)


class CorrectionForm(forms.Form):
    """网民纠错 (R8.6): which page, what is wrong, and how to reach the reporter with the answer."""

    page_url = forms.CharField(label=_("Address of the page"), required=False,
                               widget=forms.TextInput(attrs={"maxlength": 300, "inputmode": "url"}))  # fmt: skip
    category = forms.ChoiceField(label=_("What is wrong"), choices=CorrectionKind.choices, widget=forms.RadioSelect,
                                 initial=CorrectionKind.TYPO)  # fmt: skip
    body = forms.CharField(label=_("Describe the mistake"), required=False,
                           widget=forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
                           help_text=_("Quote the wrong words and, if you know it, the right ones."))  # fmt: skip
    name = forms.CharField(label=_("Your name"), required=False, widget=forms.TextInput(attrs={"maxlength": 50}))
    phone = forms.CharField(label=_("Mobile number"), required=False,
                            widget=forms.TextInput(attrs={"maxlength": 20, "inputmode": "tel", "autocomplete": "tel"}),
                            help_text=_("Only the unit answering sees your name and number."))  # fmt: skip


def _site(request):
    found = selectors.site_for_request(request)
    if found is None:
        raise Http404
    return found


def _context(request, home, profile, **extra) -> dict:
    chrome = selectors.chrome_for_home(home, profile, request).with_current("/messages/")
    return {"chrome": chrome, "profile": profile, "request": request, **extra}


def message_write(request):
    home, profile = _site(request)
    form = LetterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = messages.message_send(site=profile, citizen=request.user, address=client_ip(request) or None,
                                           **form.cleaned_data)  # fmt: skip
        except DomainError as error:
            add_domain_errors(form, error)
            status = error.status
            return TemplateResponse(request, "websites/message_write.html", _context(request, home, profile, form=form),
                                    status=status)  # fmt: skip
        return TemplateResponse(request, "websites/message_sent.html", _context(request, home, profile, letter=letter))
    if request.method == "GET" and request.user.is_authenticated:
        form.initial.update(name=request.user.get_full_name())
    return TemplateResponse(request, "websites/message_write.html", _context(request, home, profile, form=form),
                            status=400 if request.method == "POST" else 200)  # fmt: skip


def message_list(request):
    home, profile = _site(request)
    pages = Paginator(messages.public_messages(profile), PAGE_SIZE)
    number = request.GET.get("page", "1")
    page = pages.get_page(number if number.isdigit() else 1)
    pager = QueryPager({}, page.number, pages.num_pages)
    return TemplateResponse(request, "websites/messages.html",
                            _context(request, home, profile, letters=page.object_list, pager=pager))  # fmt: skip


def message_detail(request, number: str):
    home, profile = _site(request)
    letter = messages.public_messages(profile).filter(number=number).first()
    if letter is None:
        raise Http404
    return TemplateResponse(request, "websites/message.html", _context(request, home, profile, letter=letter))


def correction_write(request):
    """`/correction/?page=<path>`: every public page's footer links here with its own address filled in."""
    home, profile = _site(request)
    form = CorrectionForm(
        request.POST if request.method == "POST" else None, initial={"page_url": request.GET.get("page", "")[:300]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = messages.correction_send(site=profile, citizen=request.user,
                                              address=client_ip(request) or None, **form.cleaned_data)  # fmt: skip
        except DomainError as error:
            add_domain_errors(form, error)
            status = error.status
            return TemplateResponse(request, "websites/correction_write.html",
                                    _context(request, home, profile, form=form), status=status)  # fmt: skip
        return TemplateResponse(request, "websites/message_sent.html", _context(request, home, profile, letter=report))
    if request.method == "GET" and request.user.is_authenticated:
        form.initial.update(name=request.user.get_full_name())
    return TemplateResponse(request, "websites/correction_write.html", _context(request, home, profile, form=form),
                            status=400 if request.method == "POST" else 200)  # fmt: skip

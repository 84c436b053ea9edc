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
from digigov.websites import messages, selectors
from digigov.websites.choices import MessageKind

PAGE_SIZE = 20


class LetterForm(forms.Form):
    """The fields only; the service checks them all at once (messages.message_send), in the writer's words."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MessageKind.choices, widget=forms.RadioSelect,
                             initial=MessageKind.CONSULTATION)  # fmt: skip
    title = forms.CharField(label=_("Subject"), required=False, widget=forms.TextInput(attrs={"maxlength": 100}))
    body = forms.CharField(label=_("Your letter"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8, "maxlength": 2000}))  # fmt: skip
    name = forms.CharField(label=_("Your name"), required=False, widget=forms.TextInput(attrs={"maxlength": 50}))
    phone = forms.CharField(label=_("Mobile number"), required=False,
                            widget=forms.TextInput(attrs={"maxlength": 20, "inputmode": "tel", "autocomplete": "tel"}),
                            help_text=_("Only the unit answering sees your name and number."))  # fmt: skip
    public = forms.BooleanField(label=_("The letter and its reply may be published on this site"), required=False)


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
    form = LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = messages.message_send(site=profile, citizen=request.user, address=client_ip(request) or None,
                                           **form.cleaned_data)  # fmt: skip
        except DomainError as error:
            for field, problems in error.fields.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            if not error.fields:
                form.add_error(None, error.message)
            status = getattr(error, "status", 400)
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

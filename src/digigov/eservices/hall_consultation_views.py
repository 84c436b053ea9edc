"""网上咨询 in the online service hall (R4.7): the guide page's FAQs (常见问题) and its way to ask, the ask page
(sign-in; before a question is sent, the guide's own answers to it are shown) and 我的咨询 with the answers."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from digigov.core.errors import DomainError
from digigov.core.middleware import client_ip
from digigov.core.public import QueryPager
from digigov.core.rules import rule
from digigov.eservices import appointment_selectors, consultation_selectors, versions
from digigov.eservices.models import ServiceItem
from digigov.eservices.services import consultations
from digigov.identity import api as identity
from digigov.websites.api import chrome_for

HOME = "/zwfw/"
PAGE_SIZE = 20


def guide_extras(item: ServiceItem) -> dict:
    """What the guide page shows of consultations and appointments: its FAQs and the two ways in."""
    return {
        "faqs": consultation_selectors.item_faqs(item),
        "ask_url": reverse("eservices_hall_ask", args=[item.implementation_code]),
        "book_url": reverse("eservices_hall_book", args=[item.implementation_code])
        if appointment_selectors.bookable(item)
        else "",
    }


def _page(request, template: str, status: int = 200, **extra) -> TemplateResponse:
    context = {"chrome": chrome_for(request, HOME), "request": request, **extra}
    return TemplateResponse(request, f"eservices/hall/{template}", context, status=status)


def _item(code: str) -> ServiceItem:
    item = ServiceItem.objects.published().select_related("organisation").filter(implementation_code=code).first()
    if item is None:
        raise Http404
    return item


def _guide(item: ServiceItem) -> tuple[dict, list[dict]]:
    version = item.versions.filter(number=item.version).only("snapshot").first()
    snapshot = version.snapshot if version is not None else versions.snapshot(item)
    return snapshot["fields"], snapshot.get("materials", [])


def ask(request, code: str):
    item = _item(code)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("identity:login"))
    guide_url = reverse("eservices_hall_item", args=[code])
    context = {
        "item": item,
        "guide_url": guide_url,
        "min_chars": rule("eservices.consultation_min_chars"),
        "max_chars": rule("eservices.consultation_max_chars"),
        "days": rule("eservices.consultation_answer_days"),
        "breadcrumbs": [(_("Online service hall"), HOME), (item.name, guide_url), (_("Ask a question"), "")],
        "is_party": identity.party_of(request.user) is not None,
    }
    question, errors, status, matches = "", {}, 200, []
    if request.method == "POST" and context["is_party"]:
        question = request.POST.get("question", "")[:4000]
        guide, materials = _guide(item)
        matches = consultation_selectors.guide_answers(
            question, guide=guide, materials=materials, faqs=consultation_selectors.item_faqs(item)
        )
        if request.POST.get("action") == "ask" or not matches:
            try:
                consultations.consultation_ask(
                    actor=request.user, item=item, question=question, address=client_ip(request) or None
                )
            except DomainError as error:
                errors, status = error.fields or {"": [error.message]}, error.status
            else:
                messages.success(
                    request,
                    _("Your question has been sent to %(org)s. It answers within %(days)s working days.")
                    % {"org": item.organisation.name, "days": context["days"]},
                )
                return redirect(reverse("eservices_hall_consultations"))
    return _page(
        request,
        "consult.html",
        status=status,
        question=question,
        matches=matches,
        question_errors=errors.get("question", []),
        problems=errors.get("", []),
        **context,
    )


def my_consultations(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("identity:login"))
    number = request.GET.get("page", "")
    pages = Paginator(consultation_selectors.asker_consultations(request.user), PAGE_SIZE)
    page = pages.get_page(int(number) if number.isdigit() and len(number) < 6 else 1)
    return _page(
        request,
        "consultations.html",
        rows=list(page.object_list),
        pager=QueryPager({}, page.number, pages.num_pages),
        total=pages.count,
        breadcrumbs=[(_("Online service hall"), HOME), (_("My questions"), "")],
    )

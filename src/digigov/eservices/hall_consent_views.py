"""帮办代办 in the hall (R4.2): an applicant with an account answers a clerk's request for their consent from 我的办件
(confirm or decline, each recorded by `services.consents`)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digigov.core.errors import ConflictError, NotFoundError
from digigov.eservices.services import consents


@require_POST
def consent_answer(request, pk: int):
    if not request.user.is_authenticated:
        raise Http404
    agree = request.POST.get("answer") == "agree"
    try:
        consents.consent_answer(actor=request.user, consent_id=pk, agree=agree)
    except NotFoundError:
        raise Http404 from None
    except ConflictError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You consented: the clerk may now submit the application for you.")
            if agree
            else _("You declined: the clerk cannot submit the application for you."),
        )
    return redirect(reverse("eservices_hall_cases"))

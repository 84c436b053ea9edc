"""Result mailing (证照寄送, R4.7): the applicant's choice of 自取 or 邮寄 from their case page, and the lead
department's record of the carrier and tracking number on the staff case screen."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digigov.core.errors import DomainError, NotFoundError
from digigov.eservices import case_extras, case_selectors
from digigov.eservices.case_views import CaseDetailView
from digigov.eservices.services import delivery as deliveries
from digigov.websites.api import chrome_for

FIELDS = ("method", "recipient", "mobile", "division", "address")


@require_POST
def choose(request, number: str):
    """自取 or 邮寄: saved, back to the case page; a mistake shows the form again with the message at its field."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("eservices_hall_case", args=[number]), reverse("identity:login"))
    try:
        case = case_selectors.applicant_case_get(request.user, number)
    except NotFoundError:
        raise Http404 from None
    values = {f: request.POST.get(f, "")[:200] for f in FIELDS}
    try:
        deliveries.delivery_choose(actor=request.user, case=case, **values)
    except NotFoundError:
        raise Http404 from None
    except DomainError as error:
        errors = {k: [str(m) for m in v] for k, v in error.fields.items()} or {"": [str(error.message)]}
        return TemplateResponse(
            request,
            "eservices/hall_case_delivery.html",
            {
                "chrome": chrome_for(request, "/zwfw/"),
                "request": request,
                "case": case,
                # an item that does not mail shows no form: its message goes on top
                "problems": errors.get("", []) + ([] if deliveries.mailing_offered(case) else errors.get("method", [])),
                "breadcrumbs": [
                    (_("Online service hall"), "/zwfw/"),
                    (_("My cases"), reverse("eservices_hall_cases")),
                    (case.number, reverse("eservices_hall_case", args=[case.number])),
                    (_("How you receive the result"), ""),
                ],
                **case_extras.hall_extras(case, errors=errors, values=values),
            },
            status=400,
        )
    messages.success(request, _("Your choice of how to receive the result is saved."))
    return redirect("eservices_hall_case", case.number)


class DeliverySendView(CaseDetailView):
    """POST from the staff case screen: the result is mailed, with its carrier and tracking number."""

    def get(self, request, *args, **kwargs):
        return redirect("eservices_case_detail", kwargs["pk"])

    def post(self, request, *args, **kwargs):
        self._load()
        case, user = self.view.case, request.user
        if not self.view.lead:
            raise Http404
        form = case_extras.SendForm(request.POST)
        call = lambda: deliveries.delivery_send(  # noqa: E731
            actor=user,
            case=case,
            carrier=form.cleaned_data["carrier"],
            tracking_number=form.cleaned_data["tracking_number"],
        )
        if self.submit(form, call, _("Sending recorded; the applicant is told.")):
            return redirect("eservices_case_detail", case.pk)
        return self.render_to_response(self.get_context_data(send_form=form))

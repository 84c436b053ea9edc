"""Fees paid online (R4.7): the applicant's 去缴费 (to the provider's checkout), the payment simulator's page
(模拟支付, demo only: the citizen confirms or cancels, the simulator signs its notice as a provider would and delivers
it to the notice service), and the lead department's issue and cancel on the staff case screen."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from digigov.core.errors import DomainError, NotFoundError
from digigov.eservices import case_extras, case_selectors, paygate
from digigov.eservices.case_views import CaseDetailView
from digigov.eservices.services import payments
from digigov.websites.api import chrome_for


@require_POST
def pay(request, number: str):
    """去缴费: the applicant's unpaid order to the provider's checkout page."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        case = case_selectors.applicant_case_get(request.user, number)
        if request.POST.get("action") == "check":
            return _checked(request, case, payments.payment_check(actor=request.user, case=case))
        back = reverse("eservices_hall_case", args=[case.number])
        url = payments.payment_start(actor=request.user, case=case, return_url=back)
    except NotFoundError:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("eservices_hall_case", number)
    return redirect(url)


def _checked(request, case, result):
    if result is None:
        messages.info(request, _("The payment provider has no result of your payment yet. Please try again later."))
    elif not result.accepted:
        messages.error(request, result.message)
    else:
        messages.success(request, _("The payment provider's result is taken into account."))
    return redirect("eservices_hall_case", case.number)


@require_http_methods(["GET", "POST"])
def simulator(request, ref: str):
    """模拟支付（演示用，不产生真实扣款）: the simulator's own page, outside our session's business (a provider's)."""
    gate = paygate.provider()
    if not isinstance(gate, paygate.SimulatorProvider):
        raise Http404  # a real provider has its own pages
    checkout = gate.checkout_get(ref)
    if checkout is None:
        raise Http404
    if request.method == "POST":
        paid = request.POST.get("choice") == "pay"
        body, signature = gate.finish(checkout, paid=paid)
        result = payments.notice_receive(body=body, signature=signature)  # what POST …/payments/notify runs
        if not result.accepted:
            messages.error(request, result.message)
        elif paid:
            messages.success(request, _("Payment made. Your e-receipt is on the case page."))
        else:
            messages.info(request, _("Payment cancelled. You can pay later from the case page."))
        return redirect(checkout.return_url)
    return TemplateResponse(
        request,
        "eservices/hall_paysim.html",
        {
            "chrome": chrome_for(request, "/zwfw/"),
            "request": request,
            "checkout": checkout,
            "amount": f"{checkout.amount_fen // 100}.{checkout.amount_fen % 100:02d}",
            "label": gate.label,
            "breadcrumbs": [(_("Online service hall"), "/zwfw/"), (gate.label, "")],
        },
    )


class PaymentActionView(CaseDetailView):
    """POST from the staff case screen: issue a payment order, or cancel the unpaid one with its reason."""

    def get(self, request, *args, **kwargs):
        return redirect("eservices_case_detail", kwargs["pk"])

    def post(self, request, *args, **kwargs):
        self._load()
        case, user = self.view.case, request.user
        if not self.view.lead:
            raise Http404
        if request.POST.get("step") == "issue":
            self.act(
                lambda: payments.order_issue(actor=user, case=case),
                lambda order: _("Payment order %(no)s issued; the applicant is told.") % {"no": order.number},
            )
            return redirect("eservices_case_detail", case.pk)
        order = case.payment_orders.filter(pk=_int(request.POST.get("order", ""))).first()
        if order is None:
            raise Http404
        form = case_extras.CancelForm(request.POST)
        call = lambda: payments.order_cancel(  # noqa: E731
            actor=user, order=order, reason=form.cleaned_data["cancel_reason"]
        )
        if self.submit(form, call, _("The payment order is cancelled.")):
            return redirect("eservices_case_detail", case.pk)
        return self.render_to_response(self.get_context_data(cancel_form=form))


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None

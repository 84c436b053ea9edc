"""电子证照 › 用证核验: the back-office screens of licence use at a counter (R6.2, 国办函〔2019〕108号).

- redeem a holder's use authorisation code (授权用证): the licence's data, and for grades A and B a copy watermarked
  with the use; the code is used once;
- a use's licence data, for the organisation that made the use (the handler of a case that used a licence inline,
  the counter that redeemed a code);
- record a paper original seen at the counter (grade B);
- check the original of a holder's uploaded scan (grade C) or refuse it with a note.

Any department's staff may use them; every write and every opening of licence data goes through the services, which
record it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger
from digigov.core.errors import DomainError, NotFoundError
from digigov.core.models import Organisation
from digigov.core.permissions import memberships
from digigov.core.staff_pages import StaffPage
from digigov.licenses import wallet_selectors
from digigov.licenses.choices import TrustGrade, UseKind
from digigov.licenses.models import HolderProvision, LicenceType
from digigov.licenses.services import authorisations, holder_provided


class LicencePage(StaffPage):
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("licenses_check"), "label": _("Licence check")},
            {"url": "", "label": self.get_page_title()},
        ]


def _organisations(user):
    ids = [m.organisation_id for m in memberships(user)]
    return Organisation.objects.filter(pk__in=ids).order_by("name")


class RedeemForm(forms.Form):
    code = forms.CharField(
        label=_("Authorisation code"),
        max_length=40,
        help_text=_("The code the holder shows as text or QR code; spaces do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "inputmode": "latin"}),
    )
    organisation = forms.ModelChoiceField(label=_("Used for"), queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = _organisations(user)
        self.fields["organisation"].queryset = own
        if own.count() <= 1:
            self.fields["organisation"].widget = forms.HiddenInput()


class CheckView(LicencePage):
    """用证核验: enter a holder's authorisation code."""

    template_name = "licenses/counter/check.html"
    page_title = _("Licence check")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or RedeemForm(user=self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        form = RedeemForm(request.POST, user=request.user)

        def redeem():
            chosen = form.cleaned_data["organisation"]
            return authorisations.authorisation_redeem(
                actor=request.user, code=form.cleaned_data["code"], organisation_id=chosen.pk if chosen else None
            )

        redemption = self.submit(form, redeem, _("The authorisation is used; the licence is below."))
        if redemption:
            return redirect("licenses_use_detail", redemption.use.pk)
        return self.render_to_response(self.get_context_data(form=form))


class UseDetailView(LicencePage):
    """The licence behind one use, for the organisation that made it; opening it is recorded."""

    template_name = "licenses/counter/use.html"

    def get_page_title(self):
        return _("Licence data")

    def get(self, request, *args, **kwargs):
        self.use = authorisations.use_open(actor=request.user, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        use = self.use
        licence = use.licence
        context.update(
            use=use,
            licence=licence,
            standing=wallet_selectors.standing(licence),
            grade=TrustGrade(licence.trust_grade),
            rows=wallet_selectors.licence_rows(licence),
            copy_allowed=use.kind == UseKind.AUTHORISED and authorisations.copy_allowed(licence),
            authorised=use.kind == UseKind.AUTHORISED,
        )
        return context


class UseCopyView(LicencePage):
    """The copy watermarked with the use (grades A and B), for the organisation that redeemed the code."""

    def get(self, request, *args, **kwargs):
        try:
            made = authorisations.use_copy(actor=request.user, pk=kwargs["pk"])
        except NotFoundError:
            raise Http404 from None
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("licenses_use_detail", kwargs["pk"])
        response = HttpResponse(made.data, content_type=made.content_type)
        response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


class CounterRecordForm(forms.Form):
    licence_type = forms.ModelChoiceField(
        label=_("Licence type"), queryset=LicenceType.objects.none(), empty_label=_("Choose the licence type")
    )
    holder_name = forms.CharField(label=_("Holder (licence)"), max_length=200)
    holder_code = forms.CharField(
        label=_("Holder's ID number or credit code"),
        max_length=18,
        help_text=_("Checked by its check character (GB 11643, GB 32100)."),
    )
    number = forms.CharField(label=_("Licence number"), max_length=60)
    issued_on = forms.DateField(
        label=_("Date of issue"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for a long-term licence."),
    )
    seen = forms.BooleanField(label=_("I have seen the paper original and it matches what I entered."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licence_type"].queryset = LicenceType.objects.active().select_related("issuer").order_by("name")
        self.fields["licence_type"].label_from_instance = lambda t: f"{t.name}（{t.issuer.name}）"


class CounterRecordView(LicencePage):
    """Grade B: a clerk records a licence from the paper original the holder brought to the counter."""

    template_name = "licenses/counter/record.html"
    page_title = _("Record a paper original")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or CounterRecordForm()
        return context

    def post(self, request, *args, **kwargs):
        form = CounterRecordForm(request.POST)

        def record():
            data = form.cleaned_data
            return holder_provided.counter_record(
                actor=request.user,
                licence_type=data["licence_type"],
                holder_name=data["holder_name"],
                holder_code=data["holder_code"],
                number=data["number"],
                issued_on=data["issued_on"],
                valid_until=data["valid_until"],
            )

        licence = self.submit(form, record, _("Recorded with trust grade B; the holder finds it in their wallet."))
        if licence:
            return redirect("licenses_counter_record")
        return self.render_to_response(self.get_context_data(form=form))


class PendingView(LicencePage):
    """Grade C: the holder's uploads waiting for their originals, found by the holder's code; confirm or refuse."""

    template_name = "licenses/counter/pending.html"
    page_title = _("Check uploaded licences")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        code = self.request.GET.get("code", "").strip()[:18]
        context.update(code=code, rows=list(wallet_selectors.pending_provisions(code)[:50]) if code else [])
        return context

    def post(self, request, *args, **kwargs):
        sent = request.POST.get("provision", "")
        provision = HolderProvision.objects.filter(pk=int(sent)).first() if sent.isdigit() and len(sent) < 12 else None
        if provision is None:
            raise Http404
        confirmed = request.POST.get("decision") == "confirm"
        self.act(
            lambda: holder_provided.provision_check(
                actor=request.user, provision=provision, confirmed=confirmed, note=request.POST.get("note", "")
            ),
            _("Checked: the licence is in the holder's wallet with trust grade C.")
            if confirmed
            else _("Refused; the holder sees your note."),
        )
        return redirect(f"{reverse('licenses_counter_pending')}?code={provision.holder_code}")


class ScanView(LicencePage):
    """The holder's uploaded scan, for the clerk comparing it with the original; opening it is recorded."""

    def get(self, request, *args, **kwargs):
        provision = HolderProvision.objects.filter(pk=kwargs["pk"]).first()
        if provision is None or not provision.file:
            raise Http404
        from django.db import transaction

        with transaction.atomic():
            ledger.record(
                action="licenses.holder.scan_viewed",
                actor=request.user,
                organisation=provision.licence_type.issuer_id,
                obj=provision,
                after={"number": provision.number},
            )
        with provision.file.open("rb") as handle:
            data = handle.read()
        kind = provision.file.name.rsplit(".", 1)[-1]
        types = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}
        response = HttpResponse(data, content_type=types.get(kind, "application/octet-stream"))
        response["Content-Disposition"] = f'inline; filename="scan.{kind}"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

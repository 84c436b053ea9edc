"""The holder's wallet (卡包, R4.8) under `/zwfw/wallet/`, phone-first in the public frame (`public/base.html`): the
signed-in citizen's or legal person's licences as cards, a licence's page (its data, trust grade, the 亮证 QR code,
downloads, use authorisations, every use), the full-screen 亮证 view in large type, a use authorisation's code, and
adding a licence the platform did not issue (a scan to be checked: grade C; a declaration under a promise: grade D).

The page frame comes from the composition root (`urls.py` passes `chrome=websites.api.chrome_for`): licences sit
below websites, so they do not import it. The services check and record everything; these views carry input and show
the Chinese errors at their fields. Another holder's licence or authorisation is 404.
"""

from __future__ import annotations

import datetime as dt

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.core import uploads
from digigov.core.errors import DomainError, NotFoundError
from digigov.core.public import PublicChrome, QueryPager
from digigov.core.rules import rule
from digigov.identity import api as identity
from digigov.licenses import qr, wallet_selectors
from digigov.licenses.choices import ProvisionKind, TrustGrade, UseKind
from digigov.licenses.models import UseAuthorisation
from digigov.licenses.services import authorisations, holder_provided, wallet

HOME = "/zwfw/wallet/"
HALL = "/zwfw/"
VERIFY_PATH = "/zwfw/licences/v/"  # the public verification page of a 亮证 QR code (documents)


def _chrome(request, chrome) -> PublicChrome:
    return chrome(request, HALL) if callable(chrome) else PublicChrome.plain()


def _page(request, chrome, template: str, status: int = 200, **extra) -> TemplateResponse:
    context = {"chrome": _chrome(request, chrome), "request": request, **extra}
    return TemplateResponse(request, f"licenses/wallet/{template}", context, status=status)


def _gate(request, chrome):
    """None when a citizen or legal person is signed in; else the response: sign in, or a staff account's refusal."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("identity:login"))
    if identity.party_of(request.user) is None:
        return _page(
            request,
            chrome,
            "refused.html",
            status=403,
            title=_("The wallet is for citizens and legal persons"),
            message=_(
                "Only citizens and legal persons hold licences here. You are signed in with a staff account: sign "
                "out, then sign in with your citizen or legal-person account."
            ),
        )
    return None


def _licence(request, pk):
    try:
        return wallet_selectors.wallet_licence_get(actor=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None


def _crumbs(*pairs) -> list[tuple[str, str]]:
    return [(_("Online service hall"), HALL), (_("My licences"), HOME), *pairs]


def _mark_errors(form: forms.Form) -> None:
    """aria-invalid and aria-describedby on each field with an error (the template shows it under the field)."""
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"{form[name].auto_id}-error"}
            )


def _place(form: forms.Form, error: DomainError) -> None:
    placed = False
    for field, problems in error.fields.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, str(problem))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=6, border=2, dark="#000", light="#fff")


def show_url(request, version) -> str | None:
    """The address the 亮证 QR code carries (`…/licences/v/?p=…`), or None for a version the seal did not sign."""
    if version is None or not version.qr_signature or not version.seal_code:
        return None
    text = qr.signed_text(version.snapshot, seal_code=version.seal_code)
    return request.build_absolute_uri(f"{VERIFY_PATH}?p={qr.encode(text, bytes(version.qr_signature))}")


def _card(licence) -> dict:
    return {
        "licence": licence,
        "standing": wallet_selectors.standing(licence),
        "grade": TrustGrade(licence.trust_grade),
    }


# --------------------------------------------------------------------------- the wallet


def wallet_list(request, chrome=None):
    refused = _gate(request, chrome)
    if refused:
        return refused
    licences = [_card(licence) for licence in wallet_selectors.wallet_licences(actor=request.user)[:200]]
    return _page(
        request,
        chrome,
        "list.html",
        cards=licences,
        provisions=list(wallet_selectors.holder_provisions(actor=request.user)[:50]),
        party=identity.party_of(request.user),
        breadcrumbs=_crumbs(),
    )


class AuthoriseForm(forms.Form):
    recipient = forms.CharField(
        label=gettext_lazy("Who will use it"),
        max_length=200,
        help_text=gettext_lazy("The department or business you give the code to."),
    )
    purpose = forms.CharField(label=gettext_lazy("What for"), max_length=200)
    valid_until = forms.DateField(
        label=gettext_lazy("Usable until (end of that day)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _until(day: dt.date) -> dt.datetime:
    """The end of `day`, capped at the longest period the rule allows from now (a day is what people choose)."""
    end = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))
    longest = timezone.now() + dt.timedelta(days=int(rule("licenses.authorisation_max_days")))
    return min(end, longest) if end > longest and day == timezone.localtime(longest).date() else end


def licence_detail(request, pk, chrome=None):
    refused = _gate(request, chrome)
    if refused:
        return refused
    licence = _licence(request, pk)
    form = AuthoriseForm(initial={"valid_until": timezone.localdate() + dt.timedelta(days=7)})
    status = 200
    if request.method == "POST":
        form = AuthoriseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                granted = authorisations.authorisation_grant(
                    actor=request.user,
                    licence=licence,
                    purpose=data["purpose"],
                    recipient=data["recipient"],
                    valid_until=_until(data["valid_until"]),
                )
            except DomainError as error:
                _place(form, error)
            else:
                messages.success(request, _("The use is authorised. Give the code below to whoever uses it."))
                return redirect(reverse("licenses_wallet_authorisation", args=[granted.pk]))
        _mark_errors(form)
        status = 400
    version = wallet_selectors.current_version(licence)
    number = request.GET.get("page", "")
    uses = Paginator(wallet_selectors.licence_uses(licence), int(rule("licenses.wallet_page_size")))
    page = uses.get_page(int(number) if number.isdigit() and len(number) < 6 else 1)
    now = timezone.now()
    grants = [(a, *authorisations_state(a, now)) for a in wallet_selectors.licence_authorisations(licence)[:20]]
    return _page(
        request,
        chrome,
        "detail.html",
        status=status,
        card=_card(licence),
        licence=licence,
        rows=wallet_selectors.licence_rows(licence),
        sealed=bool(version is not None and version.signature),
        can_show=show_url(request, version) is not None,
        form=form,
        grants=grants,
        uses=list(page.object_list),
        use_kinds=UseKind,
        pager=QueryPager({}, page.number, uses.num_pages),
        total_uses=uses.count,
        max_days=rule("licenses.authorisation_max_days"),
        breadcrumbs=_crumbs((licence.licence_type.name, "")),
    )


def authorisations_state(authorisation: UseAuthorisation, now) -> tuple[str, str]:
    return wallet_selectors.authorisation_state(authorisation, now)


def licence_show(request, pk, chrome=None):
    """亮证: POST (a button) records the showing and answers with the full-screen view; GET goes back to the page."""
    refused = _gate(request, chrome)
    if refused:
        return refused
    licence = _licence(request, pk)
    if request.method != "POST":
        return redirect(reverse("licenses_wallet_licence", args=[licence.pk]))
    try:
        wallet.licence_show(actor=request.user, licence=licence)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(reverse("licenses_wallet_licence", args=[licence.pk]))
    version = wallet_selectors.current_version(licence)
    url = show_url(request, version)
    return _page(
        request,
        chrome,
        "show.html",
        card=_card(licence),
        licence=licence,
        qr=qr_data_uri(url) if url else "",
        shown_at=timezone.localtime(),
        breadcrumbs=_crumbs((licence.licence_type.name, reverse("licenses_wallet_licence", args=[licence.pk])),
                            (_("Show licence"), "")),
    )  # fmt: skip


def licence_download(request, pk, fmt, chrome=None):
    refused = _gate(request, chrome)
    if refused:
        return refused
    licence = _licence(request, pk)
    try:
        made = wallet.licence_download(actor=request.user, licence=licence, fmt=fmt)
    except NotFoundError:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(reverse("licenses_wallet_licence", args=[licence.pk]))
    response = HttpResponse(made.data, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- use authorisations


def _own_authorisation(request, pk) -> UseAuthorisation:
    code = wallet_selectors.holder_code(request.user)
    found = (
        UseAuthorisation.objects.select_related("licence__licence_type", "licence__issuer")
        .filter(pk=pk, licence__holder_code=code or "-")
        .first()
    )
    if not code or found is None:
        raise Http404
    return found


def authorisation_detail(request, pk, chrome=None):
    refused = _gate(request, chrome)
    if refused:
        return refused
    authorisation = _own_authorisation(request, pk)
    state, label = wallet_selectors.authorisation_state(authorisation)
    licence = authorisation.licence
    return _page(
        request,
        chrome,
        "authorisation.html",
        authorisation=authorisation,
        licence=licence,
        state=state,
        state_label=label,
        code=authorisations.grouped(authorisation.token),
        qr=qr_data_uri(authorisation.token) if state == "open" else "",
        breadcrumbs=_crumbs((licence.licence_type.name, reverse("licenses_wallet_licence", args=[licence.pk])),
                            (_("Use authorisation"), "")),
    )  # fmt: skip


def authorisation_withdraw(request, pk, chrome=None):
    refused = _gate(request, chrome)
    if refused:
        return refused
    authorisation = _own_authorisation(request, pk)
    if request.method == "POST":
        try:
            authorisations.authorisation_withdraw(actor=request.user, authorisation=authorisation)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The authorisation is withdrawn; its code can no longer be used."))
    return redirect(reverse("licenses_wallet_licence", args=[authorisation.licence_id]))


# --------------------------------------------------------------------------- adding a licence (grades C and D)


class AddForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("How you add it"),
        choices=[
            (ProvisionKind.SCAN, gettext_lazy("Upload a scan or photo; a counter checks the original (grade C)")),
            (ProvisionKind.PROMISE, gettext_lazy("Declare it under a signed promise (grade D)")),
        ],
        initial=ProvisionKind.SCAN,
        widget=forms.RadioSelect,
    )
    licence_type = forms.ModelChoiceField(
        label=gettext_lazy("Licence type"), queryset=None, empty_label=gettext_lazy("Choose the licence type")
    )
    number = forms.CharField(label=gettext_lazy("Licence number"), max_length=60)
    issued_on = forms.DateField(
        label=gettext_lazy("Date of issue"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Leave empty for a long-term licence."),
    )
    file = forms.FileField(
        label=gettext_lazy("Scan or photo of the licence"),
        required=False,
        help_text=gettext_lazy("PDF, JPG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    promised = forms.BooleanField(label=holder_provided.PROMISE, required=False)
    promise_name = forms.CharField(label=gettext_lazy("Your name, as your signature"), max_length=100, required=False)

    def __init__(self, *args, holder_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licence_type"].queryset = holder_provided.types_for(holder_kind)
        self.fields["licence_type"].label_from_instance = lambda t: f"{t.name}（{t.issuer.name}）"


def licence_add(request, chrome=None):
    refused = _gate(request, chrome)
    if refused:
        return refused
    party = identity.party_of(request.user)
    holder_kind = holder_provided.HOLDER_KINDS[party.kind]
    form = AddForm(holder_kind=holder_kind)
    status = 200
    if request.method == "POST":
        form = AddForm(request.POST, request.FILES, holder_kind=holder_kind)
        if form.is_valid():
            data = form.cleaned_data
            common = {
                "actor": request.user,
                "licence_type": data["licence_type"],
                "number": data["number"],
                "issued_on": data["issued_on"],
                "valid_until": data["valid_until"],
            }
            try:
                if data["kind"] == ProvisionKind.PROMISE:
                    licence = holder_provided.licence_declare(
                        **common, promised=data["promised"], promise_name=data["promise_name"]
                    )
                else:
                    upload = data["file"]
                    if upload is None:
                        raise DomainError(
                            _("Choose the scan or photo to upload."),
                            fields={"file": [_("Choose the scan or photo to upload.")]},
                        )
                    data_read = uploads.read_upload(upload, max_mb=rule("licenses.holder_upload_max_mb"))
                    holder_provided.licence_scan_upload(**common, filename=upload.name, data=data_read)
                    licence = None
            except DomainError as error:
                _place(form, error)
            else:
                if licence is not None:
                    messages.success(request, _("The licence is in your wallet with trust grade D."))
                    return redirect(reverse("licenses_wallet_licence", args=[licence.pk]))
                messages.success(
                    request,
                    _("Uploaded. Bring the original to a service counter: once a clerk has checked it, the licence "
                      "is in your wallet with trust grade C."),
                )  # fmt: skip
                return redirect(HOME)
        _mark_errors(form)
        status = 400
    return _page(
        request,
        chrome,
        "add.html",
        status=status,
        form=form,
        breadcrumbs=_crumbs((_("Add a licence"), "")),
    )

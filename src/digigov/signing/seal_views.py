"""Back-office screens of the electronic seals (R7.1): my organisation's seals, a seal's page, the requests to
make or change a seal, and the platform operator's approval queue. Public: a seal's certificate and the revocation
list (page and JSON), no sign-in."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from digigov.core import audit_actions
from digigov.core.choices import Role
from digigov.core.models import Organisation
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.core.public import PublicChrome
from digigov.core.staff_pages import StaffPage
from digigov.signing import seals, selectors
from digigov.signing.choices import SealKind, SealRequestAction, SealRequestState, SealStatus
from digigov.signing.models import Seal, SealRequest
from digigov.signing.permissions import can_see_seals, holds_keys


def _my_admin_orgs(user):
    if is_platform_admin(user):
        qs = Organisation.objects.all()
    else:
        qs = Organisation.objects.filter(pk__in=organisation_ids(user, seals.REQUESTERS))
    return [o for o in qs.filter(is_active=True).order_by("name") if holds_keys(o)]


def _actions_for(user, seal: Seal) -> list[tuple[str, str]]:
    """The requests an organisation administrator may make about this seal now."""
    if not seals.can_request(user, seal.organisation):
        return []
    if SealRequest.objects.filter(seal=seal, state=SealRequestState.PENDING).exists():
        return []
    return [
        (action.value, action.label) for action, (allowed, _to) in seals._TRANSITIONS.items() if seal.status in allowed
    ]


class SealListView(StaffPage):
    """电子印章: the seals of my organisations (every seal for the platform operator's approvers)."""

    template_name = "signing/seal_list.html"
    page_title = _("Electronic seals")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            seals=selectors.seal_list(actor=user),
            can_request=bool(_my_admin_orgs(user)),
            is_approver=seals.is_approver(user),
            pending=selectors.seal_request_list(actor=user, pending_only=True).count(),
        )
        return context


def _seal_or_404(user, pk) -> Seal:
    seal = get_object_or_404(Seal.objects.select_related("organisation", "replaces", "maker"), pk=pk)
    if not can_see_seals(user, seal.organisation):
        raise Http404
    return seal


class SealDetailView(StaffPage):
    template_name = "signing/seal_detail.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.seal = _seal_or_404(request.user, kwargs["pk"])
        self.page_title = self.seal.name
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from digigov.signing import certs

        context = super().get_context_data(**kwargs)
        uses = selectors.seal_uses(self.seal)
        context.update(
            seal=self.seal,
            certificate=certs.describe(certs.from_pem(self.seal.certificate_pem)),
            history=self.seal.history.select_related("request", "request__requested_by", "request__decided_by"),
            uses=list(zip(uses, audit_actions.describe_many(uses), strict=True)),
            actions=_actions_for(self.request.user, self.seal),
            requests=self.seal.requests.select_related("requested_by", "decided_by")[:20],
        )
        return context


class SealImageView(StaffPage):
    def get(self, request, *args, **kwargs):
        seal = _seal_or_404(request.user, kwargs["pk"])
        return HttpResponse(bytes(seal.image_png), content_type="image/png")


class MakeRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Organisation"))
    kind = forms.ChoiceField(choices=SealKind.choices, label=_("Seal kind"))
    use_text = forms.CharField(
        label=_("Seal use (business seals)"),
        max_length=30,
        required=False,
        help_text=_("For example 电子证照专用章; the text below the star."),
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the rule's number of years from the start."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk


class SealMakeRequestView(StaffPage):
    template_name = "signing/seal_request_form.html"
    page_title = _("Request a new electronic seal")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.organisations = _my_admin_orgs(request.user)
        if not self.organisations:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MakeRequestForm(organisations=self.organisations))
        return context

    def post(self, request, *args, **kwargs):
        form = MakeRequestForm(request.POST, organisations=self.organisations)
        made = self.submit(
            form,
            lambda: seals.seal_request(actor=request.user, action=SealRequestAction.MAKE, **form.cleaned_data),
            _("Your request was sent to the platform operator for approval."),
        )
        if made:
            return redirect("signing_seal_request", made.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500)


class ReissueRequestForm(ChangeRequestForm):
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the rule's number of years from today."),
    )


class SealChangeRequestView(StaffPage):
    template_name = "signing/seal_request_form.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.seal = _seal_or_404(request.user, kwargs["pk"])
        try:
            self.action = SealRequestAction(kwargs["action"])
        except ValueError:
            raise Http404 from None
        if self.action == SealRequestAction.MAKE or not seals.can_request(request.user, self.seal.organisation):
            raise PermissionDenied
        self.page_title = f"{self.action.label} · {self.seal.name}"
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None):
        cls = ReissueRequestForm if self.action == SealRequestAction.REISSUE else ChangeRequestForm
        return cls(data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context.update(seal=self.seal, action=self.action)
        return context

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        made = self.submit(
            form,
            lambda: seals.seal_request(
                actor=request.user,
                organisation=self.seal.organisation,
                seal=self.seal,
                action=self.action,
                **form.cleaned_data,
            ),
            _("Your request was sent to the platform operator for approval."),
        )
        if made:
            return redirect("signing_seal_request", made.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SealRequestListView(StaffPage):
    """The approvers' queue (pending first), or my organisations' requests."""

    template_name = "signing/seal_request_list.html"
    page_title = _("Seal requests")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        every = selectors.seal_request_list(actor=user)
        context.update(
            pending=every.filter(state=SealRequestState.PENDING),
            decided=every.exclude(state=SealRequestState.PENDING)[:50],
            is_approver=seals.is_approver(user),
        )
        return context


class DecisionForm(forms.Form):
    decision_reason = forms.CharField(
        label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    # The button pressed: 批准 or 驳回 (the page's two submit buttons carry it).
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")], required=False)


class SealRequestView(StaffPage):
    template_name = "signing/seal_request_detail.html"
    page_title = _("Seal request")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(selectors.seal_request_list(actor=request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_decide = seals.is_approver(self.request.user) and self.object.state == SealRequestState.PENDING
        context.update(
            item=self.object,
            can_decide=can_decide,
            form=kwargs.get("form") or (DecisionForm() if can_decide else None),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = DecisionForm(request.POST)
        approve = form.is_valid() and form.cleaned_data["decision"] == "approve"
        done = self.submit(
            form,
            lambda: seals.seal_request_decide(
                actor=request.user, request=self.object, approve=approve, reason=form.cleaned_data["decision_reason"]
            ),
            _("Approved: the change is made.") if approve else _("Rejected; the requester is told why."),
        )
        if done:
            return redirect("signing_seal_request", self.object.pk)
        return self.render_to_response(self.get_context_data(form=form))


# --- public pages (no sign-in) -----------------------------------------------------------------------------------


@require_GET
@cache_control(public=True, max_age=300)
def public_certificate(request, code: str):
    seal = selectors.seal_by_code(code)
    if seal is None:
        raise Http404
    response = HttpResponse(seal.certificate_pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="seal-{seal.code}.pem"'
    return response


@require_GET
@cache_control(public=True, max_age=300)
def public_maker_certificate(request):
    maker = seals.maker_current()
    response = HttpResponse(maker.certificate_pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="seal-maker-root.pem"'
    return response


def _revoked_rows():
    rows = selectors.revoked_seals()
    names = dict(Seal.objects.filter(code__in=[r["code"] for r in rows]).values_list("code", "name"))
    return [{**row, "name": names.get(row["code"], "")} for row in rows]


@require_GET
def revoked_page(request):
    rows = _revoked_rows()
    for row in rows:
        row["status_label"] = SealStatus(row["status"]).label
    chrome = PublicChrome.plain()
    return render(
        request,
        "signing/seal_revoked.html",
        {"rows": rows, "generated_at": timezone.now(), "chrome": chrome, "page_title": _("Revoked electronic seals")},
    )


@require_GET
def revoked_json(request):
    rows = [
        {"code": r["code"], "name": r["name"], "status": r["status"], "since": r["since"].isoformat()}
        for r in _revoked_rows()
    ]
    return JsonResponse({"generated_at": timezone.now().isoformat(), "seals": rows})


__all__ = ["Role"]

"""Back-office screens for signing keys inside the Wagtail admin: the key list and "generate new key" (R0.5)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _

from digigov.core.models import Organisation
from digigov.core.staff_pages import StaffPage
from digigov.signing import selectors, services
from digigov.signing.permissions import can_manage_keys, can_open_key_screen, holds_keys


class KeyListView(StaffPage):
    """Every key of the organisations the user manages: platform administrators see all, org admins their own."""

    template_name = "signing/key_list.html"
    page_title = _("Signing keys")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not can_open_key_screen(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisations"] = selectors.key_holder_list(actor=self.request.user)
        return context


class KeyGenerateView(StaffPage):
    """Asks for confirmation, then generates a new key; the previous one is revoked but still verifies."""

    template_name = "signing/key_generate.html"
    page_title = _("Generate a new signing key")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        self.organisation = get_object_or_404(Organisation, pk=kwargs["org_id"], is_active=True)
        if not (holds_keys(self.organisation) and can_manage_keys(request.user, self.organisation)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(organisation=self.organisation, current=selectors.key_active(self.organisation))
        return context

    def post(self, request, *args, **kwargs):
        self.act(
            lambda: services.key_generate(actor=request.user, organisation=self.organisation),
            lambda key: (
                _("New signing key for %(org)s: %(fingerprint)s")
                % {"org": self.organisation.name, "fingerprint": key.fingerprint[:16]}
            ),
        )
        return redirect("signing_keys")

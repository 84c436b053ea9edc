"""Wires the signing-key screens into the back office; the menu item shows only to those who manage keys."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from digigov.signing import views
from digigov.signing.permissions import can_open_key_screen


@hooks.register("register_admin_urls")
def urls():
    return [
        path("signing/keys/", views.KeyListView.as_view(), name="signing_keys"),
        path("signing/keys/<int:org_id>/generate/", views.KeyGenerateView.as_view(), name="signing_key_generate"),
    ]


class KeyManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_open_key_screen(request.user)


@hooks.register("register_admin_menu_item")
def signing_menu():
    return KeyManagerMenuItem(_("Signing keys"), reverse("signing_keys"), icon_name="key", order=880)

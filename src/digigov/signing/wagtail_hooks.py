"""Wires the signing-key and electronic-seal screens into the back office; each menu item shows only to those who
may use it."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from digigov.core.staff_pages import StaffMenuItem
from digigov.signing import seal_views, views
from digigov.signing.permissions import can_open_key_screen


@hooks.register("register_admin_urls")
def urls():
    return [
        path("signing/keys/", views.KeyListView.as_view(), name="signing_keys"),
        path("signing/keys/<int:org_id>/generate/", views.KeyGenerateView.as_view(), name="signing_key_generate"),
        path("signing/seals/", seal_views.SealListView.as_view(), name="signing_seals"),
        path("signing/seals/new/", seal_views.SealMakeRequestView.as_view(), name="signing_seal_make"),
        path("signing/seals/requests/", seal_views.SealRequestListView.as_view(), name="signing_seal_requests"),
        path("signing/seals/requests/<int:pk>/", seal_views.SealRequestView.as_view(), name="signing_seal_request"),
        path("signing/seals/<int:pk>/", seal_views.SealDetailView.as_view(), name="signing_seal"),
        path("signing/seals/<int:pk>/image.png", seal_views.SealImageView.as_view(), name="signing_seal_image"),
        path(
            "signing/seals/<int:pk>/request/<str:action>/",
            seal_views.SealChangeRequestView.as_view(),
            name="signing_seal_change",
        ),
    ]


class KeyManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_open_key_screen(request.user)


@hooks.register("register_admin_menu_item")
def signing_menu():
    return KeyManagerMenuItem(_("Signing keys"), reverse("signing_keys"), icon_name="key", order=880)


@hooks.register("register_admin_menu_item")
def seals_menu():
    return StaffMenuItem(_("Electronic seals"), reverse("signing_seals"), icon_name="doc-full", order=870)

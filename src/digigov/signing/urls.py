"""Public pages of the electronic seals (R7.1), no sign-in: certificates and the revocation list."""

from django.urls import path

from digigov.signing import seal_views

urlpatterns = [
    path("revoked/", seal_views.revoked_page, name="signing_seals_revoked"),
    path("revoked.json", seal_views.revoked_json, name="signing_seals_revoked_json"),
    path("maker.pem", seal_views.public_maker_certificate, name="signing_seal_maker_certificate"),
    path("<str:code>/certificate.pem", seal_views.public_certificate, name="signing_seal_certificate"),
]

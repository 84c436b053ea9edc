"""Public licence verification (issue #12 item 5), mounted at `/zwfw/licences/` by urls.py."""

from django.urls import path

from digigov.licenses import verify_views

urlpatterns = [
    path("verify/", verify_views.verify, name="licenses_verify"),
    path("v/", verify_views.verify_qr, name="licenses_verify_qr"),
    path("seals/<str:code>.pem", verify_views.seal_certificate, name="licenses_seal_certificate"),
]

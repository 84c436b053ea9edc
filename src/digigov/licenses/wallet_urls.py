"""The wallet's public addresses (卡包, R4.8), included by `urls.py` under `/zwfw/wallet/` with the page frame
(`{"chrome": websites.api.chrome_for}`)."""

from django.urls import path

from digigov.licenses import wallet_views

urlpatterns = [
    path("", wallet_views.wallet_list, name="licenses_wallet"),
    path("add/", wallet_views.licence_add, name="licenses_wallet_add"),
    path("<int:pk>/", wallet_views.licence_detail, name="licenses_wallet_licence"),
    path("<int:pk>/show/", wallet_views.licence_show, name="licenses_wallet_show"),
    path("<int:pk>/download/<str:fmt>", wallet_views.licence_download, name="licenses_wallet_download"),
    path("authorisations/<int:pk>/", wallet_views.authorisation_detail, name="licenses_wallet_authorisation"),
    path(
        "authorisations/<int:pk>/withdraw/",
        wallet_views.authorisation_withdraw,
        name="licenses_wallet_authorisation_withdraw",
    ),
]

"""The hotline's public addresses (12345 网上诉求, R5.1), included by `urls.py` under `/hotline/` with the page frame
(`{"chrome": websites.api.chrome_for}`)."""

from django.urls import path

from digigov.hotline import public_views

urlpatterns = [
    path("", public_views.home, name="hotline_public"),
    path("new/", public_views.new, name="hotline_public_new"),
    path("received/<str:number>/", public_views.receipt, name="hotline_public_receipt"),
    path("track/", public_views.track, name="hotline_public_track"),
    path("track/<str:number>/", public_views.ticket_page, name="hotline_public_ticket"),
    path("mine/", public_views.mine, name="hotline_public_mine"),
]

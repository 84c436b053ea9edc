"""The public online service hall (网上办事大厅) under `/zwfw/` of every site (ADR 0003 §7)."""

from django.urls import path

from digigov.eservices import hall_rating_views, hall_views

urlpatterns = [
    path("", hall_views.index, name="eservices_hall"),
    path("items/", hall_views.item_list, name="eservices_hall_items"),
    path("items/<str:code>/", hall_views.item_guide, name="eservices_hall_item"),
    path("ratings/", hall_rating_views.stats, name="eservices_hall_ratings"),
    path("items/<str:code>/diagram.svg", hall_views.item_diagram, name="eservices_hall_diagram"),
]

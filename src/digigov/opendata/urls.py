from django.urls import path

from digigov.opendata import views

urlpatterns = [
    path("", views.index, name="opendata_index"),
    path("<int:pk>/", views.dataset, name="opendata_dataset"),
    path("<int:pk>/data.<str:fmt>", views.download, name="opendata_download"),
]

"""The hall's consultation and appointment pages, included under `/zwfw/` (R4.7)."""

from django.urls import path

from digigov.eservices import hall_appointment_views, hall_consultation_views

urlpatterns = [
    path("items/<str:code>/ask/", hall_consultation_views.ask, name="eservices_hall_ask"),
    path("items/<str:code>/book/", hall_appointment_views.book, name="eservices_hall_book"),
    path("consultations/", hall_consultation_views.my_consultations, name="eservices_hall_consultations"),
    path("appointments/", hall_appointment_views.my_appointments, name="eservices_hall_appointments"),
    path("appointments/<str:number>/cancel/", hall_appointment_views.cancel, name="eservices_hall_cancel"),
]

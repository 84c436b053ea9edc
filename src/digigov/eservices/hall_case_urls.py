"""The online service hall's applicant pages, included under `/zwfw/` (see `hall_case_views`)."""

from django.urls import path

from digigov.eservices import delivery_views, hall_case_views, hall_consent_views, payment_views

urlpatterns = [
    path("items/<str:code>/apply/", hall_case_views.apply, name="eservices_hall_apply"),
    path("cases/", hall_case_views.my_cases, name="eservices_hall_cases"),
    path("cases/<str:number>/", hall_case_views.case_detail, name="eservices_hall_case"),
    path("cases/<str:number>/receipt.pdf", hall_case_views.receipt, name="eservices_hall_receipt"),
    path("consents/<int:pk>/", hall_consent_views.consent_answer, name="eservices_hall_consent"),
    path("progress/", hall_case_views.progress, name="eservices_hall_progress"),
    path("cases/<str:number>/pay/", payment_views.pay, name="eservices_hall_pay"),
    path("cases/<str:number>/delivery/", delivery_views.choose, name="eservices_hall_delivery"),
    path("paysim/<str:ref>/", payment_views.simulator, name="eservices_paysim"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from digigov.identity import views

app_name = "identity"
urlpatterns = [
    path("register/", views.citizen_register, name="register"),
    path("register/legal-person/", views.legal_person_register, name="register_legal_person"),
    path("", views.account, name="account"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="identity:login"), name="logout"),
]

"""Public account pages: sign-up of citizens and legal persons, sign-in, sign-out (R0.2)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from digigov.core.errors import DomainError
from digigov.identity import selectors, services
from digigov.identity.choices import AccountKind
from digigov.identity.forms import CitizenRegistrationForm, LegalPersonRegistrationForm, PublicLoginForm

BACKEND = "digigov.identity.backends.LockoutModelBackend"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("identity:account")


def _register(request, form_class, service, title):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = service(**form.service_kwargs())
        except DomainError as exc:
            form.add_service_errors(exc)
        else:
            login(request, profile.user, backend=BACKEND)
            messages.success(request, _("Your account has been created and you are signed in."))
            return redirect(_next_url(request))
    context = {"form": form, "title": title, "next": request.GET.get("next", "")}
    return render(request, "identity/register.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def citizen_register(request):
    return _register(request, CitizenRegistrationForm, services.citizen_register, _("Register as a citizen"))


@require_http_methods(["GET", "POST"])
def legal_person_register(request):
    return _register(
        request, LegalPersonRegistrationForm, services.legal_person_register, _("Register as a legal person")
    )


@login_required(login_url="identity:login")
def account(request):
    kind = selectors.account_kind(request.user)
    context = {
        "title": _("My account"),
        "kind": AccountKind(kind).label,
        "citizen": selectors.citizen_profile_of(request.user) if kind == AccountKind.CITIZEN else None,
        "legal_person": selectors.legal_person_profile_of(request.user) if kind == AccountKind.LEGAL_PERSON else None,
    }
    return render(request, "identity/account.html", context)


class LoginView(auth_views.LoginView):
    template_name = "identity/login.html"
    authentication_form = PublicLoginForm
    extra_context = {"title": _("Sign in")}

    def get_default_redirect_url(self):
        return reverse("identity:account")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Single sign-on: name the system that sent the person here (an OIDC authorization request in `next`).
        context["asking"] = selectors.oidc_client_name(self.request.POST.get("next") or self.request.GET.get("next"))
        return context

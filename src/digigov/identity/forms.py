"""Sign-in and sign-up forms. They only collect input; identity.services decides."""

import datetime as dt
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.account import LocalePreferencesForm
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.forms.auth import PasswordChangeForm
from wagtail.admin.localization import get_available_admin_time_zones

from digigov.core.errors import DomainError
from digigov.core.permissions import acting_organisation
from digigov.identity import selectors, services
from digigov.identity.permissions import (
    MANAGEABLE_ROLES,
    manageable_accounts,
    managed_organisations,
    registering_organisations,
)


class LockoutMessageMixin:
    """Say the account is locked and until when, instead of "wrong password" (R0.2)."""

    def get_invalid_login_error(self):
        until = selectors.locked_until(self.cleaned_data.get("username") or "")
        if until is None:
            return super().get_invalid_login_error()
        return ValidationError(
            _("This account is locked after too many failed sign-ins; try again after %(time)s."),
            code="locked",
            params={"time": timezone.localtime(until).strftime("%H:%M")},
        )


class AdminLoginForm(LockoutMessageMixin, WagtailLoginForm):
    """The back office's sign-in form (settings.WAGTAILADMIN_USER_LOGIN_FORM)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail leaves this label to pretty_name(), which is never translated.
        self.fields["password"].label = _("Password")


class PublicLoginForm(LockoutMessageMixin, AuthenticationForm):
    """The sign-in form citizens and legal persons see at /accounts/login/."""


class _AccountFields(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150, help_text=_("Letters, digits and @ . + - _ only."))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput,
        help_text=lazy(password_validators_help_text_html, SafeString)(),
    )
    password2 = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords do not match."))
        return data

    def add_service_errors(self, exc: DomainError) -> None:
        """Put the service's field errors on the form's fields (the service calls the password `password`)."""
        if not exc.fields:
            self.add_error(None, str(exc.message))
        for field, messages in exc.fields.items():
            target = "password1" if field == "password" else field
            self.add_error(target if target in self.fields else None, messages)


class CitizenRegistrationForm(_AccountFields):
    real_name = forms.CharField(label=_("Real name"), max_length=50, help_text=_("As on your resident ID card."))
    id_number = forms.CharField(label=_("ID number"), max_length=40, help_text=_("18 characters."))
    phone = forms.CharField(label=_("Mobile number"), max_length=20)

    field_order = ["real_name", "id_number", "phone", "username", "password1", "password2"]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "username": d["username"],
            "password": d["password1"],
            "real_name": d["real_name"],
            "id_number": d["id_number"],
            "phone": d["phone"],
        }


class LegalPersonRegistrationForm(_AccountFields):
    entity_name = forms.CharField(label=_("Entity name"), max_length=200, help_text=_("As on the business licence."))
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=40, help_text=_("18 characters."))
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=50)
    representative_id_number = forms.CharField(label=_("Legal representative's ID number"), max_length=40)
    phone = forms.CharField(label=_("Contact mobile number"), max_length=20)

    field_order = [
        "entity_name",
        "uscc",
        "legal_representative",
        "representative_id_number",
        "phone",
        "username",
        "password1",
        "password2",
    ]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        keys = ["entity_name", "uscc", "legal_representative", "representative_id_number", "phone", "username"]
        return {**{k: d[k] for k in keys}, "password": d["password1"]}


# ---- the back office: a clerk's own account, and an organisation administrator's staff screen ----


class AccountNameForm(forms.ModelForm):
    """Name and (optional) e-mail on the account page. One name field: a Chinese name is not first + last name,
    and demo and imported accounts have no e-mail, so neither blocks a change of password (Wagtail demands both)."""

    first_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)

    class Meta:
        model = get_user_model()
        fields = ["first_name", "email"]

    def save(self, commit=True):
        if not self.has_changed():
            return self.instance
        return services.profile_change(
            user=self.instance, name=self.cleaned_data["first_name"], email=self.cleaned_data["email"]
        )


class AccountPasswordForm(PasswordChangeForm):
    """Wagtail's password panel form; saving goes through identity (audited, ends a temporary password)."""

    def save(self, commit=True):
        services.password_change(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


# The zones of settings.WAGTAIL_USER_TIME_ZONES by the names a Chinese clerk knows them by.
TIME_ZONE_NAMES = {
    "Asia/Shanghai": _("Beijing time"),
    "Asia/Urumqi": _("Urumqi"),
    "Asia/Hong_Kong": _("Hong Kong"),
    "Asia/Macau": _("Macao"),
    "Asia/Taipei": _("Taipei"),
    "Asia/Tokyo": _("Tokyo"),
    "Asia/Seoul": _("Seoul"),
    "Asia/Singapore": _("Singapore"),
    "Europe/Moscow": _("Moscow"),
    "Europe/Berlin": _("Berlin"),
    "Europe/Paris": _("Paris"),
    "Europe/London": _("London"),
    "America/New_York": _("New York"),
    "America/Los_Angeles": _("Los Angeles"),
    "Australia/Sydney": _("Sydney"),
    "UTC": _("Coordinated Universal Time"),
}


def time_zone_label(name: str, now: dt.datetime | None = None) -> str:
    """北京时间（UTC+08:00）: the Chinese name and the offset in force now (summer time included)."""
    offset = (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(name)).strftime("%z")
    return _("%(name)s (UTC%(offset)s)") % {
        "name": TIME_ZONE_NAMES.get(name, name),
        "offset": f"{offset[:3]}:{offset[3:]}",
    }


def time_zone_choices() -> list[tuple[str, str]]:
    server = _("Server time zone (%(zone)s)") % {"zone": TIME_ZONE_NAMES.get(settings.TIME_ZONE, settings.TIME_ZONE)}
    return [("", server)] + [(name, time_zone_label(name)) for name in get_available_admin_time_zones()]


class AccountLocaleForm(LocalePreferencesForm):
    """Wagtail's language and time-zone panel with the zones named in Chinese (issue 8): Wagtail lists every IANA
    name in English, and its script that adds local names stops at Debian's "localtime" entry."""

    current_time_zone = forms.ChoiceField(required=False, choices=time_zone_choices, label=_("Current time zone"))


class MemberAddForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, help_text=_("An existing staff account, or a new one to open.")
    )
    name = forms.CharField(label=_("Name"), max_length=150, required=False, help_text=_("Needed for a new account."))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in MANAGEABLE_ROLES])
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = managed_organisations(actor).order_by("name")


class MembershipRemoveForm(forms.Form):
    """Which role to take back; only roles the actor manages can be chosen (identity.selectors.staff_memberships)."""

    membership = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = selectors.staff_memberships(actor).filter(role__in=MANAGEABLE_ROLES)


class PasswordResetForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = manageable_accounts(actor)


class SystemRegisterForm(forms.Form):
    """A department's administrator registers an application system; the service checks and records it."""

    organisation = forms.ModelChoiceField(label=_("Department"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("System name"), max_length=200)
    purpose = forms.CharField(
        label=_("What the system is for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The business it serves and the data it will read, as applications will state it."),
    )
    contact = forms.CharField(
        label=_("Contact person and telephone"),
        max_length=100,
        help_text=_("Who runs the system, e.g. 李工 027-87654321"),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        choices = registering_organisations(actor)
        self.fields["organisation"].queryset = choices
        own = acting_organisation(actor)
        if own is not None and choices.filter(pk=own.pk).exists():
            self.fields["organisation"].initial = own.pk  # one's department first, not its first unit by name


KEY_OPS = (("issue", _("Issue an API key")), ("rotate", _("Rotate the key")), ("revoke", _("Revoke the key")))


class KeyActionForm(forms.Form):
    op = forms.ChoiceField(choices=KEY_OPS)
    at_once = forms.BooleanField(
        label=_("The key leaked: stop the previous key at once"),
        required=False,
    )

"""Rule parameters: every bold number of REQUIREMENTS.md is a named rule with its source id, read through
`rule()`, changed only by the platform administrator (in the back office or through `rule_set`), and audited.
"""

import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from digigov.core.choices import Role
from digigov.core.errors import PermissionDeniedError
from digigov.core.models import LedgerEntry, RuleValue
from digigov.core.rule_catalogue import WD
from digigov.core.rules import REGISTRY, rule, rule_set
from digigov.core.tests.factories import UserFactory, staff

# The bold numbers of REQUIREMENTS.md, copied as written there, by requirement id.
BOLD_NUMBERS = {
    "R1.3": ["90%"],
    "R1.5": ["10 working days", "15 working days"],
    "R4.1": ["90%", "70%", "200"],
    "R4.3": ["70%", "40%"],
    "R4.4": ["3 working days"],
    "R6.1": ["1.8 亿", "5670 万"],
    "R8.6": ["2 working days", "30%", "31 January"],
}


def _as_defaults(bold: str) -> list[int]:
    """'1.8 亿' -> [180000000]; '31 January' -> [31, 1] (day and month rules); '70%' -> [70]."""
    if match := re.fullmatch(r"([\d.]+) (亿|万)", bold):
        return [round(float(match[1]) * {"亿": 10**8, "万": 10**4}[match[2]])]
    if match := re.fullmatch(r"(\d+) January", bold):
        return [int(match[1]), 1]
    return [int(re.match(r"\d+", bold)[0])]


def back_office_user(role: str):
    user = staff(role)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


# --- the registry ----------------------------------------------------------------------------------------------


def test_every_rule_names_its_source_and_has_a_default_within_its_own_bounds():
    assert len(REGISTRY) >= 19
    for key, registered in REGISTRY.items():
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", key), key
        assert re.fullmatch(r"R\d+\.\d+", registered.source), key
        assert str(registered.label), key
        assert isinstance(registered.default, int | float) or registered.is_text, key
        assert registered.parse(registered.default) == registered.default, key


def test_each_app_registers_its_own_rule_keys_in_its_own_rules_module():
    """A rule key is named after its app and declared in that app's rules.py (core's in rule_catalogue.py)."""
    for app in apps.get_app_configs():
        keys = [key for key in REGISTRY if key.split(".")[0] == app.label]
        if not keys:
            continue
        module = Path(app.path) / ("rule_catalogue.py" if app.label == "core" else "rules.py")
        source = module.read_text()
        assert [key for key in keys if f'"{key}"' not in source] == [], module
    core_source = (Path(apps.get_app_config("core").path) / "rule_catalogue.py").read_text()
    assert not re.search(r'"(catalog|exchange|identity)\.', core_source)


@pytest.mark.parametrize(("source", "bold"), [(s, b) for s, numbers in BOLD_NUMBERS.items() for b in numbers])
def test_every_bold_number_of_the_requirements_is_a_rule(source, bold):
    rules_of_source = [r for r in REGISTRY.values() if r.source == source]
    for default in _as_defaults(bold):
        matching = [r for r in rules_of_source if r.default == default]
        assert matching, f"{source} {bold}: no rule with default {default}"
        if "working days" in bold:
            assert any(r.unit == WD for r in matching), f"{source} {bold}: unit should be working days"


@pytest.mark.django_db
def test_rule_returns_the_default_until_someone_changes_it():
    for key, registered in REGISTRY.items():
        assert rule(key) == registered.default
    assert rule("exchange.conditional_reply_days") == 10
    assert rule("websites.error_report_reply_days") == 2


# --- changing a rule -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_platform_administrator_changes_a_rule_and_the_ledger_keeps_before_and_after():
    admin = staff(Role.PLATFORM_ADMIN)

    rule_set(actor=admin, key="exchange.conditional_reply_days", value="12")

    assert rule("exchange.conditional_reply_days") == 12
    assert RuleValue.objects.get(key="exchange.conditional_reply_days").updated_by == admin
    entry = LedgerEntry.objects.get(action="core.rule.changed")
    assert (entry.actor_id, entry.object_type, entry.object_id) == (
        admin.pk,
        "core.rule",
        "exchange.conditional_reply_days",
    )
    assert json.loads(entry.summary) == {"before": {"value": 10}, "after": {"value": 12}}
    assert entry.organisation_id is not None


@pytest.mark.django_db
def test_a_superuser_may_change_a_rule_too():
    rule_set(actor=UserFactory(is_superuser=True), key="catalog.mount_rate_target", value=95)
    assert rule("catalog.mount_rate_target") == 95


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.HANDLER, Role.ORG_ADMIN, Role.LEADER])
def test_nobody_else_may_change_a_rule(role):
    with pytest.raises(PermissionDeniedError):
        rule_set(actor=staff(role), key="exchange.conditional_reply_days", value=1)
    assert rule("exchange.conditional_reply_days") == 10
    assert not LedgerEntry.objects.filter(action="core.rule.changed").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "value", "code", "shown"),
    [
        ("identity.lockout_attempts", "0", "min_value", "1"),
        ("core.ledger_retention_months", 5, "min_value", "6"),
        ("catalog.mount_rate_target", "101", "max_value", "100"),
        ("websites.annual_report_due_month", 13, "max_value", "12"),
        ("exchange.conditional_reply_days", "ten", "invalid", ""),
        ("exchange.conditional_reply_days", "2.5", "invalid", ""),
        ("exchange.conditional_reply_days", 2.5, "invalid", ""),  # never silently cut to 2
        ("exchange.conditional_reply_days", "", "invalid", ""),
        ("exchange.conditional_reply_days", True, "invalid", ""),
    ],
)
def test_a_value_that_does_not_fit_is_refused_with_a_precise_message(key, value, code, shown):
    admin = staff(Role.PLATFORM_ADMIN)
    with pytest.raises(ValidationError) as caught:
        rule_set(actor=admin, key=key, value=value)
    assert caught.value.code == code
    assert shown in caught.value.messages[0]
    assert rule(key) == REGISTRY[key].default
    assert not LedgerEntry.objects.filter(action="core.rule.changed").exists()


def test_whole_numbers_written_with_spaces_or_as_floats_are_accepted():
    reply_days = REGISTRY["exchange.conditional_reply_days"]
    assert reply_days.parse(" 12 ") == 12
    assert reply_days.parse(12.0) == 12


# --- the back-office screen ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_rules_screen_lists_every_rule_for_the_platform_administrator(client):
    client.force_login(back_office_user(Role.PLATFORM_ADMIN))
    response = client.get(reverse("core_rules"))
    assert response.status_code == 200
    page = response.content.decode()
    for key, registered in REGISTRY.items():
        assert key in page
        assert registered.source in page


@pytest.mark.django_db
def test_the_rules_screen_is_closed_to_a_handler_and_to_visitors(client):
    assert client.get(reverse("core_rules")).status_code == 302  # to the sign-in page
    client.force_login(back_office_user(Role.HANDLER))
    refused = client.get(reverse("core_rules"))
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's answer to PermissionDenied
    response = client.post(reverse("core_rules"), {"key": "exchange.conditional_reply_days", "value": "1"})
    assert (response.status_code, response.url) == (302, "/admin/")
    assert rule("exchange.conditional_reply_days") == 10


@pytest.mark.django_db
def test_saving_a_rule_on_the_screen_changes_it_and_shows_the_new_value(client, django_capture_on_commit_callbacks):
    client.force_login(back_office_user(Role.PLATFORM_ADMIN))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core_rules"), {"key": "websites.error_report_reply_days", "value": "3"})
    assert response.status_code == 302
    assert rule("websites.error_report_reply_days") == 3
    assert LedgerEntry.objects.filter(action="core.rule.changed", object_id="websites.error_report_reply_days").exists()
    page = client.get(reverse("core_rules")).content.decode()
    assert 'name="key" value="websites.error_report_reply_days"' in page
    row = page.split('value="websites.error_report_reply_days"', 1)[1]
    assert 'name="value" value="3"' in row.split("</form>", 1)[0]


@pytest.mark.django_db
def test_a_wrong_value_on_the_screen_is_refused_with_the_reason(client):
    client.force_login(back_office_user(Role.PLATFORM_ADMIN))
    response = client.post(reverse("core_rules"), {"key": "identity.lockout_attempts", "value": "0"})
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(shown) == 1 and "1" in shown[0]
    assert rule("identity.lockout_attempts") == 5
    unknown = client.post(reverse("core_rules"), {"key": "no.such_rule", "value": "1"})
    assert (unknown.status_code, unknown.url) == (302, "/admin/")  # Wagtail's answer to PermissionDenied
    assert not RuleValue.objects.exists()

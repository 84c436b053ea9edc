"""The account page a Chinese clerk expects (issue 8 B3, B4): time zones by their Chinese names and only the ones
a provincial clerk may need, and a forced password change that still loads what the page needs."""

import re

import pytest
from django.contrib.auth.models import Permission
from wagtail.users.models import UserProfile

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.identity import services
from digigov.identity.tests.test_staff import account_form_data

pytestmark = pytest.mark.django_db


def admitted(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def zone_options(page: str) -> dict[str, str]:
    select = re.search(r'<select name="locale-current_time_zone"[^>]*>(.*?)</select>', page, re.S)
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select[1]))


def test_time_zones_are_named_in_chinese_and_limited_to_the_useful_ones(client, settings):
    clerk = admitted(staff(Role.HANDLER))
    client.force_login(clerk)
    page = client.get("/admin/account/").content.decode()
    options = zone_options(page)
    # Asia/Shanghai and Asia/Tokyo keep no summer time: their offsets are fixed (+08:00, +09:00).
    assert options[""] == "服务器时区（北京时间）"
    assert options["Asia/Shanghai"] == "北京时间（UTC+08:00）"
    assert options["Asia/Tokyo"] == "东京（UTC+09:00）"
    assert options["Asia/Urumqi"] == "乌鲁木齐（UTC+06:00）"
    assert len(options) == len(settings.WAGTAIL_USER_TIME_ZONES) + 1 and len(options) < 20
    assert not [label for label in options.values() if re.search(r"[A-Za-z]{4,}", label)], "no English names"
    assert "localtime" not in page and "w-locale" not in page, "Wagtail's script (it stopped at 'localtime') is off"

    data = account_form_data(page) | {"locale-current_time_zone": "Asia/Tokyo"}
    client.post("/admin/account/", data, follow=True)
    assert UserProfile.get_for_user(clerk).current_time_zone == "Asia/Tokyo"


def test_a_forced_password_change_still_serves_the_icons_and_script_translations_the_page_loads(client):
    """Redirected to the account page too, they left it without its sidebar: its 200-px placeholder covered a
    390-px screen (the browser test in test_browser_staff shows it)."""
    organisation = OrganisationFactory()
    manager = admitted(staff(Role.ORG_ADMIN, organisation))
    clerk = admitted(staff(Role.HANDLER, organisation, username="gov.clerk"))
    temporary = services.password_reset(actor=manager, user=clerk)
    signed_in = client.post("/admin/login/", {"username": "gov.clerk", "password": temporary}, follow=True)
    assert signed_in.redirect_chain[-1][0] == "/admin/account/"
    assert client.get("/admin/jsi18n/")["Content-Type"].startswith("text/javascript")
    sprite = client.get(re.search(r'data-icon-url="([^"]+)"', signed_in.content.decode())[1])
    assert sprite.status_code == 200 and b"<svg" in sprite.content
    assert client.get("/admin/").headers["Location"] == "/admin/account/", "everything else still waits"

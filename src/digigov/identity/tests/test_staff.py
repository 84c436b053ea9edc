"""An organisation administrator manages the staff and roles of their organisation and its units, and no other;
resets a forgotten password (no e-mail), and the member must choose their own at the next sign-in (R0.2, R0.5)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import translation

from digigov.core.choices import OrganisationKind, Role
from digigov.core.errors import DomainError, PermissionDeniedError
from digigov.core.models import LedgerEntry, Membership
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.identity import services
from digigov.identity.models import TemporaryPassword

pytestmark = pytest.mark.django_db
STAFF_URL = "/admin/identity/staff/"
OLD = "Test@Pass2026"


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the back office with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.headers["Location"] == "/admin/")


def admitted(user):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


@pytest.fixture
def world():
    class World:
        pass

    w = World()
    w.gov = OrganisationFactory(name="省政府办公厅")
    w.unit = OrganisationFactory(name="办公厅信息处", kind=OrganisationKind.INTERNAL_UNIT, uscc=None, parent=w.gov)
    w.psb = OrganisationFactory(name="省公安厅")
    w.gov_admin = admitted(staff(Role.ORG_ADMIN, w.gov, username="gov.admin", first_name="王建国"))
    w.psb_admin = admitted(staff(Role.ORG_ADMIN, w.psb, username="psb.admin", first_name="李卫东"))
    w.clerk = admitted(staff(Role.HANDLER, w.unit, username="gov.clerk", first_name="陈晓"))
    w.police = admitted(staff(Role.HANDLER, w.psb, username="psb.handler", first_name="张敏"))
    return w


def test_the_administrator_sees_their_organisation_and_its_units_and_no_other(client, world):
    client.force_login(world.gov_admin)
    page = client.get(STAFF_URL).content.decode()
    assert "人员与角色" in page and "陈晓" in page and "办公厅信息处" in page and "王建国" in page
    assert "张敏" not in page and "psb.handler" not in page and "省公安厅" not in page


def test_a_handler_cannot_open_the_staff_screen(client, world):
    client.force_login(world.clerk)
    assert refused(client.get(STAFF_URL))
    assert "人员与角色" not in client.get("/admin/").content.decode()


def test_another_organisations_administrator_can_neither_remove_a_role_nor_reset_a_password(client, world):
    role = Membership.objects.get(user=world.clerk)
    client.force_login(world.psb_admin)
    assert refused(client.post(STAFF_URL, {"action": "remove", "membership": role.pk}))
    assert refused(client.post(STAFF_URL, {"action": "reset", "user": world.clerk.pk}))
    assert Membership.objects.filter(pk=role.pk).exists()
    world.clerk.refresh_from_db()
    assert world.clerk.check_password(OLD) and not TemporaryPassword.objects.exists()
    with pytest.raises(PermissionDeniedError):
        services.password_reset(actor=world.psb_admin, user=world.clerk)
    with pytest.raises(PermissionDeniedError):
        services.membership_add(
            actor=world.psb_admin, username="x.new", name="某人", organisation=world.gov, role=Role.HANDLER
        )
    assert not LedgerEntry.objects.filter(action__startswith="identity.").exists()


def test_the_add_form_offers_only_own_organisations_and_refuses_another(client, world):
    client.force_login(world.psb_admin)
    page = client.get(STAFF_URL).content.decode()
    assert "省公安厅" in page and "省政府办公厅" not in page
    add = {"action": "add", "username": "x.new", "name": "某人", "organisation": world.gov.pk, "role": "handler"}
    response = client.post(STAFF_URL, add)
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    assert not get_user_model().objects.filter(username="x.new").exists()


def test_an_administrator_cannot_reset_a_member_who_also_holds_a_role_elsewhere(world):
    Membership.objects.create(user=world.clerk, organisation=world.psb, role=Role.REVIEWER)
    with pytest.raises(PermissionDeniedError):
        services.password_reset(actor=world.gov_admin, user=world.clerk)
    platform = staff(Role.PLATFORM_ADMIN, world.gov)
    with pytest.raises(PermissionDeniedError):
        services.password_reset(actor=world.gov_admin, user=platform)


def test_a_new_member_gets_a_temporary_password_shown_once_and_must_change_it(client, world):
    client.force_login(world.gov_admin)
    response = client.post(
        STAFF_URL,
        {"action": "add", "username": "gov.new", "name": "刘洋", "organisation": world.unit.pk, "role": "reviewer"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    password = re.search(r'data-testid="temporary-password">.*?<strong[^>]*>([^<]+)</strong>', page, re.S).group(1)
    member = get_user_model().objects.get(username="gov.new")
    assert member.first_name == "刘洋" and member.check_password(password)
    assert Membership.objects.get(user=member).role == Role.REVIEWER
    entry = LedgerEntry.objects.get(action="identity.membership.added")
    assert entry.actor_name == "gov.admin" and password not in entry.summary
    assert password not in client.get(STAFF_URL).content.decode()  # shown on that one answer only

    # The member signs in at the back office and is kept on the account page until they choose their own password.
    client.logout()
    signed_in = client.post("/admin/login/", {"username": "gov.new", "password": password}, follow=True)
    assert signed_in.redirect_chain[-1][0] == "/admin/account/"
    assert "管理员已重置您的密码" in signed_in.content.decode()
    assert client.get("/admin/exchange/applications/").headers["Location"] == "/admin/account/"
    api = client.get("/api/v1/catalog/resources")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    change_password(client, old=password, new="Ny7#qpLw2!zc")
    assert client.get("/admin/").status_code == 200
    member.refresh_from_db()
    assert member.check_password("Ny7#qpLw2!zc") and not TemporaryPassword.objects.exists()
    assert LedgerEntry.objects.filter(action="identity.password.changed", actor_name="gov.new").exists()


def test_a_reset_password_replaces_the_old_one_lifts_a_lock_and_is_audited(client, world):
    for _attempt in range(5):
        services.signin_failed(username="gov.clerk")
    client.force_login(world.gov_admin)
    page = client.post(STAFF_URL, {"action": "reset", "user": world.clerk.pk}).content.decode()
    password = re.search(r"<strong[^>]*>([^<]+)</strong>", page.split('data-testid="temporary-password"')[1]).group(1)
    world.clerk.refresh_from_db()
    assert not world.clerk.check_password(OLD) and world.clerk.check_password(password)
    entry = LedgerEntry.objects.get(action="identity.password.reset")
    assert entry.actor_name == "gov.admin" and entry.object_id == str(world.clerk.pk) and password not in entry.summary
    client.logout()
    signed_in = client.post("/admin/login/", {"username": "gov.clerk", "password": password}, follow=True)
    assert signed_in.redirect_chain[-1][0] == "/admin/account/"


def test_roles_are_given_to_existing_staff_and_taken_back(client, world):
    client.force_login(world.gov_admin)
    response = client.post(
        STAFF_URL,
        {"action": "add", "username": "gov.clerk", "organisation": world.gov.pk, "role": "leader", "title": "副主任"},
        follow=True,
    )
    assert "已授予角色" in response.content.decode()
    leader = Membership.objects.get(user=world.clerk, role=Role.LEADER)
    assert leader.organisation == world.gov and leader.title == "副主任"
    response = client.post(STAFF_URL, {"action": "remove", "membership": leader.pk}, follow=True)
    assert "已撤销角色：陈晓，领导" in response.content.decode()
    assert not Membership.objects.filter(pk=leader.pk).exists()
    assert list(LedgerEntry.objects.filter(action__startswith="identity.membership").values_list("action", flat=True))
    assert LedgerEntry.objects.filter(action="identity.membership.removed").count() == 1


def test_bad_input_is_named_on_its_field(client, world):
    citizen = services.citizen_register(
        username="zhang.san", password="Qz7#kdMw9!rT", real_name="张三", id_number=_id(), phone="13812345678"
    )
    with translation.override("zh-hans"):
        with pytest.raises(DomainError) as exc:
            services.membership_add(
                actor=world.gov_admin, username=citizen.user.username, name="", organisation=world.gov, role="handler"
            )
        assert "自然人或法人的账号" in exc.value.fields["username"][0]
        with pytest.raises(DomainError) as exc:
            services.membership_add(
                actor=world.gov_admin, username="brand.new", name="", organisation=world.gov, role="platform_admin"
            )
        assert set(exc.value.fields) == {"role", "name"}
    client.force_login(world.gov_admin)
    response = client.post(
        STAFF_URL, {"action": "add", "username": "gov.clerk", "organisation": world.unit.pk, "role": "handler"}
    )
    assert response.status_code == 400 and "此人在该单位已有这一角色" in response.content.decode()


def test_an_administrator_cannot_remove_their_own_administrator_role(client, world):
    own = Membership.objects.get(user=world.gov_admin)
    with pytest.raises(DomainError):
        services.membership_remove(actor=world.gov_admin, membership=own)
    client.force_login(world.gov_admin)
    page = client.post(STAFF_URL, {"action": "remove", "membership": own.pk}, follow=True).content.decode()
    assert "不能撤销您自己的管理员角色" in page and Membership.objects.filter(pk=own.pk).exists()


def _id() -> str:
    from digigov.identity.tests.factories import id_number

    return id_number()


def change_password(client, *, old: str, new: str):
    """Submit the account page as a browser would: every field it shows, with the password panel filled in."""
    page = client.get("/admin/account/").content.decode()
    data = account_form_data(page)
    data.update({"password-old_password": old, "password-new_password1": new, "password-new_password2": new})
    response = client.post("/admin/account/", data, follow=True)
    assert response.redirect_chain and response.redirect_chain[-1][0] == "/admin/account/", response.content.decode()
    return response


def account_form_data(page: str) -> dict:
    data = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("file", "submit")):
            continue
        if kind and kind.group(1) in ("radio", "checkbox") and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = selected.group(1) if selected else ""
    return data


def test_a_clerk_without_surname_or_email_changes_their_password_on_the_account_page(client, world):
    assert world.clerk.last_name == "" and world.clerk.email == ""
    client.force_login(world.clerk)
    page = client.get("/admin/account/").content.decode()
    assert "姓名和电子邮箱" in page and "电子邮箱（选填）" in page
    response = change_password(client, old=OLD, new="Kx8%mTq3vR!a")
    assert "您的帐号设置已经修改成功" in response.content.decode()
    world.clerk.refresh_from_db()
    assert world.clerk.check_password("Kx8%mTq3vR!a") and world.clerk.first_name == "陈晓"
    assert LedgerEntry.objects.filter(action="identity.password.changed", actor_name="gov.clerk").count() == 1
    assert not LedgerEntry.objects.filter(action="identity.profile.changed").exists()  # the name was left alone


def test_a_weak_new_password_is_refused_with_the_reason(client, world):
    client.force_login(world.clerk)
    data = account_form_data(client.get("/admin/account/").content.decode())
    data.update({"password-old_password": OLD, "password-new_password1": "abc", "password-new_password2": "abc"})
    page = client.post("/admin/account/", data).content.decode()
    assert "密码太短" in page or "至少包含" in page
    world.clerk.refresh_from_db()
    assert world.clerk.check_password(OLD)


def test_a_name_change_is_audited(client, world):
    client.force_login(world.clerk)
    data = account_form_data(client.get("/admin/account/").content.decode())
    data.update({"name_email-first_name": "陈晓明", "name_email-email": ""})
    client.post("/admin/account/", data, follow=True)
    world.clerk.refresh_from_db()
    assert world.clerk.first_name == "陈晓明"
    entry = LedgerEntry.objects.get(action="identity.profile.changed")
    assert "陈晓明" in entry.summary


def test_a_platform_administrators_role_is_listed_but_not_removable_by_the_organisation(client, world):
    platform = staff(Role.PLATFORM_ADMIN, world.gov, username="admin", first_name="平台管理员")
    role = Membership.objects.get(user=platform)
    client.force_login(world.gov_admin)
    page = client.get(STAFF_URL).content.decode()
    assert "平台管理员" in page and f'name="membership" value="{role.pk}"' not in page
    assert f'name="user" value="{platform.pk}"' not in page
    assert refused(client.post(STAFF_URL, {"action": "remove", "membership": role.pk}))
    assert Membership.objects.filter(pk=role.pk).exists()

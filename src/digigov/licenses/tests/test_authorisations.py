"""授权用证 (R6.2): the holder authorises one use; a department's staff at the counter or its system redeems the
code once; withdrawn, used and expired codes are refused in Chinese; each use is recorded for the holder."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from digigov.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.rules import rule_set
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data, id_number
from digigov.licenses.choices import LicenceStatus, TrustGrade, UseKind
from digigov.licenses.models import LicenceUse, UseAuthorisation
from digigov.licenses.services import authorisations
from digigov.licenses.tests.factories_wallet import licence

pytestmark = pytest.mark.django_db
API = "/api/v1/licenses/wallet"


def citizen(**overrides):
    data = citizen_data(**overrides)
    return identity.citizen_register(**data).user, data["id_number"]


def clerk(organisation=None):
    user = staff(organisation=organisation or OrganisationFactory(name="武汉市不动产登记中心"))
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def granted(user, held, days=3, **fields):
    values = {"purpose": "办理不动产抵押登记", "recipient": "武汉市不动产登记中心"} | fields
    return authorisations.authorisation_grant(
        actor=user, licence=held, valid_until=timezone.now() + dt.timedelta(days=days), **values
    )


def test_the_holder_authorises_on_the_page_and_a_counter_redeems_the_code_once(client):
    user, code = citizen(real_name="王芳")
    held = licence(holder_code=code, holder_name="王芳")
    client.force_login(user)
    day = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(
        f"/zwfw/wallet/{held.pk}/",
        {"recipient": "武汉市不动产登记中心", "purpose": "办理不动产抵押登记", "valid_until": day.isoformat()},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    shown = re.search(r'data-testid="auth-code">([0-9A-Z ]+)<', page).group(1)
    authorisation = UseAuthorisation.objects.get()
    assert shown.replace(" ", "") == authorisation.token and len(authorisation.token) == 10
    assert "data:image/svg+xml" in page and "待使用" in page
    assert timezone.localtime(authorisation.valid_until).date() == day

    counter = clerk()
    client.force_login(counter)
    assert client.get("/admin/licenses/check/").status_code == 200
    response = client.post("/admin/licenses/check/", {"code": shown.lower()})  # as typed, with spaces
    assert response.status_code == 302
    use = LicenceUse.objects.get()
    assert (use.kind, use.authorisation, use.user) == (UseKind.AUTHORISED, authorisation, counter)
    assert use.organisation.name == "武汉市不动产登记中心" and use.purpose == "办理不动产抵押登记"
    data = client.get(response["Location"]).content.decode()
    assert held.number in data and held.identifier in data and "王芳" in data
    assert "下载加注本次用途水印的复印件" in data  # grade A: a watermarked copy for this use
    assert LedgerEntry.objects.filter(action="licenses.authorisation.redeemed").count() == 1
    assert LedgerEntry.objects.filter(action="licenses.use.viewed").count() == 1

    again = client.post("/admin/licenses/check/", {"code": shown})
    assert "该授权码已使用，只能使用一次。" in again.content.decode()
    assert LicenceUse.objects.count() == 1

    client.force_login(user)  # the holder sees who used it, for what
    page = client.get(f"/zwfw/wallet/{held.pk}/").content.decode()
    assert "授权用证" in page and "武汉市不动产登记中心" in page and "已使用" in page


def test_withdrawn_and_expired_codes_are_refused_and_used_ones_cannot_be_withdrawn():
    user, code = citizen()
    held = licence(holder_code=code)
    counter = clerk()
    withdrawn = granted(user, held)
    authorisations.authorisation_withdraw(actor=user, authorisation=withdrawn)
    with pytest.raises(ConflictError, match="持证人已撤回该授权"):
        authorisations.authorisation_redeem(actor=counter, code=withdrawn.token)
    expiring = granted(user, held, days=1)
    later = timezone.now() + dt.timedelta(days=2)
    with pytest.raises(ConflictError, match="该授权已过期"):
        authorisations.authorisation_redeem(actor=counter, code=expiring.token, now=later)
    used = granted(user, held)
    authorisations.authorisation_redeem(actor=counter, code=used.token)
    with pytest.raises(ConflictError, match="该授权已使用，不能撤回"):
        authorisations.authorisation_withdraw(actor=user, authorisation=used)
    with pytest.raises(NotFoundError, match="没有与该授权码对应的授权"):
        authorisations.authorisation_redeem(actor=counter, code="ZZZZZZZZZZ")
    assert LicenceUse.objects.count() == 1


def test_the_period_is_limited_by_the_rule_and_the_licence_must_be_valid():
    user, code = citizen()
    held = licence(holder_code=code)
    with pytest.raises(DomainError) as refused:
        granted(user, held, days=31)
    assert "授权期限最长为 30 天" in str(refused.value.fields["valid_until"][0])
    rule_set(actor=UserFactory(is_superuser=True), key="licenses.authorisation_max_days", value=60)
    assert granted(user, held, days=31).pk
    with pytest.raises(DomainError) as refused:
        granted(user, held, purpose="", recipient="")
    assert set(refused.value.fields) == {"purpose", "recipient"}
    revoked = licence(holder_code=code, status=LicenceStatus.REVOKED)
    with pytest.raises(ConflictError, match="已吊销"):
        granted(user, revoked)
    authorisation = granted(user, held)
    held.status = LicenceStatus.CANCELLED  # revoked after the holder authorised: the counter is told
    held.save()
    with pytest.raises(ConflictError, match="已注销"):
        authorisations.authorisation_redeem(actor=clerk(), code=authorisation.token)


def test_another_holder_cannot_authorise_or_withdraw_and_a_citizen_cannot_redeem(client):
    user, code = citizen()
    stranger, _code = citizen()
    held = licence(holder_code=code)
    with pytest.raises(NotFoundError):
        granted(stranger, held)
    authorisation = granted(user, held)
    with pytest.raises(NotFoundError):
        authorisations.authorisation_withdraw(actor=stranger, authorisation=authorisation)
    with pytest.raises(PermissionDeniedError):
        authorisations.authorisation_redeem(actor=stranger, code=authorisation.token)
    client.force_login(stranger)
    assert client.get(f"/zwfw/wallet/authorisations/{authorisation.pk}/").status_code == 404
    assert client.post(f"/zwfw/wallet/authorisations/{authorisation.pk}/withdraw/").status_code == 404
    authorisation.refresh_from_db()
    assert authorisation.withdrawn_at is None


def test_the_holder_withdraws_on_the_page(client):
    user, code = citizen()
    held = licence(holder_code=code)
    authorisation = granted(user, held)
    client.force_login(user)
    response = client.post(f"/zwfw/wallet/authorisations/{authorisation.pk}/withdraw/", follow=True)
    assert "授权已撤回" in response.content.decode()
    authorisation.refresh_from_db()
    assert authorisation.withdrawn_at is not None
    assert LedgerEntry.objects.filter(action="licenses.authorisation.withdrawn").count() == 1


def test_a_use_and_its_copy_are_only_for_the_organisation_that_used_it(client):
    user, code = citizen()
    held = licence(holder_code=code, grade=TrustGrade.C)
    counter, other = clerk(), clerk()
    redemption = authorisations.authorisation_redeem(actor=counter, code=granted(user, held).token)
    assert not redemption.copy_allowed  # grade C: the data only
    client.force_login(other)
    assert client.get(f"/admin/licenses/uses/{redemption.use.pk}/").status_code == 404
    assert client.get(f"/admin/licenses/uses/{redemption.use.pk}/copy.pdf").status_code == 404
    client.force_login(counter)
    page = client.get(f"/admin/licenses/uses/{redemption.use.pk}/").content.decode()
    assert "该可信等级的证照不提供加注水印的复印件" in page
    response = client.get(f"/admin/licenses/uses/{redemption.use.pk}/copy.pdf", follow=True)
    assert "该可信等级的证照不提供加注水印的复印件" in response.content.decode()


def test_the_api_authorises_withdraws_and_a_department_system_redeems_with_its_key(client):
    user, code = citizen(real_name="王芳")
    held = licence(holder_code=code, holder_name="王芳")
    stranger_licence = licence(holder_code=id_number())
    client.force_login(user)
    mine = client.get(f"{API}/licences").json()
    assert [row["number"] for row in mine] == [held.number] and mine[0]["standing"] == "valid"
    assert mine[0]["trust_grade"] == "A"
    assert client.get(f"{API}/licences/{stranger_licence.pk}").status_code == 404
    detail = client.get(f"{API}/licences/{held.pk}").json()
    assert {"label": "持证主体", "value": "王芳"} in detail["rows"]
    until = (timezone.now() + dt.timedelta(days=2)).isoformat()
    body = {"recipient": "某某银行武汉分行", "purpose": "开立账户", "valid_until": until}
    created = client.post(f"{API}/licences/{held.pk}/authorisations", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["state"] == "open"
    too_long = {**body, "valid_until": (timezone.now() + dt.timedelta(days=40)).isoformat()}
    refused = client.post(f"{API}/licences/{held.pk}/authorisations", too_long, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "valid_until"
    other = client.post(f"{API}/licences/{held.pk}/authorisations", body, content_type="application/json").json()
    withdrawn = client.post(f"{API}/authorisations/{other['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"

    admin = UserFactory(is_superuser=True)
    bank_org = OrganisationFactory(name="武汉市住房公积金中心")
    system = identity.system_client_register(
        actor=admin, organisation=bank_org, name="公积金业务系统", purpose="用证", contact="张三 027-87654321"
    )
    key = identity.system_key_issue(actor=admin, client=system)
    client.logout()
    assert client.get(f"{API}/licences", HTTP_X_API_KEY=key).status_code in (401, 403)  # a key is no holder
    redeem = client.post(
        f"{API}/redeem", {"code": created.json()["code"]}, content_type="application/json", HTTP_X_API_KEY=key
    )
    assert redeem.status_code == 200, redeem.content
    answer = redeem.json()
    assert answer["licence"]["number"] == held.number and answer["purpose"] == "开立账户"
    assert answer["copy_url"].endswith(f"/uses/{answer['use_id']}/copy")
    use = LicenceUse.objects.get(pk=answer["use_id"])
    assert (use.organisation, use.user, use.user_name) == (bank_org, None, "公积金业务系统")
    again = client.post(
        f"{API}/redeem", {"code": created.json()["code"]}, content_type="application/json", HTTP_X_API_KEY=key
    )
    assert again.status_code == 409 and "只能使用一次" in again.json()["message"]
    client.force_login(clerk())  # another organisation's staff: not their use
    assert client.get(f"{API}/uses/{answer['use_id']}/copy").status_code == 404

    client.force_login(user)
    uses = client.get(f"{API}/licences/{held.pk}/uses").json()
    assert uses["count"] == 1 and uses["items"][0]["organisation"] == "武汉市住房公积金中心"
    assert uses["items"][0]["kind"] == "authorised"


def test_an_api_time_without_offset_is_read_as_local_time(client):
    user, code = citizen()
    held = licence(holder_code=code)
    client.force_login(user)
    local = (timezone.localtime() + dt.timedelta(days=1)).replace(tzinfo=None, microsecond=0)
    body = {"recipient": "某某银行", "purpose": "开户", "valid_until": local.isoformat()}
    created = client.post(f"{API}/licences/{held.pk}/authorisations", body, content_type="application/json")
    assert created.status_code == 201
    assert timezone.localtime(UseAuthorisation.objects.get().valid_until).replace(tzinfo=None) == local

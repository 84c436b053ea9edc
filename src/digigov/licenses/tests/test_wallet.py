"""The holder's wallet (卡包, R4.8): their licences and nobody else's, a licence's page, 亮证 with its QR code, use
records, and what a staff account or a stranger gets."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import staff
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data, id_number, legal_person_data
from digigov.licenses import qr
from digigov.licenses.choices import HolderKind, LicenceStatus, TrustGrade, UseKind
from digigov.licenses.models import LicenceUse
from digigov.licenses.services.uses import use_record
from digigov.licenses.tests.factories_wallet import licence, licence_type

pytestmark = pytest.mark.django_db


def citizen(**overrides):
    data = citizen_data(**overrides)
    return identity.citizen_register(**data).user, data["id_number"]


def test_the_wallet_lists_the_holders_licences_with_status_and_grade_and_nobody_elses(client):
    user, code = citizen(real_name="王芳")
    today = timezone.localdate()
    mine = licence(holder_code=code, holder_name="王芳")
    expired = licence(holder_code=code, holder_name="王芳", valid_until=today - dt.timedelta(days=1))
    revoked = licence(holder_code=code, holder_name="王芳", status=LicenceStatus.REVOKED, grade=TrustGrade.B)
    other = licence(holder_code=id_number(), holder_name="李雷")
    client.force_login(user)
    page = client.get("/zwfw/wallet/")
    assert page.status_code == 200
    text = page.content.decode()
    cards = re.findall(r'<li class="wallet-card standing-(\w+)">', text)
    assert sorted(cards) == ["expired", "revoked", "valid"]
    assert mine.number in text and expired.number in text and revoked.number in text
    assert other.number not in text
    assert "有效" in text and "已过期" in text and "已吊销" in text
    assert "可信等级 A" in text and "可信等级 B" in text
    assert "/zwfw/cases/" in text  # back to 我的办件


def test_another_holders_licence_is_not_found(client):
    user, _code = citizen()
    theirs = licence(holder_code=id_number())
    client.force_login(user)
    for path in (f"/zwfw/wallet/{theirs.pk}/", f"/zwfw/wallet/{theirs.pk}/download/pdf"):
        assert client.get(path).status_code == 404
    assert client.post(f"/zwfw/wallet/{theirs.pk}/show/").status_code == 404
    assert not LicenceUse.objects.exists()


def test_staff_and_strangers_do_not_get_a_wallet(client):
    response = client.get("/zwfw/wallet/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(staff())
    response = client.get("/zwfw/wallet/")
    assert response.status_code == 403
    assert "卡包仅供自然人和法人使用" in response.content.decode()


def test_a_legal_person_sees_the_licences_of_its_credit_code(client):
    data = legal_person_data()
    user = identity.legal_person_register(**data).user
    business = licence_type(name="营业执照", holder_kind=HolderKind.LEGAL_PERSON)
    held = licence(holder_code=data["uscc"], holder_name=data["entity_name"], kind=business)
    client.force_login(user)
    text = client.get("/zwfw/wallet/").content.decode()
    assert "营业执照" in text and held.number in text


def test_a_licence_page_shows_its_data_and_the_show_view_records_the_use_with_a_signed_qr(client):
    user, code = citizen(real_name="王芳")
    held = licence(holder_code=code, holder_name="王芳", qr_signature=b"\x30\x45signature", seal_code="SEAL-001")
    client.force_login(user)
    page = client.get(f"/zwfw/wallet/{held.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "证照标识" in text and held.identifier in text and "颁证单位" in text
    assert "亮证" in text
    assert "尚未使用" in text

    shown = client.post(f"/zwfw/wallet/{held.pk}/show/")
    assert shown.status_code == 200
    body = shown.content.decode()
    assert held.number in body and "data:image/svg+xml" in body
    use = LicenceUse.objects.get()
    assert (use.kind, use.user, use.licence) == (UseKind.SHOWN, user, held)
    entry = LedgerEntry.objects.filter(action="licenses.licence.shown").get()
    assert held.identifier in entry.summary and entry.actor_id == user.pk

    from digigov.licenses.wallet_views import show_url

    address = show_url(shown.wsgi_request, held.versions.get())  # the address the QR code carries
    assert urlparse(address).path == "/zwfw/licences/v/"
    payload = qr.decode(parse_qs(urlparse(address).query)["p"][0])
    assert payload is not None and payload.identifier == held.identifier and payload.seal_code == "SEAL-001"
    assert payload.signature == b"\x30\x45signature" and payload.holder_code == qr.mask(code)

    assert "亮证" in client.get(f"/zwfw/wallet/{held.pk}/").content.decode()  # the use is on the licence page


def test_an_unsigned_licence_has_no_qr_and_a_revoked_one_cannot_be_shown(client):
    user, code = citizen()
    unsigned = licence(holder_code=code)
    revoked = licence(holder_code=code, status=LicenceStatus.REVOKED)
    client.force_login(user)
    assert "亮证（" not in client.get(f"/zwfw/wallet/{unsigned.pk}/").content.decode()
    response = client.post(f"/zwfw/wallet/{revoked.pk}/show/", follow=True)
    assert "已吊销" in response.content.decode() and "不能亮证" in response.content.decode()
    assert not LicenceUse.objects.exists()
    response = client.get(f"/zwfw/wallet/{revoked.pk}/download/pdf", follow=True)
    assert "不能下载" in response.content.decode()


def test_the_use_records_are_newest_first_and_paged(client):
    user, code = citizen()
    held = licence(holder_code=code)
    other_org = licence_type().issuer
    for n in range(25):
        use_record(
            licence=held,
            kind=UseKind.CASE,
            actor=user,
            purpose=f"办件{n:02d}",
            organisation_id=other_org.pk,
            case_number=f"4200002026120{n:05d}",
        )
    client.force_login(user)
    first = client.get(f"/zwfw/wallet/{held.pk}/").content.decode()
    assert "共 25 次使用" in first or "25" in first
    purposes = re.findall(r"办件(\d\d)", first)
    assert purposes[0] == "24" and "00" not in purposes  # newest first, 20 a page
    second = client.get(f"/zwfw/wallet/{held.pk}/?page=2").content.decode()
    assert "办件00" in second and other_org.name in second

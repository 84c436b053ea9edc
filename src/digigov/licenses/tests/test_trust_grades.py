"""Trust grades B, C and D (国办函〔2019〕108号): a clerk records a paper original (B); the holder uploads a scan that a
clerk checks against the original (C); the holder declares a licence under a signed promise (D)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data
from digigov.licenses.choices import IssueSource, ProvisionState, TrustGrade
from digigov.licenses.models import HolderProvision, Licence
from digigov.licenses.tests.factories_wallet import licence_type

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def citizen(**overrides):
    data = citizen_data(**overrides)
    return identity.citizen_register(**data).user, data["id_number"]


def clerk():
    user = staff(organisation=OrganisationFactory(name="江岸区政务服务中心"))
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def test_a_declaration_needs_the_promise_ticked_and_signed_with_the_holders_name(client):
    user, code = citizen(real_name="王芳")
    kind = licence_type(name="教师资格证")
    client.force_login(user)
    form = {
        "kind": "promise",
        "licence_type": kind.pk,
        "number": "20224200000123",
        "issued_on": "2022-06-01",
        "promise_name": "李雷",
    }
    response = client.post("/zwfw/wallet/add/", form)
    assert response.status_code == 400
    text = response.content.decode()
    assert "请勾选承诺后再申报证照。" in text and "请填写与账号一致的本人姓名：王芳。" in text
    assert 'aria-invalid="true"' in text
    assert not Licence.objects.exists()

    response = client.post("/zwfw/wallet/add/", form | {"promised": "on", "promise_name": "王芳"})
    assert response.status_code == 302
    declared = Licence.objects.get()
    assert (declared.trust_grade, declared.source, declared.holder_code) == (TrustGrade.D, IssueSource.HOLDER, code)
    provision = declared.provision
    assert provision.promise_name == "王芳" and "本人承诺" in provision.promise_text
    page = client.get(response["Location"]).content.decode()
    assert "可信等级 D" in page and "D 级：持证人告知承诺提供" in page
    assert LedgerEntry.objects.filter(action="licenses.holder.declared").count() == 1


def test_an_upload_is_checked_for_its_real_type_then_a_clerk_confirms_the_original(client):
    user, code = citizen()
    kind = licence_type(name="学位证书")
    client.force_login(user)
    form = {"kind": "scan", "licence_type": kind.pk, "number": "1048642019000123", "issued_on": "2019-06-30"}
    renamed = SimpleUploadedFile("学位证.pdf", PNG, content_type="application/pdf")  # a PNG named .pdf
    response = client.post("/zwfw/wallet/add/", form | {"file": renamed})
    assert response.status_code == 400 and "内容不是" in response.content.decode()
    program = SimpleUploadedFile("学位证.pdf", b"MZ\x90\x00" + b"\x00" * 32)
    assert "程序" in client.post("/zwfw/wallet/add/", form | {"file": program}).content.decode()
    assert not HolderProvision.objects.exists()

    scan = SimpleUploadedFile("学位证.pdf", PDF, content_type="application/pdf")
    response = client.post("/zwfw/wallet/add/", form | {"file": scan}, follow=True)
    assert "请携带原件到服务窗口" in response.content.decode() and "待核验原件" in response.content.decode()
    provision = HolderProvision.objects.get()
    assert provision.state == ProvisionState.PENDING and not Licence.objects.exists()

    counter = clerk()
    client.force_login(counter)
    found = client.get(f"/admin/licenses/counter/pending/?code={code}").content.decode()
    assert "1048642019000123" in found
    assert client.get(f"/admin/licenses/counter/scans/{provision.pk}/").content == PDF
    assert LedgerEntry.objects.filter(action="licenses.holder.scan_viewed").count() == 1
    client.post("/admin/licenses/counter/pending/", {"provision": provision.pk, "decision": "confirm"})
    provision.refresh_from_db()
    checked = provision.licence
    assert provision.state == ProvisionState.RECORDED and provision.checked_by == counter
    assert (checked.trust_grade, checked.source, checked.holder_code) == (TrustGrade.C, IssueSource.HOLDER, code)
    client.force_login(user)
    assert "学位证书" in client.get("/zwfw/wallet/").content.decode()


def test_a_refused_upload_tells_the_holder_why(client):
    user, code = citizen()
    kind = licence_type(name="学位证书")
    client.force_login(user)
    scan = SimpleUploadedFile("学位证.png", PNG, content_type="image/png")
    client.post(
        "/zwfw/wallet/add/",
        {"kind": "scan", "licence_type": kind.pk, "number": "X1", "issued_on": "2019-06-30", "file": scan},
    )
    provision = HolderProvision.objects.get()
    client.force_login(clerk())
    response = client.post(
        "/admin/licenses/counter/pending/", {"provision": provision.pk, "decision": "refuse"}, follow=True
    )
    assert "请说明原件不符之处" in response.content.decode()
    client.post(
        "/admin/licenses/counter/pending/", {"provision": provision.pk, "decision": "refuse", "note": "编号不符"}
    )
    provision.refresh_from_db()
    assert provision.state == ProvisionState.REFUSED and provision.licence is None
    client.force_login(user)
    page = client.get("/zwfw/wallet/").content.decode()
    assert "核验未通过" in page and "编号不符" in page


def test_a_clerk_records_a_paper_original_with_grade_b_for_its_holder(client):
    holder, code = citizen(real_name="王芳")
    kind = licence_type(name="结婚证")
    counter = clerk()
    client.force_login(counter)
    assert client.get("/admin/licenses/counter/record/").status_code == 200
    form = {
        "licence_type": kind.pk,
        "holder_name": "王芳",
        "holder_code": code[:-1] + ("0" if code[-1] != "0" else "1"),  # a wrong check character
        "number": "J420102-2020-000123",
        "issued_on": "2020-05-20",
    }
    response = client.post("/admin/licenses/counter/record/", form)
    assert response.status_code == 200 and not Licence.objects.exists()
    assert "校验码" in response.content.decode()
    response = client.post("/admin/licenses/counter/record/", form | {"holder_code": code, "seen": "on"})
    assert response.status_code == 302
    recorded = Licence.objects.get()
    assert (recorded.trust_grade, recorded.source, recorded.holder_code) == (TrustGrade.B, IssueSource.COUNTER, code)
    assert LedgerEntry.objects.filter(action="licenses.counter.recorded", organisation_id=counter_org(counter)).exists()
    client.force_login(holder)
    assert "可信等级 B" in client.get("/zwfw/wallet/").content.decode()
    client.force_login(counter)  # the same number twice is refused at its field
    again = client.post("/admin/licenses/counter/record/", form | {"holder_code": code, "seen": "on"})
    assert "证照库中已有该类型、该编号的证照" in again.content.decode()


def counter_org(user) -> int:
    return user.memberships.first().organisation_id


def test_citizens_cannot_use_counter_screens_and_staff_cannot_declare(client):
    user, _code = citizen()
    client.force_login(user)
    assert client.get("/admin/licenses/counter/record/").status_code in (302, 403)
    client.force_login(clerk())
    assert client.get("/zwfw/wallet/add/").status_code == 403


def test_a_check_of_no_upload_is_not_found(client):
    client.force_login(clerk())
    for sent in ("abc", "999999", "1" * 20):
        response = client.post("/admin/licenses/counter/pending/", {"provision": sent, "decision": "confirm"})
        assert response.status_code == 404

"""Result mailing (证照寄送, R4.7): the applicant's choice on the case page with the address checked at each field,
the department's record of carrier and tracking number once concluded, what the applicant and the public progress
page see, and the address read on the staff screen being recorded."""

import pytest
from django.test import Client

from digigov.core.models import LedgerEntry, Notification
from digigov.eservices.choices import CaseStatus
from digigov.eservices.models import Carrier, Delivery, DeliveryMethod
from digigov.eservices.services import cases, delivery
from digigov.eservices.tests.case_setup import world
from digigov.eservices.tests.payment_setup import MONDAY, fee_world, reviewed

pytestmark = pytest.mark.django_db

ADDRESS = {
    "method": "mail",
    "recipient": "张三",
    "mobile": "13812345678",
    "division": "420102",
    "address": "中山大道 1 号 2 栋 301 室",
}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def concluded(w, case):
    return cases.case_decide(actor=w.leader, case=case, approved=True, today=MONDAY)


def test_the_applicant_chooses_mailing_and_every_field_is_checked_at_its_place():
    w = fee_world(fee=[])
    case = reviewed(w)
    client = signed_in(w.citizen)
    page = client.get(f"/zwfw/cases/{case.number}/").content.decode()
    assert "领取方式" in page and "武汉市 江岸区" in page
    url = f"/zwfw/cases/{case.number}/delivery/"
    response = client.post(
        url, ADDRESS | {"mobile": "138 1234", "division": "420100", "address": "1号", "recipient": ""}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "请填写收件人姓名" in text and "11 位手机号码" in text and "区县" in text and "街道、楼栋和房间号" in text
    assert 'value="1号"' in text  # what was typed is kept
    assert not Delivery.objects.exists()
    assert client.post(url, ADDRESS | {"division": "429999"}).status_code == 400  # well-formed, but no such county
    response = client.post(url, ADDRESS)
    assert response.status_code == 302 and response["Location"] == f"/zwfw/cases/{case.number}/"
    chosen = Delivery.objects.get(case=case)
    assert chosen.method == DeliveryMethod.MAIL and chosen.division_name == "湖北省武汉市江岸区"
    entry = LedgerEntry.objects.get(action="eservices.delivery.chosen")
    assert "中山大道" not in entry.summary  # the address stays out of the ledger
    page = client.get(f"/zwfw/cases/{case.number}/").content.decode()
    assert "湖北省武汉市江岸区中山大道 1 号 2 栋 301 室" in page


def test_an_item_that_does_not_mail_offers_only_collection():
    w = fee_world(fee=[], mailing_offered=False)
    case = reviewed(w)
    client = signed_in(w.citizen)
    assert "领取方式" not in client.get(f"/zwfw/cases/{case.number}/").content.decode()
    response = client.post(f"/zwfw/cases/{case.number}/delivery/", ADDRESS)
    assert response.status_code == 400 and "本事项的办理结果不能邮寄" in response.content.decode()
    assert client.post(f"/zwfw/cases/{case.number}/delivery/", {"method": "pickup"}).status_code == 302


def test_another_citizen_cannot_choose_for_the_case():
    w = fee_world(fee=[])
    case = reviewed(w)
    other = world().citizen
    assert signed_in(other).post(f"/zwfw/cases/{case.number}/delivery/", ADDRESS).status_code == 404
    assert Client().post(f"/zwfw/cases/{case.number}/delivery/", ADDRESS).status_code == 302  # to sign in


def test_the_department_records_the_sending_and_the_applicant_and_the_public_see_it():
    w = fee_world(fee=[])
    case = reviewed(w)
    signed_in(w.citizen).post(f"/zwfw/cases/{case.number}/delivery/", ADDRESS)
    staff = signed_in(w.handler)
    with pytest.raises(Exception, match="办结"):  # nothing is sent before the conclusion
        delivery.delivery_send(actor=w.handler, case=case, carrier=Carrier.SF, tracking_number="SF1234567890123")
    case = concluded(w, case)
    assert case.status == CaseStatus.CONCLUDED
    screen = f"/admin/eservices/cases/{case.pk}/"
    page = staff.get(screen).content.decode()
    assert "中山大道 1 号 2 栋 301 室" in page and "记录寄出" in page
    assert LedgerEntry.objects.filter(action="eservices.delivery.address_viewed", object_id=str(case.pk)).exists()
    response = staff.post(f"{screen}delivery/", {"carrier": "sf", "tracking_number": "SF123"})
    assert response.status_code == 200 and "不是顺丰速运的运单号" in response.content.decode()
    response = staff.post(f"{screen}delivery/", {"carrier": "sf", "tracking_number": "sf 1234567890123"})
    assert response.status_code == 302
    sent = Delivery.objects.get(case=case)
    assert sent.tracking_number == "SF1234567890123" and sent.sent_at is not None
    assert Notification.objects.filter(recipient=w.citizen, title__contains="SF1234567890123").exists()
    page = signed_in(w.citizen).get(f"/zwfw/cases/{case.number}/").content.decode()
    assert "顺丰速运" in page and "SF1234567890123" in page
    public = Client().get(f"/zwfw/progress/?no={case.number}").content.decode()
    assert "已寄出" in public and "中山大道" not in public and "SF1234567890123" not in public
    assert "13812345678" not in public


def test_another_department_and_a_joint_part_reach_neither_address_nor_sending():
    w = fee_world(fee=[])
    case = reviewed(w)
    signed_in(w.citizen).post(f"/zwfw/cases/{case.number}/delivery/", ADDRESS)
    case = concluded(w, case)
    outsider = signed_in(w.outsider)
    assert outsider.get(f"/admin/eservices/cases/{case.pk}/").status_code == 404
    assert outsider.post(f"/admin/eservices/cases/{case.pk}/delivery/", {"carrier": "ems"}).status_code == 404
    api = f"/api/v1/eservices/cases/{case.pk}/delivery"
    body = {"carrier": "ems", "tracking_number": "1100123456789"}
    assert outsider.post(api, body, content_type="application/json").status_code == 404
    response = signed_in(w.handler).post(api, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["tracking_number"] == "1100123456789"
    again = signed_in(w.handler).post(api, body, content_type="application/json")
    assert again.status_code == 409 and again.json()["message"] == "办理结果已经寄出。"


@pytest.mark.parametrize(
    ("carrier", "number", "valid"),
    [
        (Carrier.EMS, "1100123456789", True),
        (Carrier.EMS, "EA123456785CN", True),  # S10 with its check digit
        (Carrier.EMS, "EA123456789CN", False),
        (Carrier.EMS, "110012345678", False),
        (Carrier.SF, "SF1234567890123", True),
        (Carrier.SF, "1234567890123", False),
        (Carrier.JD, "JDVA12345678901", True),
        (Carrier.JD, "JD12", False),
    ],
)
def test_tracking_numbers_are_checked_per_carrier(carrier, number, valid):
    assert delivery.tracking_valid(carrier, number) is valid

"""窗口收件 and 帮办代办 (R4.2): a clerk takes in a walk-in application (checked real-name applicant, linked to their
account when they have one; materials as paper, scan or 容缺), submits it into the same flow as online cases and
prints its receipt; on someone's behalf only with their recorded consent (paper scan, or confirmed online)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from digigov.core.errors import DomainError, NotFoundError
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory
from digigov.eservices.choices import CaseStatus, Channel, ConsentStatus, MaterialRequirement, Provision
from digigov.eservices.models import Case, Consent
from digigov.eservices.services import cases, consents, counter
from digigov.eservices.tests.case_setup import PDF, officer, world
from digigov.eservices.tests.factories import MaterialFactory
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data, id_number, legal_person_data, uscc, wrong_check_digit

pytestmark = pytest.mark.django_db
COUNTER_URL = "/admin/eservices/counter/"


def walk_in(code=None, phone="13900001111", name="李四"):
    return {"kind": "citizen", "name": name, "code": code or id_number(), "phone": phone}


def answers(w, **extra):
    return w.post(**extra)


# --------------------------------------------------------------------------- services


def test_the_applicant_is_checked_by_the_national_standards_each_problem_at_its_field():
    good = id_number()
    with pytest.raises(DomainError) as caught:
        counter.party_checked(kind="citizen", name="", code=wrong_check_digit(good), phone="123")
    assert set(caught.value.fields) == {"name", "code", "phone"}
    assert "校验" in str(caught.value.fields["code"][0])
    with pytest.raises(DomainError) as caught:
        counter.party_checked(kind="legal_person", name="某公司", code=wrong_check_digit(uscc()), phone="13900001111")
    assert set(caught.value.fields) == {"code", "representative"}
    party = counter.party_checked(
        kind="legal_person", name="某公司", code=uscc(), phone="13900001111", representative="王五"
    )
    assert party.kind == "legal_person" and party.representative == "王五"


def test_a_clerk_takes_in_only_their_own_departments_items():
    w = world()
    stranger = officer("handler", OrganisationFactory())
    party = counter.party_checked(**walk_in())
    with pytest.raises(NotFoundError):
        counter.counter_start(actor=stranger, item=w.item, channel=Channel.COUNTER, party=party)
    with pytest.raises(NotFoundError):
        counter.counter_start(actor=w.reviewer, item=w.item, channel=Channel.COUNTER, party=party)
    assert list(counter.counter_items(w.handler)) == [w.item] and list(counter.counter_items(stranger)) == []


def test_a_walk_in_with_an_account_is_linked_and_sees_the_case_only_once_submitted():
    w = world()
    own = identity.party_of(w.citizen)
    party = counter.party_checked(kind="citizen", name=own.name, code=own.code, phone=own.phone)
    case = counter.counter_start(actor=w.handler, item=w.item, channel=Channel.COUNTER, party=party)
    assert case.applicant_id == w.citizen.pk and case.agent_id == w.handler.pk
    from digigov.eservices import case_selectors

    assert not case_selectors.applicant_cases(w.citizen).exists()  # the clerk's draft is the clerk's
    with pytest.raises(NotFoundError):  # and the applicant cannot change it
        cases.case_save_draft(actor=w.citizen, case=case, post={})
    counter.material_mark(actor=w.handler, case=case, material_id=w.materials[0].pk, provided=Provision.COUNTER)
    case = cases.case_submit(actor=w.handler, case=case, post=answers(w))
    assert case.channel == Channel.COUNTER and case.number and case.status == CaseStatus.SUBMITTED
    assert case_selectors.applicant_case_get(w.citizen, case.number) == case
    assert case.materials.get().provided == Provision.COUNTER


def test_tolerated_only_for_a_material_the_guide_tolerates():
    w = world()
    later = MaterialFactory(item=w.item, name="婚姻状况证明", required=MaterialRequirement.TOLERATED)
    case = counter.counter_start(
        actor=w.handler, item=w.item, channel=Channel.COUNTER, party=counter.party_checked(**walk_in())
    )
    with pytest.raises(DomainError) as caught:
        counter.material_mark(actor=w.handler, case=case, material_id=w.materials[0].pk, provided="tolerated")
    assert f"material-{w.materials[0].pk}" in caught.value.fields
    counter.material_mark(actor=w.handler, case=case, material_id=later.pk, provided=Provision.TOLERATED)
    with pytest.raises(DomainError) as caught:  # the required one is neither paper nor scan yet
        cases.case_submit(actor=w.handler, case=case, post=answers(w))
    assert list(caught.value.fields) == [f"material-{w.materials[0].pk}"]
    cases.material_attach(actor=w.handler, case=case, material_id=w.materials[0].pk, filename="id.pdf", data=PDF)
    case = cases.case_submit(actor=w.handler, case=case, post=answers(w))
    assert sorted(case.materials.values_list("provided", flat=True)) == ["tolerated", "upload"]
    assert case.applicant_id is None and case.visits == 1


def _assisted(w, party=None):
    party = party or counter.party_checked(**walk_in())
    case = counter.counter_start(actor=w.handler, item=w.item, channel=Channel.ASSISTED, party=party)
    counter.material_mark(actor=w.handler, case=case, material_id=w.materials[0].pk, provided=Provision.COUNTER)
    return case


def test_assisted_handling_needs_a_recorded_consent_before_submission():
    w = world()
    case = _assisted(w)
    with pytest.raises(DomainError) as caught:
        cases.case_submit(actor=w.handler, case=case, post=answers(w))
    assert "授权" in str(caught.value.fields["consent"][0])
    until = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(DomainError) as caught:  # no account: online confirmation is impossible
        consents.consent_request_online(actor=w.handler, case=case, scope="代为提交申请", valid_until=until)
    assert "method" in caught.value.fields
    with pytest.raises(DomainError) as caught:
        consents.consent_record_paper(
            actor=w.handler, case=case, scope="", valid_until=until + dt.timedelta(days=400), filename="", data=b""
        )
    assert set(caught.value.fields) == {"scope", "valid_until"}
    consent = consents.consent_record_paper(
        actor=w.handler, case=case, scope="代为提交申请", valid_until=until, filename="授权书.pdf", data=PDF
    )
    assert consent.status == ConsentStatus.GIVEN
    case = cases.case_submit(actor=w.handler, case=case, post=answers(w))
    assert case.channel == Channel.ASSISTED and case.agent_id == w.handler.pk and case.number
    assert LedgerEntry.objects.filter(action="eservices.consent.recorded", object_id=str(case.pk)).exists()


def test_an_expired_consent_stops_the_submission():
    w = world()
    case = _assisted(w)
    until = timezone.localdate() + dt.timedelta(days=3)
    consents.consent_record_paper(
        actor=w.handler, case=case, scope="代办", valid_until=until, filename="a.pdf", data=PDF
    )
    with pytest.raises(DomainError) as caught:
        cases.case_submit(actor=w.handler, case=case, post=answers(w), today=until + dt.timedelta(days=1))
    assert "到期" in str(caught.value.fields["consent"][0])


def test_the_applicant_confirms_or_declines_online_and_nobody_else_can(client):
    w = world()
    case = _assisted(w, identity.party_of(w.citizen))
    until = timezone.localdate() + dt.timedelta(days=10)
    consent = consents.consent_request_online(actor=w.handler, case=case, scope="代为提交申请", valid_until=until)
    with pytest.raises(DomainError):
        cases.case_submit(actor=w.handler, case=case, post=answers(w))
    other = identity.citizen_register(**citizen_data()).user
    client.force_login(other)
    assert client.post(reverse("eservices_hall_consent", args=[consent.pk]), {"answer": "agree"}).status_code == 404
    client.force_login(w.citizen)
    page = client.get(reverse("eservices_hall_cases")).content.decode()
    assert "工作人员请求您的授权" in page and "代为提交申请" in page
    assert client.post(reverse("eservices_hall_consent", args=[consent.pk]), {"answer": "agree"}).status_code == 302
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.GIVEN and consent.answered_at
    case = cases.case_submit(actor=w.handler, case=case, post=answers(w))
    detail = client.get(reverse("eservices_hall_case", args=[case.number])).content.decode()
    assert "工作人员代您申请" in detail and "已授权" in detail
    assert LedgerEntry.objects.filter(action="eservices.consent.given", actor_id=w.citizen.pk).exists()


def test_a_declined_consent_stops_the_submission():
    w = world()
    case = _assisted(w, identity.party_of(w.citizen))
    until = timezone.localdate() + dt.timedelta(days=10)
    consent = consents.consent_request_online(actor=w.handler, case=case, scope="代办", valid_until=until)
    consents.consent_answer(actor=w.citizen, consent_id=consent.pk, agree=False)
    with pytest.raises(DomainError) as caught:
        cases.case_submit(actor=w.handler, case=case, post=answers(w))
    assert "拒绝" in str(caught.value.fields["consent"][0])
    assert LedgerEntry.objects.filter(action="eservices.consent.declined").exists()


# --------------------------------------------------------------------------- screens


def test_the_counter_screens_take_in_a_walk_in_and_print_the_receipt(client):
    w = world()
    client.force_login(w.handler)
    page = client.get(COUNTER_URL).content.decode()
    assert "窗口收件" in page and w.item.name in page
    bad = client.post(COUNTER_URL, {"item": w.item.pk, "channel": "counter", **walk_in(code="420101199001011234")})
    assert bad.status_code == 200 and "校验" in bad.content.decode()
    assert not Case.objects.exists()
    started = client.post(COUNTER_URL, {"item": w.item.pk, "channel": "counter", **walk_in()})
    case = Case.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse("eservices_counter_case", args=[case.pk])
    url = started["Location"]
    draft = client.get(url).content.decode()
    assert "李四" in draft and "窗口收取纸质材料" in draft and "凭回执上的编号" in draft
    missing = client.post(url, {**answers(w), "action": "submit"})
    assert missing.status_code == 400 and "身份证明" in missing.content.decode()
    done = client.post(url, {**answers(w), f"provided-{w.materials[0].pk}": "counter", "action": "submit"})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED and case.channel == Channel.COUNTER
    assert done["Location"] == reverse("eservices_case_detail", args=[case.pk])
    screen = client.get(done["Location"]).content.decode()
    assert case.number in screen and "受理" in screen and "打印回执" in screen
    receipt = client.get(reverse("eservices_counter_receipt", args=[case.pk]))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")
    assert LedgerEntry.objects.filter(action="eservices.case.receipt_printed", actor_id=w.handler.pk).exists()
    client.post(done["Location"], {"step": "acceptance", "action": "accept"})
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS  # then the same way as an online case
    client.force_login(w.outsider)
    assert client.get(reverse("eservices_counter_receipt", args=[case.pk])).status_code == 404
    assert client.get(url).status_code == 404  # another clerk's draft page


def test_the_assisted_screen_refuses_submission_without_consent_then_takes_a_scan(client):
    w = world()
    client.force_login(w.handler)
    client.post(COUNTER_URL, {"item": w.item.pk, "channel": "assisted", **walk_in()})
    case = Case.objects.get()
    url = reverse("eservices_counter_case", args=[case.pk])
    post = {**answers(w), f"provided-{w.materials[0].pk}": "counter"}
    refused = client.post(url, {**post, "action": "submit"})
    assert refused.status_code == 400 and "提交前请先登记申请人的帮办代办授权" in refused.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    until = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    scan = SimpleUploadedFile("授权书.pdf", PDF, content_type="application/pdf")
    recorded = client.post(
        url, {"action": "consent", "method": "paper", "scope": "代为提交", "valid_until": until, "consent_file": scan}
    )
    assert recorded.status_code == 302
    client.post(url, {**post, "action": "submit"})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    screen = client.get(reverse("eservices_case_detail", args=[case.pk])).content.decode()
    assert "申请人帮办代办授权" in screen and "代为提交" in screen and "纸质授权书" in screen
    consent = Consent.objects.get()
    assert client.get(consent.file.url).status_code == 200
    client.force_login(w.outsider)
    assert client.get(consent.file.url).status_code == 404


def test_a_legal_person_walk_in_is_linked_to_its_account(client):
    w = world()
    data = legal_person_data()
    lp = identity.legal_person_register(**data).user
    client.force_login(w.handler)
    client.post(
        COUNTER_URL,
        {
            "item": w.item.pk,
            "channel": "counter",
            "kind": "legal_person",
            "name": data["entity_name"],
            "code": data["uscc"],
            "phone": "13900001111",
            "representative": data["legal_representative"],
        },
    )
    case = Case.objects.get()
    assert case.applicant_id == lp.pk and case.applicant_kind == "legal_person"
    assert "已关联" in client.get(reverse("eservices_counter_case", args=[case.pk])).content.decode()

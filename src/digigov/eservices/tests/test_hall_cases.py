"""The online service hall's applicant pages (R4.2, issue #11 acceptance 3) through the Django test client: the
application with its draft, its errors at their fields and its uploads, the case page and its receipt for the
applicant only, and the public progress query without personal data and with its per-address limit."""

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from digigov.core.rules import rule, rule_set
from digigov.core.tests.factories import UserFactory
from digigov.eservices.choices import CaseStatus
from digigov.eservices.models import Case, CaseMaterial, ProgressLookup
from digigov.eservices.services import cases
from digigov.eservices.tests.case_setup import PDF, world
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data

pytestmark = pytest.mark.django_db

PHONE_ERROR = "请输入以 1 开头的 11 位手机号码"


def apply_url(w) -> str:
    return f"/zwfw/items/{w.item.implementation_code}/apply/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submitted_case(w) -> Case:
    client = signed_in(w.citizen)
    upload = SimpleUploadedFile("身份证.pdf", PDF, content_type="application/pdf")
    response = client.post(apply_url(w), {**w.post(), "action": "submit", f"material-{w.materials[0].pk}": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get(applicant=w.citizen, status=CaseStatus.SUBMITTED)


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back():
    w = world()
    response = Client().get(apply_url(w))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=") and "apply" in response["Location"]
    for address in ("/zwfw/cases/", "/zwfw/cases/42010020261204000001/"):
        assert Client().get(address)["Location"].startswith("/accounts/login/")
    assert not Case.objects.exists()


def test_a_staff_account_is_told_that_only_citizens_and_legal_persons_apply():
    w = world()
    response = signed_in(w.handler).get(apply_url(w))
    assert response.status_code == 403
    assert "只有公民和法人可以在线申请" in response.content.decode()
    assert not Case.objects.exists()


def test_an_item_not_offered_online_says_to_apply_at_the_counter():
    w = world(online_depth=1)
    response = signed_in(w.citizen).get(apply_url(w))
    assert response.status_code == 400
    assert "请到窗口办理" in response.content.decode()
    assert not Case.objects.exists()


def test_an_unknown_item_is_not_found():
    w = world()
    assert signed_in(w.citizen).get("/zwfw/items/NO-SUCH-ITEM/apply/").status_code == 404


def test_the_apply_page_shows_the_item_its_time_limit_the_prefilled_applicant_and_the_materials():
    w = world()
    page = signed_in(w.citizen).get(apply_url(w)).content.decode()
    assert w.item.name in page and f"{w.item.promised_days} 个工作日" in page
    assert 'enctype="multipart/form-data"' in page and 'class="panel letter hall-apply"' in page
    assert "张三" in page and "来源：您的实名认证账号" in page  # the verified account's name, locked
    assert "身份证明" in page and "补充说明" in page and f'name="material-{w.materials[0].pk}"' in page
    assert "<script>" not in page


def test_a_saved_draft_is_resumed_with_its_answers_and_listed_in_my_applications():
    w = world()
    client = signed_in(w.citizen)
    response = client.post(apply_url(w), {**w.post(mobile="13900001111", reason="开店"), "action": "save"})
    assert response.status_code == 302 and response["Location"] == apply_url(w)
    page = client.get(apply_url(w)).content.decode()
    assert "草稿已保存，可在“我的办件”中继续" in page
    assert 'value="13900001111"' in page and "开店" in page
    assert Case.objects.filter(applicant=w.citizen).count() == 1  # resumed, not a second draft
    mine = client.get("/zwfw/cases/").content.decode()
    assert w.item.name in mine and "继续填写" in mine and apply_url(w) in mine


def test_a_wrong_mobile_and_a_missing_material_are_both_shown_and_nothing_is_numbered():
    w = world()
    client = signed_in(w.citizen)
    response = client.post(apply_url(w), {**w.post(mobile="123", reason="想开店"), "action": "submit"})
    assert response.status_code == 400
    page = response.content.decode()
    assert PHONE_ERROR in page
    assert "请上传“身份证明”。" in page
    assert 'value="123"' in page and "想开店" in page  # what was typed is kept
    case = Case.objects.get(applicant=w.citizen)
    assert case.number is None and case.status == CaseStatus.DRAFT
    assert case.data["mobile"] == "123"  # and saved with the draft, so nothing is lost


def test_a_renamed_program_is_refused_at_its_material_and_not_kept():
    w = world()
    client = signed_in(w.citizen)
    fake = SimpleUploadedFile("身份证.pdf", b"MZ\x90\x00\x03\x00\x00\x00program", content_type="application/pdf")
    response = client.post(apply_url(w), {**w.post(), "action": "submit", f"material-{w.materials[0].pk}": fake})
    assert response.status_code == 400
    page = response.content.decode()
    error = page[page.index(f'id="material-{w.materials[0].pk}-error"') :][:400]
    assert "文件" in error
    assert not CaseMaterial.objects.exists()
    assert Case.objects.get(applicant=w.citizen).number is None


def test_an_attached_file_is_listed_and_can_be_removed():
    w = world()
    client = signed_in(w.citizen)
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    client.post(apply_url(w), {**w.post(), "action": "save", f"material-{w.materials[0].pk}": upload})
    row = CaseMaterial.objects.get()
    page = client.get(apply_url(w)).content.decode()
    assert "scan.pdf" in page and f'name="remove" value="{row.pk}"' in page
    response = client.post(apply_url(w), {**w.post(), "remove": str(row.pk)})
    assert response.status_code == 302 and not CaseMaterial.objects.exists()


def test_a_submission_leads_to_the_case_page_and_its_receipt():
    w = world()
    client = signed_in(w.citizen)
    upload = SimpleUploadedFile("身份证.pdf", PDF, content_type="application/pdf")
    response = client.post(apply_url(w), {**w.post(), "action": "submit", f"material-{w.materials[0].pk}": upload})
    case = Case.objects.get(applicant=w.citizen)
    assert case.number and case.status == CaseStatus.SUBMITTED
    assert response["Location"] == f"/zwfw/cases/{case.number}/"
    page = client.get(response["Location"]).content.decode()
    assert case.number in page and "待受理" in page and "已提交" in page
    assert f"/zwfw/cases/{case.number}/receipt.pdf" in page and "撤回申请" in page
    receipt = client.get(f"/zwfw/cases/{case.number}/receipt.pdf")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    pdf = receipt.content
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    else:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert case.number in text
    assert len(pdf) > 5000  # its fonts and the QR code embedded


def test_a_second_submission_of_the_same_draft_leads_to_the_case_and_starts_nothing_new():
    w = world()
    client = signed_in(w.citizen)
    draft = client.get(apply_url(w)).context["case"]
    upload = SimpleUploadedFile("身份证.pdf", PDF, content_type="application/pdf")
    post = {**w.post(), "action": "submit", "draft": str(draft.pk)}
    first = client.post(apply_url(w), {**post, f"material-{w.materials[0].pk}": upload})
    again = client.post(apply_url(w), post)  # the second click, or the form in another tab
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Case.objects.filter(applicant=w.citizen).count() == 1


def test_another_citizen_gets_404_on_the_case_and_its_receipt():
    w = world()
    case = submitted_case(w)
    other = identity.citizen_register(**citizen_data(real_name="李四")).user
    client = signed_in(other)
    assert client.get(f"/zwfw/cases/{case.number}/").status_code == 404
    assert client.get(f"/zwfw/cases/{case.number}/receipt.pdf").status_code == 404
    assert client.post(f"/zwfw/cases/{case.number}/", {"action": "withdraw"}).status_code == 404
    assert case.number not in client.get("/zwfw/cases/").content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_a_supplement_request_is_shown_and_answered_with_files_and_a_reply():
    w = world()
    case = submitted_case(w)
    cases.case_request_supplement(
        actor=w.handler, case=case, missing=[{"name": "身份证明", "reason": "扫描件不清晰"}], note="请重新扫描"
    )
    client = signed_in(w.citizen)
    address = f"/zwfw/cases/{case.number}/"
    page = client.get(address).content.decode()
    assert "待补正" in page and "扫描件不清晰" in page and "请重新扫描" in page
    public = Client().get(f"/zwfw/progress/?no={case.number}").content.decode()
    assert "待补正" in public and "扫描件不清晰" not in public and "请重新扫描" not in public
    response = client.post(address, {"action": "supplement", "reply": ""})
    assert response.status_code == 400 and "请上传要求补正的材料，或写明补正内容。" in response.content.decode()
    upload = SimpleUploadedFile("清晰版.pdf", PDF, content_type="application/pdf")
    response = client.post(
        address, {"action": "supplement", "reply": "已重新扫描", f"material-{w.materials[0].pk}": upload}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    page = client.get(address).content.decode()
    assert "已重新扫描" in page and "清晰版.pdf" in page


def test_the_applicant_withdraws_before_acceptance():
    w = world()
    case = submitted_case(w)
    client = signed_in(w.citizen)
    response = client.post(f"/zwfw/cases/{case.number}/", {"action": "withdraw", "reason": "不再需要"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert "撤回申请" not in client.get(f"/zwfw/cases/{case.number}/").content.decode().split("<h1>")[1]


def test_progress_shows_the_status_and_steps_but_no_personal_data():
    w = world()
    case = submitted_case(w)
    cases.case_accept(actor=w.handler, case=case)
    response = Client().get(f"/zwfw/progress/?no={case.number}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "办理中" in page and w.item.name in page and w.item.organisation.name in page and "受理" in page
    assert case.applicant_name not in page and case.applicant_code not in page
    assert case.applicant_phone not in page and "身份证.pdf" not in page


def test_an_unknown_or_malformed_number_gets_a_plain_message():
    world()
    for number in ("42010020990101999999", "abc'<script>", "9" * 200):
        response = Client().get("/zwfw/progress/", {"no": number})
        assert response.status_code == 404
        assert "没有这个编号的办件" in response.content.decode()
    assert Client().get("/zwfw/progress/").status_code == 200


def test_progress_queries_are_limited_per_address_and_hour():
    w = world()
    case = submitted_case(w)
    rule_set(actor=UserFactory(is_superuser=True), key="eservices.progress_hourly_limit", value=2)
    assert rule("eservices.progress_hourly_limit") == 2
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _n in range(2):
        assert client.get("/zwfw/progress/", {"no": case.number}).status_code == 200
    refused = client.get("/zwfw/progress/", {"no": case.number})
    assert refused.status_code == 429
    assert "您所在网络在过去一小时内查询次数过多" in refused.content.decode()
    assert Client(REMOTE_ADDR="203.0.113.8").get("/zwfw/progress/", {"no": case.number}).status_code == 200
    assert ProgressLookup.objects.filter(address="203.0.113.7").count() == 2

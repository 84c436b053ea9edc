"""Ratings on the screens and in the API (好差评, R4.5): the applicant's form on the hall case page, the department's
list and rating page with reply and appeal, the platform operator's decision, the public figures; another citizen
or department gets 404."""

import pytest
from django.test import Client
from django.urls import reverse

from digigov.core.models import LedgerEntry
from digigov.eservices.choices import AppealStatus
from digigov.eservices.models import Rating
from digigov.eservices.services import ratings
from digigov.eservices.tests.rating_setup import concluded, operator, rejected, submitted, world

pytestmark = pytest.mark.django_db
API = "/api/v1/eservices"
JSON = "application/json"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def hall_url(case) -> str:
    return f"/zwfw/cases/{case.number}/"


def bad_rating(w):
    return ratings.rating_submit(
        actor=w.citizen, case=rejected(w), level=2, dimensions=["efficiency"], comment="等了很久没有人处理"
    )


def test_the_applicant_rates_on_the_case_page_and_errors_land_at_the_fields():
    w = world()
    case = concluded(w)
    client = signed_in(w.citizen)
    page = client.get(hall_url(case)).content.decode()
    assert "评价本次服务" in page and "非常满意" in page and "非常不满意" in page
    refused = client.post(hall_url(case), {"action": "rate", "level": "1", "comment": ""})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "请勾选不满意的方面。" in html and "请写明不满意的具体情况。" in html
    assert 'value="1" checked' in html  # what was chosen is kept
    assert not Rating.objects.exists()
    done = client.post(hall_url(case), {"action": "rate", "level": "4", "dimensions": ["attitude", "one_visit"]})
    assert done.status_code == 302
    page = client.get(hall_url(case)).content.decode()
    assert "您的评价" in page and "满意" in page and "服务态度、一次办成" in page and "评价本次服务" not in page
    again = client.post(hall_url(case), {"action": "rate", "level": "5"})
    assert again.status_code == 400 and "您已评价过该办件" in again.content.decode()
    assert Rating.objects.get().level == 4


def test_another_citizen_gets_404_and_a_running_case_shows_no_form():
    w = world()
    running = submitted(w)
    page = signed_in(w.citizen).get(hall_url(running)).content.decode()
    assert "评价本次服务" not in page
    refused = signed_in(w.citizen).post(hall_url(running), {"action": "rate", "level": "5"})
    assert refused.status_code == 400 and "办件办结或不予受理后方可评价" in refused.content.decode()
    case = rejected(w)
    stranger = signed_in(world().citizen)
    assert stranger.post(hall_url(case), {"action": "rate", "level": "5"}).status_code == 404
    assert not Rating.objects.exists()


def test_the_department_reads_the_rating_replies_and_the_applicant_sees_the_answer():
    w = world()
    rating = bad_rating(w)
    staff = signed_in(w.handler)
    listing = staff.get(reverse("eservices_ratings"), {"state": "pending"}).content.decode()
    assert rating.case.number in listing and "不满意" in listing
    url = reverse("eservices_rating_detail", args=[rating.pk])
    page = staff.get(url).content.decode()
    assert "等了很久没有人处理" in page and "张三" in page and "整改：回复并回访申请人" in page
    assert LedgerEntry.objects.filter(action="eservices.rating.viewed", object_id=str(rating.pk)).count() == 1
    refused = staff.post(url, {"step": "reply", "reply": "", "return_visit": ""})
    assert refused.status_code == 200 and "Rectify" not in refused.content.decode()
    assert Rating.objects.get().replied_at is None
    done = staff.post(url, {"step": "reply", "reply": "已安排专人加快办理。", "return_visit": "已电话回访。"})
    assert done.status_code == 302
    answered = signed_in(w.citizen).get(hall_url(rating.case)).content.decode()
    assert "部门回复" in answered and "已安排专人加快办理。" in answered
    assert "已电话回访" not in answered  # the return-visit note is the department's record


def test_another_department_gets_404_on_the_rating_screen_and_the_api():
    w = world()
    rating = bad_rating(w)
    outsider = signed_in(w.outsider)
    assert rating.case.number not in outsider.get(reverse("eservices_ratings")).content.decode()
    assert outsider.get(reverse("eservices_rating_detail", args=[rating.pk])).status_code == 404
    body = {"step": "reply", "reply": "x", "return_visit": "x"}
    assert outsider.post(reverse("eservices_rating_detail", args=[rating.pk]), body).status_code == 404
    assert outsider.get(f"{API}/ratings/{rating.pk}").status_code == 404
    api = outsider.post(f"{API}/ratings/{rating.pk}/reply", {"reply": "x", "return_visit": "x"}, content_type=JSON)
    assert api.status_code == 404
    assert outsider.get(f"{API}/ratings").json()["count"] == 0


def test_the_leader_appeals_and_the_operator_upholds_on_the_screen():
    w = world()
    rating = bad_rating(w)
    url = reverse("eservices_rating_detail", args=[rating.pk])
    leader = signed_in(w.leader)
    assert "申诉" in leader.get(url).content.decode()
    assert leader.post(url, {"step": "appeal", "reason": "申请人材料不全，非本部门原因"}).status_code == 302
    judge = signed_in(operator())
    queue = judge.get(reverse("eservices_ratings"), {"appeal": "pending"}).content.decode()
    assert rating.case.number in queue
    assert "审核申诉" in judge.get(url).content.decode()
    assert judge.post(url, {"step": "decision", "upheld": "1", "note": "经核实属实"}).status_code == 302
    assert Rating.objects.get().appeal_status == AppealStatus.UPHELD
    page = signed_in(w.citizen).get(hall_url(rating.case)).content.decode()
    assert "不计入公开统计" in page


def test_the_api_lists_filters_replies_and_appeals():
    w = world()
    rating = bad_rating(w)
    handler = signed_in(w.handler)
    page = handler.get(f"{API}/ratings", {"state": "pending"}).json()
    assert page["count"] == 1 and page["items"][0]["case_number"] == rating.case.number
    assert handler.get(f"{API}/ratings", {"level": 5}).json()["count"] == 0
    refused = handler.post(f"{API}/ratings/{rating.pk}/reply", {"reply": "", "return_visit": ""}, content_type=JSON)
    assert refused.status_code == 400
    assert {e["field"] for e in refused.json()["errors"]} == {"reply", "return_visit"}
    done = handler.post(
        f"{API}/ratings/{rating.pk}/reply",
        {"reply": "已整改", "return_visit": "已回访"},
        content_type=JSON,
    ).json()
    assert done["replied_at"] and not done["needs_rectification"]
    forbidden = handler.post(f"{API}/ratings/{rating.pk}/appeal", {"reason": "x"}, content_type=JSON)
    assert forbidden.status_code == 403
    appealed = (
        signed_in(w.leader).post(f"{API}/ratings/{rating.pk}/appeal", {"reason": "误评"}, content_type=JSON).json()
    )
    assert appealed["appeal_status"] == "pending"
    decided = (
        signed_in(operator())
        .post(
            f"{API}/ratings/{rating.pk}/appeal-decision",
            {"upheld": False, "note": "不成立"},
            content_type=JSON,
        )
        .json()
    )
    assert decided["appeal_status"] == "dismissed" and not decided["excluded"]


def test_public_figures_on_the_page_and_in_the_api_carry_no_personal_data():
    from digigov.websites.tests.factories import open_site

    open_site(name="湖北省人民政府", default=True)
    w = world()
    ratings.rating_submit(actor=w.citizen, case=concluded(w), level=5, dimensions=[], comment="非常好")
    bad_rating(w)
    client = Client()
    page = client.get("/zwfw/ratings/").content.decode()
    assert w.item.organisation.name in page and w.item.name in page and "50.0%" in page
    assert "张三" not in page and "等了很久" not in page and "非常好" not in page
    assert "/zwfw/ratings/" in client.get("/zwfw/").content.decode()  # linked from the hall home
    stats = client.get(f"{API}/ratings/stats", {"org": w.item.organisation_id}).json()
    assert stats["overall"] == {
        "id": 0, "name": "", "count": 2, "good": 1, "bad": 1, "rectified": 0,
        "good_rate": 50.0, "average": 3.5, "rectified_rate": 0.0,
    }  # fmt: skip
    assert stats["items"][0]["name"] == w.item.name
    assert client.get(f"{API}/ratings").status_code == 401  # the staff list needs a session

"""The demo's counter and assisted cases (R4.2, issue #11 acceptance 10): assisted cases submitted under a recorded
consent, one request waiting for citizen.zhangwei in 我的办件, and the 省人社厅's case system working its own cases
through the API with the published demo key, and no other department's."""

import pytest

from digigov.core.rules import rule
from digigov.demo.counter import CASES_API_KEY
from digigov.eservices.choices import Channel, ConsentStatus
from digigov.eservices.models import Case, CasePart, Consent

pytestmark = pytest.mark.django_db


def test_demo_counter_and_assisted_cases_and_a_department_system(demo_province, client):
    numbered = Case.objects.exclude(number__isnull=True)
    assert numbered.filter(channel=Channel.COUNTER).exists()
    for case in numbered.filter(channel=Channel.ASSISTED):
        assert case.consent.status == ConsentStatus.GIVEN and case.agent_id is not None
    waiting = Consent.objects.get(status=ConsentStatus.REQUESTED)
    assert waiting.case.applicant.username == "citizen.zhangwei"
    client.force_login(waiting.case.applicant)
    assert "工作人员请求您的授权" in client.get("/zwfw/cases/").content.decode()
    client.logout()
    assert rule("eservices.case_systems")
    mine = client.get("/api/v1/eservices/cases?status=running", HTTP_X_API_KEY=CASES_API_KEY).json()
    hrss = CasePart.objects.filter(
        organisation__name="湖北省人力资源和社会保障厅", case_status__in=["submitted", "supplementing", "in_progress"]
    )
    assert mine["count"] == hrss.count()
    other = CasePart.objects.exclude(organisation__name="湖北省人力资源和社会保障厅").first()
    answer = client.get(f"/api/v1/eservices/cases/{other.case_id}", HTTP_X_API_KEY=CASES_API_KEY)
    assert answer.status_code == (200 if hrss.filter(case_id=other.case_id).exists() else 404)

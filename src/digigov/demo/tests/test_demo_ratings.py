"""Demo ratings (好差评, R4.5, issue #11 acceptance 10): the rating screens show real work on first start."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.choices import Role
from digigov.demo.ratings import load_ratings
from digigov.eservices.models import Case, Rating
from digigov.eservices.tests.rating_setup import concluded, rejected, world

pytestmark = pytest.mark.django_db


def test_demo_rates_its_closed_online_cases(demo_province, client):
    rated = Rating.objects.select_related("case")
    assert rated.exists()  # the suite's 40 cases hold few online ones; `make run`'s 1,000 about 150
    assert all(r.case.applicant_id is not None and r.case.status in ("concluded", "rejected") for r in rated)
    page = client.get("/zwfw/ratings/").content.decode()
    assert "好评率" in page and rated.first().organisation.name in page


def test_demo_ratings_show_a_rectification_done_one_overdue_one_due_and_an_appeal_waiting():
    w = world()
    closed = [concluded(w), rejected(w), concluded(w), rejected(w), concluded(w), concluded(w)]
    today = timezone.localdate()
    for n, case in enumerate(closed):  # closed over the last weeks, oldest first
        Case.objects.filter(pk=case.pk).update(concluded_on=today - dt.timedelta(days=30 - 4 * n))
    staff = {Role.HANDLER: w.handler, Role.LEADER: w.leader}
    assert load_ratings(lambda organisation_id, role: staff[role], today) >= 4
    assert load_ratings(lambda organisation_id, role: staff[role], today) == Rating.objects.count()  # runs once
    bad = [r for r in Rating.objects.all() if r.is_bad]
    assert any(r.replied_at for r in bad)  # answered and called back
    assert any(r.needs_rectification and r.due_on < today for r in bad)  # overdue
    assert any(r.needs_rectification and r.due_on >= today for r in bad)  # still within its time
    assert Rating.objects.filter(appeal_status="pending").count() == 1

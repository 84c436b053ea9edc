"""Ratings (好差评, R4.5): one per case by its applicant once it is closed, a bad one opens the department's
rectification to-do due in working days, the reply closes it, an upheld appeal takes the rating out of the figures,
and nobody else sees or acts (404)."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.calendar import add_working_days
from digigov.core.errors import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from digigov.core.models import InboxItem, LedgerEntry, Notification
from digigov.core.rules import rule
from digigov.eservices import rating_selectors
from digigov.eservices.choices import AppealStatus, RatingLevel
from digigov.eservices.models import Rating
from digigov.eservices.services import ratings
from digigov.eservices.tests.rating_setup import concluded, operator, rejected, submitted, world

pytestmark = pytest.mark.django_db
BAD = {"level": RatingLevel.VERY_DISSATISFIED, "dimensions": ["attitude"], "comment": "窗口人员态度生硬"}


def bad(w, case=None, **kw):
    return ratings.rating_submit(actor=w.citizen, case=case or rejected(w), **(BAD | kw))


def test_a_concluded_case_is_rated_once_by_its_applicant():
    w = world()
    case = concluded(w)
    rating = ratings.rating_submit(actor=w.citizen, case=case, level="5", dimensions=["efficiency"], comment="")
    assert rating.level == 5 and not rating.is_bad and rating.due_on is None
    assert not InboxItem.objects.filter(kind=ratings.RECTIFY_TASK).exists()  # a good rating opens no to-do
    assert LedgerEntry.objects.filter(action="eservices.rating.submitted", object_id=str(rating.pk)).exists()
    with pytest.raises(ConflictError):
        ratings.rating_submit(actor=w.citizen, case=case, level=4, dimensions=[])
    assert Rating.objects.filter(case=case).count() == 1


def test_the_database_holds_one_rating_per_case():
    from django.db import IntegrityError, transaction

    w = world()
    rating = ratings.rating_submit(actor=w.citizen, case=rejected(w), level=4, dimensions=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            case=rating.case, organisation=rating.organisation, item=rating.item, level=3, rated_at=timezone.now()
        )


def test_only_the_applicant_rates_and_only_a_closed_case():
    w = world()
    case = submitted(w)
    with pytest.raises(ConflictError):  # still awaiting acceptance
        ratings.rating_submit(actor=w.citizen, case=case, level=5, dimensions=[])
    case = rejected(w)
    other = world().citizen
    for someone in (other, w.handler, w.leader):
        with pytest.raises(NotFoundError):
            ratings.rating_submit(actor=someone, case=case, level=1, dimensions=["attitude"], comment="x")
    assert not Rating.objects.exists()


def test_a_bad_rating_names_what_went_wrong_at_its_fields():
    w = world()
    case = rejected(w)
    with pytest.raises(DomainError) as refused:
        ratings.rating_submit(actor=w.citizen, case=case, level=2, dimensions=[], comment=" ")
    assert set(refused.value.fields) == {"dimensions", "comment"}
    assert "请写明不满意的具体情况。" in refused.value.fields["comment"]
    with pytest.raises(DomainError) as refused:
        ratings.rating_submit(actor=w.citizen, case=case, level="9", dimensions=["nonsense"])
    assert set(refused.value.fields) == {"level", "dimensions"}
    assert not Rating.objects.exists()


def test_a_bad_rating_opens_a_rectification_todo_due_in_working_days_and_the_reply_closes_it():
    w = world()
    friday = dt.datetime(2026, 12, 4, 10, tzinfo=timezone.get_current_timezone())
    rating = bad(w, now=friday)
    due = add_working_days(dt.date(2026, 12, 4), rule("eservices.rating_rectify_days"))
    assert rating.due_on == due == dt.date(2026, 12, 11)  # five working days: the weekend is not counted
    todo = InboxItem.objects.get(kind=ratings.RECTIFY_TASK)
    assert (todo.assignee_org_id, todo.assignee_role, todo.deadline) == (w.item.organisation_id, "handler", due)
    assert rating.case.number in todo.title and todo.done_at is None
    assert Notification.objects.filter(recipient=w.leader, title__contains=rating.case.number).exists()
    assert rating_selectors.rating_list(w.handler, overdue=True, today=dt.date(2026, 12, 14)).get() == rating
    assert not rating_selectors.rating_list(w.handler, overdue=True, today=due).exists()

    with pytest.raises(DomainError) as refused:
        ratings.rating_reply(actor=w.handler, rating=rating, reply="", return_visit="")
    assert set(refused.value.fields) == {"reply", "return_visit"}
    rating = ratings.rating_reply(
        actor=w.handler,
        rating=rating,
        reply="已对窗口人员批评教育并整改。",
        return_visit="12月8日电话回访，申请人表示认可。",
    )
    assert rating.replied_at is not None and not rating.needs_rectification
    todo.refresh_from_db()
    assert todo.done_at is not None
    assert Notification.objects.filter(recipient=w.citizen, body__contains="批评教育").exists()
    assert LedgerEntry.objects.filter(action="eservices.rating.replied", object_id=str(rating.pk)).exists()
    with pytest.raises(ConflictError):
        ratings.rating_reply(actor=w.handler, rating=rating, reply="再次", return_visit="再次")


def test_another_department_cannot_see_or_answer_a_rating():
    w = world()
    rating = bad(w)
    assert not rating_selectors.rating_list(w.outsider).exists()
    with pytest.raises(NotFoundError):
        rating_selectors.rating_get(w.outsider, rating.pk)
    with pytest.raises(NotFoundError):
        ratings.rating_reply(actor=w.outsider, rating=rating, reply="x", return_visit="x")
    with pytest.raises(NotFoundError):
        ratings.rating_appeal(actor=w.outsider, rating=rating, reason="x")
    with pytest.raises(PermissionDeniedError):
        ratings.rating_appeal_decide(actor=w.outsider, rating=rating, upheld=True, note="x")


def test_an_upheld_appeal_takes_the_rating_out_of_the_figures_and_closes_its_todos():
    w = world()
    good = ratings.rating_submit(actor=w.citizen, case=concluded(w), level=5, dimensions=[])
    rating = bad(w)
    assert rating_selectors.rating_stats().overall.count == 2
    with pytest.raises(PermissionDeniedError):  # the department's word is its leader's
        ratings.rating_appeal(actor=w.handler, rating=rating, reason="申请人系误评")
    with pytest.raises(DomainError) as refused:
        ratings.rating_appeal(actor=w.leader, rating=rating, reason="")
    assert "reason" in refused.value.fields
    with pytest.raises(ConflictError):
        ratings.rating_appeal(actor=w.leader, rating=good, reason="好评不可申诉")
    judge = operator()
    rating = ratings.rating_appeal(actor=w.leader, rating=rating, reason="申请人将其他部门的问题误评至本部门")
    assert InboxItem.objects.filter(kind=ratings.APPEAL_TASK, done_at__isnull=True).count() == 1
    assert rating_selectors.rating_list(judge, appeal=AppealStatus.PENDING).get() == rating
    with pytest.raises(PermissionDeniedError):  # the department does not decide its own appeal
        ratings.rating_appeal_decide(actor=w.leader, rating=rating, upheld=True, note="x")
    with pytest.raises(DomainError):
        ratings.rating_appeal_decide(actor=judge, rating=rating, upheld=True, note="")
    rating = ratings.rating_appeal_decide(actor=judge, rating=rating, upheld=True, note="经核实属误评")
    assert rating.excluded and not rating.needs_rectification
    assert not InboxItem.objects.filter(object_id=str(rating.pk), done_at__isnull=True).exists()
    stats = rating_selectors.rating_stats()
    assert (stats.overall.count, stats.overall.bad, stats.overall.good_rate) == (1, 0, 100.0)
    assert LedgerEntry.objects.filter(action="eservices.rating.appeal_upheld").exists()
    with pytest.raises(ConflictError):
        ratings.rating_reply(actor=w.handler, rating=rating, reply="x", return_visit="x")


def test_a_dismissed_appeal_leaves_the_rating_and_its_rectification_due():
    w = world()
    rating = ratings.rating_appeal(actor=w.leader, rating=bad(w), reason="恶意差评")
    rating = ratings.rating_appeal_decide(actor=operator(), rating=rating, upheld=False, note="申请人反映属实")
    assert rating.appeal_status == AppealStatus.DISMISSED and rating.needs_rectification
    assert InboxItem.objects.get(kind=ratings.RECTIFY_TASK).done_at is None
    assert rating_selectors.rating_stats().overall.bad == 1


def test_an_appeal_comes_within_its_working_days():
    w = world()
    monday = dt.datetime(2026, 11, 30, 9, tzinfo=timezone.get_current_timezone())
    rating = bad(w, now=monday)
    late = dt.datetime(2026, 12, 8, 9, tzinfo=timezone.get_current_timezone())  # the sixth working day after
    with pytest.raises(ConflictError) as refused:
        ratings.rating_appeal(actor=w.leader, rating=rating, reason="恶意差评", now=late)
    assert "2026-12-07" in refused.value.message


def test_published_figures_per_department_and_item_as_counted_by_hand():
    w = world()
    w2 = world()  # another department and item
    levels = [5, 4, 3, 2]  # 3 good of 4
    made = []
    for level in levels:
        extra = {"dimensions": ["efficiency"], "comment": "太慢"} if level < 3 else {"dimensions": []}
        made.append(ratings.rating_submit(actor=w.citizen, case=rejected(w), level=level, **extra))
    ratings.rating_reply(actor=w.handler, rating=made[-1], reply="已整改", return_visit="已回访")
    for level in (1, 1):
        ratings.rating_submit(
            actor=w2.citizen, case=rejected(w2), level=level, dimensions=["guide"], comment="指南有误"
        )
    stats = rating_selectors.rating_stats()
    by_org = {row.key: row for row in stats.departments}
    one, two = by_org[w.item.organisation_id], by_org[w2.item.organisation_id]
    assert (one.count, one.good, one.bad, one.rectified) == (4, 3, 1, 1)
    assert one.good_rate == 75.0 and one.average == 3.5 and one.rectified_rate == 100.0  # (5+4+3+2)/4
    assert (two.count, two.good_rate, two.average, two.rectified_rate) == (2, 0.0, 1.0, 0.0)
    overall = stats.overall
    assert overall.count == 6 and overall.good_rate == 50.0 and overall.average == round(16 / 6, 2)
    assert overall.rectified_rate == round(100 * 1 / 3, 1)
    assert [row.key for row in stats.items] == [w.item.pk, w2.item.pk]
    assert rating_selectors.rating_stats(organisation=w2.item.organisation_id).overall.count == 2

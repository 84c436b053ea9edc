"""Demo 网上咨询 and 预约 (R4.7): questions about the person items with counter visits, most answered (some
published as FAQs on the guide), some waiting and two overdue; and visits booked on the next working days, so
政务服务 › 咨询 and › 预约, 我的咨询 and 我的预约 show real work on first start. Deterministic and quick (< 1 s)."""

import datetime as dt

from django.utils import timezone

from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.models import InboxItem
from digigov.eservices.appointment_selectors import bookable_days, slot_times
from digigov.eservices.choices import Audience, ItemStatus
from digigov.eservices.models import Appointment, Consultation, ServiceItem
from digigov.eservices.services import appointments, consultations

# (question, answer, public question or "" when not published as a FAQ)
QUESTIONS = [
    (
        "可以委托家人代为办理吗？需要带什么？",
        "可以委托。受托人须携带本人身份证、委托书及申请人身份证复印件。",
        "可以委托他人代为办理吗？",
    ),
    ("周六能去窗口办理吗？", "政务服务中心周六上午提供延时服务，请提前预约。", "周末可以到窗口办理吗？"),
    (
        "材料交复印件可以吗，还是一定要原件？",
        "原件须现场核验，核验后当场退还；复印件请用 A4 纸。",
        "材料需要原件还是复印件？",
    ),
    ("大概多少个工作日能办好？", "材料齐全的，承诺时限内办结，一般 5 个工作日左右。", ""),
    ("户口不在本市能在这里办吗？", "本事项实行全市通办，可在任一政务服务中心窗口办理。", ""),
    ("网上提交后还要去现场吗？", "网上预审通过后，仅需到现场一次核验原件并领取结果。", ""),
    ("办理要收费吗？", "", ""),
    ("能不能邮寄结果到家里？", "", ""),
    ("申请表在哪里下载？", "", ""),
    ("已经提交了三天还没受理，正常吗？", "", ""),
    ("需要提供近期照片吗，什么规格？", "", ""),
    ("外地户籍的孩子可以在这里申请吗？", "", ""),
]
ANSWERED = 6
OVERDUE = 2


def _date(consultation: Consultation, asked: dt.datetime) -> None:
    """Date a question as asked at `asked`, its deadline and to-do with it."""
    due = add_working_days(timezone.localdate(asked), 3)
    Consultation.objects.filter(pk=consultation.pk).update(asked_at=asked, due_on=due)
    InboxItem.objects.filter(object_type="eservices.consultation", object_id=str(consultation.pk)).update(
        created_at=asked, deadline=due
    )


def load_consultations(clerks, accounts: dict, today: dt.date) -> int:
    """Questions and appointments of the demo citizens; returns how many questions the demo holds."""
    if Consultation.objects.exists():
        return Consultation.objects.count()
    people = accounts.get(Audience.PERSON, [])
    items = list(
        ServiceItem.objects.filter(status=ItemStatus.PUBLISHED, audience=Audience.PERSON, visits__gt=0)
        .select_related("organisation")
        .order_by("pk")[:4]
    )
    if not people or not items:
        return 0
    now = timezone.now()
    for n, (question, answer, public) in enumerate(QUESTIONS):
        item, person = items[n % len(items)], people[n % len(people)]
        asked = consultations.consultation_ask(actor=person, item=item, question=question)
        if n < ANSWERED:
            _date(asked, now - dt.timedelta(days=14 - n))
            consultations.consultation_answer(
                actor=clerks(item.organisation_id, Role.HANDLER),
                consultation=asked,
                answer=answer,
                publish=bool(public),
                faq_question=public,
                faq_answer=answer,
            )
            Consultation.objects.filter(pk=asked.pk).update(answered_at=now - dt.timedelta(days=12 - n))
        elif n < ANSWERED + OVERDUE:
            _date(asked, timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=9), dt.time(10, n))))
        else:
            _date(asked, now - dt.timedelta(hours=2 + n))
    _appointments(people, items)
    return Consultation.objects.count()


def _appointments(people: list, items: list[ServiceItem]) -> None:
    """Visits on the next three working days, one per person and item, spread over the morning slots."""
    days, times = bookable_days()[:3], slot_times()
    for n in range(min(8, len(people) * len(items))):
        person, item = people[n % len(people)], items[(n // len(people)) % len(items)]
        if Appointment.objects.filter(person=person, item=item).exists():
            continue
        appointments.appointment_book(actor=person, item=item, day=days[n % len(days)], slot=times[n % 6])

"""网上咨询 and 预约 in the JSON API under /api/v1/eservices/ (R4.7). A department's staff list and answer the
questions for their departments (another department's is 404); a citizen or legal person lists, asks, and books
and cancels visits of their own."""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from digigov.core.api_inputs import Id
from digigov.core.errors import FieldErrors, NotFoundError
from digigov.core.middleware import client_ip
from digigov.eservices import appointment_selectors, consultation_selectors
from digigov.eservices.models import ServiceItem
from digigov.eservices.permissions import is_staff_member
from digigov.eservices.services import appointments, consultations

router = Router(tags=["eservices"])


class ConsultationOut(Schema):
    id: int
    item_id: int
    item: str
    organisation_id: int
    question: str
    asked_at: dt.datetime
    due_on: dt.date
    status: str
    answer: str
    answered_at: dt.datetime | None
    faq_published: bool
    faq_question: str
    faq_answer: str


def _out(c) -> dict:
    return {
        "id": c.pk,
        "item_id": c.item_id,
        "item": c.item.name,
        "organisation_id": c.organisation_id,
        "question": c.question,
        "asked_at": c.asked_at,
        "due_on": c.due_on,
        "status": c.status,
        "answer": c.answer,
        "answered_at": c.answered_at,
        "faq_published": c.faq_published,
        "faq_question": c.faq_question,
        "faq_answer": c.faq_answer,
    }


@router.get(
    "/consultations",
    response=list[ConsultationOut],
    summary=_("Questions: a department's (waiting first, nearest deadline first), or the caller's own"),
)
def consultation_list(request, status: str = ""):
    if is_staff_member(request.user):
        rows = consultation_selectors.staff_consultations(request.user, status=status)
    else:
        rows = consultation_selectors.asker_consultations(request.user)
    return [_out(c) for c in rows[:200]]


def _own_or_department(request, consultation_id: int):
    if is_staff_member(request.user):
        found = consultation_selectors.staff_consultation_get(request.user, consultation_id)
        consultations.consultation_opened(actor=request.user, consultation=found)
        return found
    found = consultation_selectors.asker_consultations(request.user).filter(pk=consultation_id).first()
    if found is None:
        raise NotFoundError()
    return found


@router.get("/consultations/{consultation_id}", response=ConsultationOut, summary=_("One question"))
def consultation_get(request, consultation_id: Id):
    return _out(_own_or_department(request, consultation_id))


class ConsultationAskIn(Schema):
    item: str  # the implementation code
    question: str


def _published(code: str) -> ServiceItem:
    item = ServiceItem.objects.published().filter(implementation_code=code[:40]).first()
    if item is None:
        raise FieldErrors.one("item", _("No published service item has this code."))
    return item


@router.post("/consultations", response={201: ConsultationOut}, summary=_("Ask a question about a service item"))
def consultation_ask(request, body: ConsultationAskIn):
    found = consultations.consultation_ask(
        actor=request.user, item=_published(body.item), question=body.question, address=client_ip(request) or None
    )
    return Status(201, _out(found))


class ConsultationAnswerIn(Schema):
    answer: str
    publish: bool = False
    faq_question: str = ""
    faq_answer: str = ""


@router.post("/consultations/{consultation_id}/answer", response=ConsultationOut, summary=_("Answer a question (R4.7)"))
def consultation_answer(request, consultation_id: Id, body: ConsultationAnswerIn):
    found = consultation_selectors.staff_consultation_get(request.user, consultation_id)
    return _out(consultations.consultation_answer(actor=request.user, consultation=found, **body.dict()))


class AppointmentSlotOut(Schema):
    time: str
    free: int
    capacity: int


@router.get(
    "/appointments/slots",
    response=list[AppointmentSlotOut],
    summary=_("The bookable slots of a day for a service item"),
)
def appointment_slots(request, item: str, day: dt.date):
    return [
        {"time": s.label, "free": s.free, "capacity": s.capacity}
        for s in appointment_selectors.slots_for(_published(item), day)
    ]


class AppointmentOut(Schema):
    id: int
    number: str
    item_id: int
    item: str
    organisation_id: int
    place: str
    day: dt.date
    slot: str
    status: str


def _appointment(a) -> dict:
    return {
        "id": a.pk,
        "number": a.number,
        "item_id": a.item_id,
        "item": a.item.name,
        "organisation_id": a.organisation_id,
        "place": a.place,
        "day": a.day,
        "slot": f"{a.slot:%H:%M}",
        "status": a.status,
    }


class AppointmentBookIn(Schema):
    item: str
    day: dt.date
    slot: str


@router.get("/appointments", response=list[AppointmentOut], summary=_("The caller's own booked visits"))
def appointment_list(request):
    return [_appointment(a) for a in appointment_selectors.person_appointments(request.user)[:200]]


@router.post("/appointments", response={201: AppointmentOut}, summary=_("Book a counter visit (预约)"))
def appointment_book(request, body: AppointmentBookIn):
    try:
        slot = dt.time.fromisoformat(body.slot) if len(body.slot) == 5 else None
    except ValueError:
        slot = None
    booked = appointments.appointment_book(actor=request.user, item=_published(body.item), day=body.day, slot=slot)
    return Status(201, _appointment(booked))


@router.post("/appointments/{appointment_id}/cancel", response=AppointmentOut, summary=_("Cancel one's booked visit"))
def appointment_cancel(request, appointment_id: Id):
    found = appointment_selectors.person_appointments(request.user).filter(pk=appointment_id).first()
    if found is None:
        raise NotFoundError()
    return _appointment(appointments.appointment_cancel(actor=request.user, appointment=found))

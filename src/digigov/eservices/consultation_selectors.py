"""Reads of 网上咨询 (R4.7): a department's queue of questions, one question as its department sees it, a person's
own questions, the published FAQs of an item, and the answers the guide already gives to a question (by keyword:
the FAQs and guide sections sharing the most two-character words with it)."""

import re
from dataclasses import dataclass

from django.db.models import Case as When_
from django.db.models import IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from digigov.core.errors import NotFoundError
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.eservices.choices import ConsultationStatus
from digigov.eservices.models import Consultation, ServiceItem

HAN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]{2,}")
# two-character words a question shares with any text, which say nothing about what it asks
COMMON = {
    "请问",
    "问一",
    "一下",
    "如何",
    "怎么",
    "什么",
    "需要",
    "可以",
    "是否",
    "办理",
    "我的",
    "我们",
    "这个",
    "哪里",
}
SHOWN = 3


def staff_consultations(actor, *, status: str = "") -> QuerySet[Consultation]:
    """The questions for the actor's departments: waiting first, nearest deadline first."""
    qs = Consultation.objects.select_related("item", "organisation")
    if not is_platform_admin(actor):
        qs = qs.filter(organisation_id__in=organisation_ids(actor))
    if status in ConsultationStatus.values:
        qs = qs.filter(status=status)
    waiting_first = When_(
        When(status=ConsultationStatus.WAITING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return qs.order_by(waiting_first, "due_on", "pk")


def staff_consultation_get(actor, pk: int) -> Consultation:
    found = staff_consultations(actor).filter(pk=pk).first()
    if found is None:
        raise NotFoundError()
    return found


def asker_consultations(actor) -> QuerySet[Consultation]:
    if actor is None or not actor.is_authenticated:
        return Consultation.objects.none()
    return Consultation.objects.filter(asker=actor).select_related("item", "organisation").order_by("-asked_at")


def item_faqs(item: ServiceItem) -> list[Consultation]:
    return list(Consultation.objects.filter(item=item, faq_published=True).order_by("-answered_at", "pk"))


def _words(text: str) -> set[str]:
    words = set()
    for run in HAN.findall(text or ""):
        if run.isascii():
            words.add(run.lower())
            continue
        words.update(run[i : i + 2] for i in range(len(run) - 1))
    return words - COMMON


@dataclass(frozen=True)
class Match:
    title: str
    text: str
    anchor: str = ""


def _guide_sections(guide: dict, materials: list[dict]) -> list[tuple[str, str, str]]:
    return [
        (_("Who may apply"), guide.get("conditions") or "", "conditions"),
        (_("Materials"), "、".join(m.get("name", "") for m in materials), "materials"),
        (_("Procedure"), guide.get("procedure") or "", "procedure"),
        (_("Where and when"), f"{guide.get('place') or ''} {guide.get('hours') or ''}".strip(), "where"),
    ]


def guide_answers(question: str, *, guide: dict, materials: list[dict], faqs: list[Consultation]) -> list[Match]:
    """The FAQs and guide sections that share at least two words with the question, best first, at most three."""
    asked = _words(question)
    if not asked:
        return []
    scored = []
    for faq in faqs:
        score = len(asked & _words(f"{faq.faq_question} {faq.faq_answer}"))
        scored.append((score, 1, Match(faq.faq_question, faq.faq_answer, "faqs")))
    for title, text, anchor in _guide_sections(guide, materials):
        scored.append((len(asked & _words(f"{title}{text}")), 0, Match(title, text, anchor)))
    scored = [s for s in scored if s[0] >= 2 and s[2].text]
    scored.sort(key=lambda s: (-s[0], -s[1]))
    return [s[2] for s in scored[:SHOWN]]

"""Duplicate suggestions for a new request (acceptance 6; R5.1): the agent sees them while the caller is on the line
and may merge the new ticket into one of them (services/merging.py) instead of having it handled twice.

Two reasons, each within the rule `hotline.duplicate_days` before the call, among the centre's tickets that are
still open and not merged themselves (only such a ticket can take a merged one):

- 同一来电人: the same caller (normalised phone), whatever the words. A caller who calls again within days while
  their ticket is open is nearly always chasing or adding to it, and a person rarely tells the same matter twice
  in the same words (rephrasings score 0.36-0.85 in core/chinese_text.py), so a text threshold would hide exactly
  these; the score is shown and the agent decides.
- 同一地点相近诉求: another caller at the same place whose request is at least `hotline.duplicate_similarity` per cent
  alike (core.chinese_text). The place is the county (区/县) of the division: one caller picks the street (街道),
  the next only the district, and an agent means "the same district" by "the same place"; a city or the province
  is too wide and is matched only as itself.

Cost at scale: both lookups are index range scans ((caller_phone, created_at), and (division, created_at) for each
division of the county), the place's capped at the rule `hotline.duplicate_candidates` newest tickets; the comparison
uses the words stored on each ticket at intake (`Ticket.content_words`), so only the new request is segmented, and
skips the bigrams of a candidate whose words alone cannot reach the threshold (bench/hotline.py measures it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from digigov.core.chinese_text import stored_similarity, stored_words
from digigov.core.models import Division
from digigov.core.rules import rule
from digigov.hotline.choices import DuplicateReason, TicketStatus
from digigov.hotline.masking import normalise_phone
from digigov.hotline.models import OPEN_STATUSES, Ticket

# A ticket may take merged ones until its answer is given (the lifecycle's MERGE rows and services/merging.py).
MERGE_INTO_STATUSES = [
    TicketStatus.NEW,
    TicketStatus.DISPATCHED,
    TicketStatus.HANDED_BACK,
    TicketStatus.HANDLING,
    TicketStatus.REPLIED,
]
_LIVE = [s for s in OPEN_STATUSES if s != TicketStatus.MERGED]


@dataclass(frozen=True)
class DuplicateCandidate:
    ticket: Ticket
    reason: str  # DuplicateReason
    score: float  # 0..1, core.chinese_text.similarity of the two requests

    @property
    def reason_label(self) -> str:
        return str(DuplicateReason(self.reason).label)

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def can_merge(self) -> bool:
        return self.ticket.status in MERGE_INTO_STATUSES


def place_codes(division_code: str) -> list[str]:
    """The divisions at the same place as `division_code`: its county and every division below it, or the division
    itself when it is a city or the province (codes nest by prefix, so a county is one range of codes)."""
    division = Division.objects.filter(pk=(division_code or "").strip()).only("code", "level").first()
    if division is None:
        return []
    if division.level not in ("county", "township", "village"):
        return [division.code]
    county = division.code[:6]
    return list(
        Division.objects.filter(code__gte=county, code__lt=f"{int(county) + 1:06d}").values_list("code", flat=True)
    )


def duplicate_candidates(
    *,
    centre_id: int,
    caller_phone: str,
    division_code: str,
    category_id: int | None,
    content: str,
    exclude_pk: int | None = None,
    on: dt.datetime | None = None,
    limit: int = 5,
) -> list[DuplicateCandidate]:
    """The open tickets of the centre that look like the same request: the caller's own first, then by score.
    The caller of this selector has checked that the actor takes calls at `centre_id`."""
    on = on or timezone.now()
    since = on - dt.timedelta(days=rule("hotline.duplicate_days"))
    # Only the phone or the divisions and the time go to the database, so that its planner takes the index that
    # starts with them (with the centre in the query SQLite preferred the hotspot index, reading every ticket of
    # the days); the centre and the state are checked on the rows read.
    recent = Ticket.objects.filter(created_at__gte=since, created_at__lte=on).order_by("-created_at")
    fields = ("pk", "content_words", "category_id", "centre_id", "status")
    try:
        phone = normalise_phone(caller_phone)
    except ValidationError:
        phone = ""
    own = list(recent.filter(caller_phone=phone).values_list(*fields)[:50]) if phone else []
    codes = place_codes(division_code) if (content or "").strip() else []
    near = list(recent.filter(division_id__in=codes).values_list(*fields)[: rule("hotline.duplicate_candidates")])

    def wanted(row) -> bool:
        return row[3] == centre_id and row[4] in _LIVE and row[0] != exclude_pk

    own = [row for row in own if wanted(row)]
    own_pks = {row[0] for row in own}
    near = [row for row in near if wanted(row) and row[0] not in own_pks]
    rows = {row[0]: row for row in own + near}

    unsegmented = [row[0] for row in own + near if not row[1]]  # tickets registered before words were stored
    texts = dict(Ticket.objects.filter(pk__in=unsegmented).values_list("pk", "content")) if unsegmented else {}

    def stored(chosen):
        return [(row[0], row[1] or stored_words(texts.get(row[0], ""))) for row in chosen]

    threshold = rule("hotline.duplicate_similarity") / 100
    scores = dict(stored_similarity(content or "", stored(own)))
    near_scores = dict(stored_similarity(content or "", stored(near), threshold=threshold))
    scores.update(near_scores)
    chosen = [(pk, DuplicateReason.SAME_CALLER) for pk in own_pks] + [
        (pk, DuplicateReason.SAME_PLACE) for pk in near_scores
    ]
    chosen.sort(
        key=lambda pair: (
            pair[1] != DuplicateReason.SAME_CALLER,
            -scores.get(pair[0], 0.0),
            category_id is None or rows[pair[0]][2] != category_id,  # the same category first among equals
            -pair[0],
        )
    )
    chosen = chosen[: max(1, min(limit, 20))]
    tickets = Ticket.objects.select_related("division", "category").in_bulk([pk for pk, _r in chosen])
    return [DuplicateCandidate(tickets[pk], reason, scores.get(pk, 0.0)) for pk, reason in chosen if pk in tickets]

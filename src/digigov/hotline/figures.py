"""Figures of the hotline for decisions (R5.1: "supports decisions with its data"): where requests concentrate.
The analysis screens build on these selectors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count

from digigov.hotline.models import Ticket


def hotspot_counts(*, centre_ids: Iterable[int], month_start: dt.datetime, month_end: dt.datetime) -> list[dict]:
    """热点: tickets registered in [month_start, month_end) at the given centres, counted by subject category ×
    division, most first: [{"category_id", "division_id", "count"}]. Read from the index (centre, created_at,
    category, division) alone; bench/hotline.py measures it at 1,000,000 tickets."""
    return list(
        Ticket.objects.filter(centre_id__in=list(centre_ids), created_at__gte=month_start, created_at__lt=month_end)
        .values("category_id", "division_id")
        .annotate(count=Count("*"))
        .order_by("-count", "category_id", "division_id")
    )

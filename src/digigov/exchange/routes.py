"""Ninja routes of the exchange under /api/v1/exchange/ (R1.4–R1.7, R1.10)."""

from ninja import Router

router = Router(tags=["exchange"])

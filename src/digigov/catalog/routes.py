"""Ninja routes of the catalogue under /api/v1/catalog/ (R1.1–R1.3)."""

from ninja import Router

router = Router(tags=["catalog"])

"""The exchange gateway under /api/v1/exchange/gateway/: consumer systems read granted data (R1.8, R1.9)."""

from ninja import Router

router = Router(tags=["gateway"])

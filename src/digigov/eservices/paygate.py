"""Payment providers for fees paid online (网上缴费, 非税收入, R4.7).

A provider does three things, the `PaymentProvider` protocol: open a checkout for a payment code and amount (the
citizen is sent to its page), tell a finished checkout's result when asked (`query`, for a notice that never
arrived: the answer comes over our own call to the provider, so it needs no signature of ours), and check a
notice it sent to our endpoint `POST /api/v1/eservices/payments/notify` (`verify`): an HMAC-SHA256 of the raw body
under the shared key, compared in constant time, and a body no older than `eservices.payment_notice_max_age`
minutes (a notice replayed later is refused). Which provider runs is the setting `DIGIGOV_PAYMENT_PROVIDER`.

The demo has ONE provider, `SimulatorProvider`: a page of our own, plainly labelled 模拟支付（演示用，不产生真实扣款）,
where the citizen confirms or cancels; it then signs its notice exactly as a real provider would and delivers it to
the same function the endpoint runs (in process: a one-worker server calling itself over HTTP would wait on itself).
A real provider (the province's 非税收入 unified payment platform, a bank) is one more class here with its key."""

import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.rules import rule
from digigov.eservices.models import SimulatedCheckout

SIGNATURE_HEADER = "X-Payment-Signature"  # "sha256=<hex>"
PAID, CANCELLED, PENDING = "paid", "cancelled", "pending"
NOTICE_KEY_LABEL = b"digigov eservices payment notices"


@dataclass(frozen=True)
class Checkout:
    ref: str  # the provider's reference of this checkout
    url: str  # where the citizen pays


@dataclass(frozen=True)
class Notice:
    """What a provider tells us of a checkout: paid (with its trade number) or cancelled by the payer."""

    notice_id: str
    payment_code: str
    amount_fen: int
    status: str  # PAID or CANCELLED
    trade_no: str
    sent_at: dt.datetime


class NoticeError(Exception):
    """A notice we refuse: `code` for the API's error shape and the ledger."""

    def __init__(self, code: str, message):
        super().__init__(code)
        self.code = code
        self.message = message


class PaymentProvider(Protocol):
    code: str
    label: str

    def create(self, *, payment_code: str, amount_fen: int, subject: str, payee: str, return_url: str) -> Checkout: ...

    def query(self, *, ref: str) -> Notice | None: ...  # a finished checkout's result, asked of the provider

    def verify(self, *, body: bytes, signature: str) -> Notice: ...


def notice_key() -> bytes:
    configured = getattr(settings, "DIGIGOV_PAYMENT_NOTICE_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), NOTICE_KEY_LABEL, hashlib.sha256).digest()


def sign(body: bytes, key: bytes | None = None) -> str:
    return "sha256=" + hmac.new(key or notice_key(), body, hashlib.sha256).hexdigest()


def _check_signature(body: bytes, signature: str) -> None:
    if not hmac.compare_digest(sign(body).encode(), (signature or "").strip().encode()):
        raise NoticeError("bad_signature", _("The payment notice's signature is not valid."))


def _parse(body: bytes, now: dt.datetime | None = None) -> Notice:
    try:
        data = json.loads(body)
        notice = Notice(
            notice_id=str(data["notice_id"])[:64],
            payment_code=str(data["payment_code"])[:20],
            amount_fen=int(data["amount_fen"]),
            status=str(data["status"]),
            trade_no=str(data.get("trade_no", ""))[:64],
            sent_at=dt.datetime.fromisoformat(str(data["sent_at"])),
        )
    except (ValueError, KeyError, TypeError):
        raise NoticeError("bad_notice", _("The payment notice cannot be read.")) from None
    if notice.status not in (PAID, CANCELLED) or notice.sent_at.tzinfo is None:
        raise NoticeError("bad_notice", _("The payment notice cannot be read."))
    now = now or timezone.now()
    age = now - notice.sent_at
    if age > dt.timedelta(minutes=rule("eservices.payment_notice_max_age")) or age < dt.timedelta(minutes=-1):
        raise NoticeError("stale_notice", _("The payment notice is too old or from the future: refused as a replay."))
    return notice


class SimulatorProvider:
    """模拟支付 (demo only, no money moves): checkouts in `SimulatedCheckout`, paid or cancelled on our own page."""

    code = "simulator"
    label = _("Simulated payment (for demonstration only, no real charge)")

    def create(self, *, payment_code: str, amount_fen: int, subject: str, payee: str, return_url: str) -> Checkout:
        ref = secrets.token_urlsafe(24)
        SimulatedCheckout.objects.create(
            ref=ref,
            payment_code=payment_code,
            amount_fen=amount_fen,
            subject=subject[:200],
            payee=payee[:200],
            return_url=return_url,
        )
        return Checkout(ref=ref, url=reverse("eservices_paysim", args=[ref]))

    def query(self, *, ref: str) -> Notice | None:
        checkout = SimulatedCheckout.objects.filter(ref=ref).exclude(status=PENDING).first()
        if checkout is None:
            return None
        return Notice(
            notice_id=f"query-{ref}"[:64],
            payment_code=checkout.payment_code,
            amount_fen=checkout.amount_fen,
            status=checkout.status,
            trade_no=checkout.trade_no,
            sent_at=checkout.finished_at or timezone.now(),
        )

    def verify(self, *, body: bytes, signature: str) -> Notice:
        _check_signature(body, signature)
        return _parse(body)

    # the simulator's own side: what its page does when the citizen confirms or cancels

    def checkout_get(self, ref: str) -> SimulatedCheckout | None:
        return SimulatedCheckout.objects.filter(ref=ref, status=PENDING).first()

    def finish(self, checkout: SimulatedCheckout, *, paid: bool) -> tuple[bytes, str]:
        """Close the checkout and write its notice: the body and its signature, as a provider posts them."""
        now = timezone.now()
        checkout.status = PAID if paid else CANCELLED
        checkout.trade_no = f"SIM{timezone.localtime(now):%Y%m%d%H%M%S}{secrets.randbelow(10**6):06d}" if paid else ""
        checkout.finished_at = now
        checkout.save(update_fields=["status", "trade_no", "finished_at"])
        body = json.dumps(
            {
                "notice_id": secrets.token_hex(16),
                "payment_code": checkout.payment_code,
                "amount_fen": checkout.amount_fen,
                "status": checkout.status,
                "trade_no": checkout.trade_no,
                "sent_at": now.isoformat(),
            }
        ).encode()
        return body, sign(body)


PROVIDERS: dict[str, type] = {SimulatorProvider.code: SimulatorProvider}


def provider() -> PaymentProvider:
    """The provider `DIGIGOV_PAYMENT_PROVIDER` names."""
    code = getattr(settings, "DIGIGOV_PAYMENT_PROVIDER", SimulatorProvider.code)
    if code not in PROVIDERS:
        raise ImproperlyConfigured(f"DIGIGOV_PAYMENT_PROVIDER: unknown payment provider {code!r}")
    return PROVIDERS[code]()

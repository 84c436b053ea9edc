"""The gateway's access log is sealed day by day into the audit ledger, and any later change shows (R1.8, R0.4)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from digigov.core import ledger
from digigov.core.errors import DomainError
from digigov.core.models import LedgerEntry
from digigov.exchange import call_seal
from digigov.exchange.choices import CallStatus
from digigov.exchange.models import GatewayCall

pytestmark = pytest.mark.django_db


def calls_on(day: dt.date, n: int) -> list[GatewayCall]:
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
    return [
        GatewayCall.objects.create(
            at=at + dt.timedelta(minutes=i),
            purpose="社保待遇资格认证",
            query=f"key=42010219900101{i:04d}",
            record_keys=f"42010219900101{i:04d}",
            record_count=1,
            status=CallStatus.OK,
            latency_ms=1.0,
        )
        for i in range(n)
    ]


def test_a_sealed_day_verifies_until_a_row_is_changed_or_removed():
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    rows = calls_on(yesterday, 3)
    calls_on(timezone.localdate(), 2)  # today's calls are not part of yesterday's seal
    entry = call_seal.seal_day(yesterday)
    assert entry.action == "exchange.gateway_log.sealed" and entry.object_id == yesterday.isoformat()
    sealed, now = call_seal.verify_day(yesterday)
    assert (sealed["calls"], sealed["first_id"], sealed["last_id"]) == (3, rows[0].pk, rows[2].pk)
    assert sealed["sm3"] == now.sm3
    assert call_seal.seal_day(yesterday).pk == entry.pk  # sealing again keeps the first seal

    GatewayCall.objects.filter(pk=rows[1].pk).update(record_keys="110101199003077777")  # someone covers a read
    assert call_seal.verify_day(yesterday)[1].sm3 != sealed["sm3"]
    with pytest.raises(CommandError, match="CHANGED"):
        call_command("seal_gateway_log", verify=yesterday.isoformat())
    assert ledger.verify().ok  # the seal itself sits in the intact chain


def test_the_timer_catches_up_missed_days_and_never_seals_today(capsys):
    today = timezone.localdate()
    for back in (4, 2, 1):
        calls_on(today - dt.timedelta(days=back), 1)
    calls_on(today, 1)
    call_command("seal_gateway_log")
    sealed = set(LedgerEntry.objects.filter(action=call_seal.ACTION).values_list("object_id", flat=True))
    assert sealed == {(today - dt.timedelta(days=back)).isoformat() for back in (4, 3, 2, 1)}  # day 3: 0 calls
    call_command("seal_gateway_log")
    assert "sealed 0 day(s)" in capsys.readouterr().out
    with pytest.raises(DomainError):
        call_seal.seal_day(today)
    call_command("seal_gateway_log", verify=(today - dt.timedelta(days=2)).isoformat())
    assert "1 calls match their seal" in capsys.readouterr().out

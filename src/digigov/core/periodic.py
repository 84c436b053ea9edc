"""Periodic jobs: apps register them here, one scheduler process (`manage.py run_scheduler`) enqueues them.

A deployment has one timer entry, not one per job (DESIGN.md "background work, timers"). An app registers each
job once, at import of its `tasks.py` (imported from its AppConfig.ready):

    periodic.register(name="exchange.seal_gateway_log", label=_("Seal the gateway log"),
                      schedule=periodic.daily("00:10"), task=seal_gateway_log)

Schedules are read on the local clock (TIME_ZONE, Asia/Shanghai). Each schedule cuts time into slots (every N
minutes from midnight, or one a day at HH:MM); the scheduler enqueues a job at most once per slot, claiming the slot
with a unique (job, slot) row before it enqueues. So a restarted scheduler does not run a daily
job twice, and a second scheduler started by mistake finds the slot taken. A scheduler that was down catches up
only the latest slot it missed, once: the jobs are idempotent and themselves catch up what is due (the seal seals
every finished day not yet sealed).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import Task

from digigov.core.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Every:
    """Every N minutes, counted from local midnight (N should divide 1440: 1, 5, 10, 15, 30, 60 …)."""

    minutes: int

    def slot(self, local: dt.datetime) -> dt.datetime:
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        elapsed = int((local - midnight).total_seconds() // 60)
        return midnight + dt.timedelta(minutes=elapsed - elapsed % self.minutes)

    def __str__(self) -> str:
        return f"every {self.minutes} min"


@dataclass(frozen=True)
class Daily:
    """Once a day at HH:MM local time."""

    at: dt.time

    def slot(self, local: dt.datetime) -> dt.datetime:
        today = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return today if local >= today else today - dt.timedelta(days=1)

    def __str__(self) -> str:
        return f"daily at {self.at:%H:%M}"


def every(*, minutes: int) -> Every:
    if not 1 <= minutes <= 1440:
        raise ValueError(f"every(minutes={minutes}): between 1 and 1440")
    return Every(minutes)


def daily(at: str) -> Daily:
    """`daily("08:00")`: HH:MM on the local clock."""
    return Daily(dt.time.fromisoformat(at))


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    label: str
    schedule: Every | Daily
    task: Task


REGISTRY: dict[str, PeriodicJob] = {}
KEEP_RUNS = dt.timedelta(days=31)  # longer than any slot; a job every 5 minutes leaves ~9,000 rows


def register(*, name: str, label: str, schedule: Every | Daily, task: Task) -> PeriodicJob:
    """Register a periodic job under a stable dotted name (`app.job`); the label is what staff read (Chinese)."""
    job = PeriodicJob(name=name, label=label, schedule=schedule, task=task)
    known = REGISTRY.get(name)
    if known is not None and known.task.module_path != task.module_path:
        raise ValueError(f"periodic job {name!r} is already registered for {known.task.module_path}")
    REGISTRY[name] = job
    return job


def unregister(name: str) -> None:
    REGISTRY.pop(name, None)


def current_slot(job: PeriodicJob, now: dt.datetime | None = None) -> dt.datetime:
    return job.schedule.slot(timezone.localtime(now or timezone.now()))


def run_due(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every registered job whose current slot nobody has claimed; the names of those enqueued."""
    enqueued = []
    for job in list(REGISTRY.values()):
        slot = current_slot(job, now)
        if PeriodicRun.objects.filter(job=job.name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(job=job.name, slot=slot)
        except IntegrityError:
            continue  # another scheduler claimed this slot between our check and our insert
        # Enqueued once the claim is committed (an RQ push cannot roll back); if the queue refuses, the slot is
        # given back and the next check tries again.
        try:
            result = job.task.enqueue()
        except Exception:
            logger.exception("periodic job %s: enqueue failed; retrying at the next check", job.name)
            run.delete()
            continue
        PeriodicRun.objects.filter(pk=run.pk).update(task_result_id=str(result.id)[:64])
        enqueued.append(job.name)
    if enqueued:
        PeriodicRun.objects.filter(slot__lt=(now or timezone.now()) - KEEP_RUNS).delete()
    return enqueued


def last_runs() -> dict[str, PeriodicRun]:
    """The latest claimed slot of each registered job (for `run_scheduler --list`)."""
    latest: dict[str, PeriodicRun] = {}
    for run in PeriodicRun.objects.filter(job__in=list(REGISTRY)).order_by("job", "-slot"):
        latest.setdefault(run.job, run)
    return latest

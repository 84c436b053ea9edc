"""Background work and periodic tasks for the tests: real tasks, importable by a real worker process."""

import time

from django.contrib.auth import get_user_model
from django_tasks import task

from digigov.core.background import Outcome, background_task, kept_upload
from digigov.core.errors import DomainError
from digigov.core.models import Notification
from digigov.core.spreadsheets import CellError, ImportRejectedError


@background_task
def count_rows(job, progress, *, rows: int, pause: float = 0.0) -> Outcome:
    """`pause` seconds per row lets a person watch the bar move (a screenshot while it runs)."""
    for done in range(1, rows + 1):
        time.sleep(pause)
        progress(done, rows)
    return Outcome(message=f"数了 {rows} 行", file=("结果.csv", "行,值\n1,2\n".encode()))


@background_task
def refuse(job, progress) -> Outcome:
    progress(1, 4)
    raise DomainError("第 3 行第 B 列：不是有效的日期")


@background_task
def crash(job, progress) -> Outcome:
    raise ZeroDivisionError("a bug")


@task()
def leave_a_note() -> int:
    """A periodic job's visible effect: one notification to the user `clock` per run."""
    return Notification.objects.create(recipient=get_user_model().objects.get(username="clock"), title="tick").pk


@background_task
def import_names(job, progress, *, upload: str) -> Outcome:
    """A small import the way apps write one: the kept upload, a stage, every bad cell refused at once."""
    with kept_upload(upload) as data:
        lines = data.decode().splitlines()
    progress(0, len(lines), stage="正在检查")
    errors = [CellError(f"A{n}", "姓名不能是数字") for n, name in enumerate(lines, start=1) if name.isdigit()]
    if errors:
        raise ImportRejectedError(errors)
    return Outcome(message=f"导入了 {len(lines)} 个姓名")

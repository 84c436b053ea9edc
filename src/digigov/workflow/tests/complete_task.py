"""A separate process for test_concurrency.py (not collected by pytest).

python complete_task.py DATABASE_URL work USER_ID TASK_IDS DIR LABEL [--hold-ms N] [--no-lock]
    for each task id (one per round): touch DIR/ready-LABEL-ROUND, wait for DIR/go-ROUND, then complete the task
    through workflow.api.task_complete, holding the instance for N ms after loading it, so the two processes'
    steps surely overlap; prints one JSON line per round: {"round", "ok", "code", "waited_ms"}.
    --no-lock reads the instance without the row lock: the revision check alone must then refuse one of them.
python complete_task.py DATABASE_URL report INSTANCE_IDS
    prints one JSON object: per instance its revision, open and done task elements, open to-dos, completions logged.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))


def wait_for(go: Path) -> None:
    deadline = time.monotonic() + 120
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{go} never appeared")
        time.sleep(0.002)


def work(user_id: int, task_ids: list[int], directory: Path, label: str, hold_ms: int, lock: bool) -> None:
    from django.contrib.auth import get_user_model

    from digigov.core.errors import DomainError
    from digigov.workflow import api as workflow
    from digigov.workflow import services
    from digigov.workflow.models import ProcessInstance, UserTask

    waited = {"ms": 0.0}
    locked_read = services._locked_instance

    def timed_read(pk):
        started = time.monotonic()
        instance = locked_read(pk) if lock else ProcessInstance.objects.select_related("version__definition").get(pk=pk)
        waited["ms"] = (time.monotonic() - started) * 1000
        return instance

    loader = services._load

    def slow_load(instance, today):
        run = loader(instance, today)
        time.sleep(hold_ms / 1000)
        return run

    services._locked_instance = timed_read
    services._load = slow_load
    user = get_user_model().objects.get(pk=user_id)
    for number, task_id in enumerate(task_ids):
        task = UserTask.objects.get(pk=task_id)
        (directory / f"ready-{label}-{number}").touch()
        wait_for(directory / f"go-{number}")
        try:
            workflow.task_complete(actor=user, task=task)
            outcome = {"ok": True, "code": ""}
        except DomainError as error:
            outcome = {"ok": False, "code": error.code, "status": error.status}
        print(json.dumps({"round": number, "waited_ms": round(waited["ms"], 1), **outcome}), flush=True)


def report(instance_ids: list[int]) -> None:
    from digigov.core.models import InboxItem, LedgerEntry
    from digigov.workflow.models import ProcessInstance, UserTask

    found = {}
    for pk in instance_ids:
        tasks = UserTask.objects.filter(instance_id=pk)
        found[pk] = {
            "revision": ProcessInstance.objects.get(pk=pk).revision,
            "open": sorted(tasks.filter(status="open").values_list("element_id", flat=True)),
            "done": sorted(tasks.filter(status="done").values_list("element_id", flat=True)),
            "todos_open": InboxItem.objects.filter(
                object_type="workflow.usertask",
                object_id__in=[str(t) for t in tasks.values_list("pk", flat=True)],
                done_at__isnull=True,
            ).count(),
            "completions": LedgerEntry.objects.filter(
                action="workflow.task.completed", object_type="workflow.processinstance", object_id=str(pk)
            ).count(),
        }
    print(json.dumps(found))


def main() -> None:
    os.environ["DATABASE_URL"] = sys.argv[1]
    os.environ["DJANGO_SETTINGS_MODULE"] = "digigov.conf.test"
    import django

    django.setup()
    args = sys.argv[2:]
    if args[0] == "work":
        hold = int(args[args.index("--hold-ms") + 1]) if "--hold-ms" in args else 0
        ids = [int(x) for x in args[2].split(",")]
        work(int(args[1]), ids, Path(args[3]), args[4], hold, "--no-lock" not in args)
    else:
        report([int(x) for x in args[1].split(",")])


if __name__ == "__main__":
    main()

"""Two people completing the two parallel tasks of a joint approval at the same moment never lose a step
(ADR 0003 §2): two real processes, each holding its instance 200 ms after loading it, ten rounds."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from digigov.core.choices import Role
from digigov.core.tests.databases import share_database
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.workflow import api as workflow
from digigov.workflow.models import UserTask
from digigov.workflow.tests.factories import shipped_version

WORKER = Path(__file__).with_name("complete_task.py")
ROUNDS = 10


def at_the_parallel_point(rounds: int):
    lead, market, police = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    clerk = staff(Role.HANDLER, lead)
    people = {"a": staff(Role.REVIEWER, market), "b": staff(Role.REVIEWER, police)}
    version = shipped_version()
    instances, tasks = [], {"a": [], "b": []}
    today = timezone.localdate() + timezone.timedelta(days=21)  # the timer after the join never fires by itself
    for _ in range(rounds):
        started = workflow.instance_start(
            actor=clerk,
            version=version,
            organisation=lead,
            facts={"materials_ok": True, "amount": 100},
            parts={"licence": market, "seal": police},
            today=today,
        )
        step = workflow.task_complete(actor=clerk, task=started.opened[0], today=today)
        by_element = {t.element_id: t.pk for t in step.opened}
        tasks["a"].append(by_element["review_a"])
        tasks["b"].append(by_element["review_b"])
        instances.append(started.instance.pk)
    return instances, tasks, people


def run_pair(url: str, tmp_path: Path, tasks: dict, people: dict, *extra: str) -> dict[str, list[dict]]:
    workers = {
        label: subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                url,
                "work",
                str(people[label].pk),
                ",".join(map(str, tasks[label])),
                str(tmp_path),
                label,
                "--hold-ms",
                "200",
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for label in ("a", "b")
    }
    for number in range(len(tasks["a"])):
        deadline = time.monotonic() + 90
        while not all((tmp_path / f"ready-{label}-{number}").exists() for label in workers):
            assert all(w.poll() is None for w in workers.values()), [w.communicate() for w in workers.values()]
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.005)
        (tmp_path / f"go-{number}").touch()
    results = {}
    for label, worker in workers.items():
        out, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err
        results[label] = [json.loads(line) for line in out.strip().splitlines()]
    return results


def report(url: str, instances: list[int]) -> dict:
    out = subprocess.run(
        [sys.executable, str(WORKER), url, "report", ",".join(map(str, instances))],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return {int(k): v for k, v in json.loads(out.strip().splitlines()[-1]).items()}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_people_completing_parallel_tasks_at_once_never_lose_a_step(tmp_path):
    instances, tasks, people = at_the_parallel_point(ROUNDS)
    url = share_database(tmp_path)
    results = run_pair(url, tmp_path, tasks, people)
    assert all(r["ok"] for label in results for r in results[label]), results
    found = report(url, instances)
    for pk in instances:
        assert found[pk]["done"] == ["accept", "review_a", "review_b"]
        assert found[pk]["open"] == []  # the join fired once: the timer waits, no task is left open
        assert found[pk]["revision"] == 3  # accept + two parallel steps, none overwritten
        assert found[pk]["completions"] == 3 and found[pk]["todos_open"] == 0
    if connection.vendor == "postgresql":  # they really ran together: one waited on the other's lock each round
        waits = [max(results["a"][n]["waited_ms"], results["b"][n]["waited_ms"]) for n in range(ROUNDS)]
        assert min(waits) >= 150, waits


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_without_the_row_lock_the_revision_check_refuses_one_step_instead_of_losing_it(tmp_path):
    instances, tasks, people = at_the_parallel_point(3)
    url = share_database(tmp_path)
    results = run_pair(url, tmp_path, tasks, people, "--no-lock")
    found = report(url, instances)
    for number, pk in enumerate(instances):
        outcomes = sorted((results["a"][number]["ok"], results["b"][number]["ok"]))
        if connection.vendor == "postgresql":
            assert outcomes == [False, True]  # both read revision 1; the second write finds it moved: 409
            refused = [results[label][number] for label in "ab" if not results[label][number]["ok"]][0]
            assert refused["status"] == 409
            assert found[pk]["revision"] == 2 and len(found[pk]["open"]) == 1
        else:  # SQLite's writers queue at BEGIN IMMEDIATE, so even the unlocked read sees the first step
            assert outcomes == [True, True] and found[pk]["revision"] == 3
        assert UserTask.objects.filter(instance_id=pk).exists() or connection.vendor != "postgresql"

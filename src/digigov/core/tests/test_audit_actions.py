"""Every ledger action has a name people read (R0.4): the registry refuses unnamed keys, at run time and in the
source, and the ledger screen and histories show labels, people's names and sentences instead of keys and JSON."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation

from digigov.core import audit_actions, ledger
from digigov.core.admin_views import AuditedViewSet
from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.names import person_name
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff

SOURCE = Path(settings.BASE_DIR) / "src" / "digigov"
ACTION_KEY = re.compile(r"^[a-z_]+(\.[a-z_]+){2,}$")


def action_keys_in(code: str) -> tuple[set[str], list[str]]:
    """(literal action keys, f-string patterns) a module passes to the ledger.

    Literals: `action="a.b.c"`, either branch of `action="…" if … else "…"`, a module or local name bound to
    such a string, and a string handed positionally to a helper whose name ends in `record` (`_record(actor,
    "catalog.demand.created", …)`). An f-string `action=f"app.{x}.y"` comes back as a regular expression.
    """
    tree = ast.parse(code)
    bound: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bound.setdefault(target.id, []).append(node.value)
    literals: set[str] = set()
    patterns: list[str] = []

    def collect(expr: ast.expr, depth: int = 0) -> None:
        if depth > 4:
            return
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str) and ACTION_KEY.match(expr.value):
            literals.add(expr.value)
        elif isinstance(expr, ast.IfExp):
            collect(expr.body, depth + 1)
            collect(expr.orelse, depth + 1)
        elif isinstance(expr, ast.Name):
            for value in bound.get(expr.id, []):
                collect(value, depth + 1)
        elif isinstance(expr, ast.JoinedStr):
            patterns.append(
                "".join(
                    re.escape(part.value) if isinstance(part, ast.Constant) else r"[a-z_.]+" for part in expr.values
                )
            )

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "action":
                collect(keyword.value)
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name.endswith("record"):
            for arg in node.args:
                collect(arg)
    return literals, patterns


def source_modules():
    for path in sorted(SOURCE.rglob("*.py")):
        if not {"tests", "migrations"} & set(path.relative_to(SOURCE).parts):
            yield path


def test_every_action_key_written_in_the_source_is_registered():
    literals, patterns = set(), []
    for path in source_modules():
        found, fstrings = action_keys_in(path.read_text(encoding="utf-8"))
        literals |= found
        patterns += [(path.name, p) for p in fstrings]
    assert len(literals) > 50  # the scan sees the apps' keys, not nothing
    assert not sorted(k for k in literals if not audit_actions.is_registered(k))
    for module, pattern in patterns:
        assert any(re.fullmatch(pattern, k) for k in audit_actions.REGISTRY), f"{module}: nothing matches {pattern}"


def test_the_source_scan_finds_an_unregistered_key_in_each_form():
    code = """
KEY = "nope.thing.kept"
def f(actor, flag):
    ledger.record(action="nope.thing.done", actor=actor)
    ledger.record(action="nope.thing.on" if flag else "nope.thing.off")
    ledger.record(action=KEY)
    _record(actor, "nope.list.created", {})
    ledger.record(action=f"nope.{flag}.made")
    parser.add_argument("--x", action="store_true")
"""
    literals, patterns = action_keys_in(code)
    assert literals == {"nope.thing.done", "nope.thing.on", "nope.thing.off", "nope.thing.kept", "nope.list.created"}
    assert not any(audit_actions.is_registered(k) for k in literals)
    assert patterns == [r"nope\.[a-z_.]+\.made"]
    assert not any(re.fullmatch(patterns[0], k) for k in audit_actions.REGISTRY)


def test_each_key_the_audited_master_data_screens_build_is_registered():
    """AuditedViewSet writes "<model>.created|changed|deleted" for its model; apps test their own built keys."""
    models = {viewset.model for viewset in _subclasses(AuditedViewSet) if getattr(viewset, "model", None)}
    assert models
    built = [f"{m._meta.label_lower}.{verb}" for m in models for verb in ("created", "changed", "deleted")]
    assert not [key for key in built if not audit_actions.is_registered(key)]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@pytest.mark.django_db
def test_recording_an_unregistered_action_is_refused_and_leaves_no_entry():
    before = LedgerEntry.objects.count()
    with pytest.raises(ledger.LedgerError, match="nope.thing.done"), transaction.atomic():
        ledger.record(action="nope.thing.done", object_type="test.thing", object_id=1)
    assert LedgerEntry.objects.count() == before
    with transaction.atomic():
        ledger.record(action="core.inbox.completed", object_type="core.inboxitem", object_id=1)
    assert LedgerEntry.objects.count() == before + 1


def test_person_name_is_surname_then_given_name_without_a_space():
    assert person_name(UserFactory.build(username="psb.handler", last_name="张", first_name="敏")) == "张敏"
    assert person_name(UserFactory.build(username="psb.handler", last_name="", first_name="张敏")) == "张敏"
    assert person_name(UserFactory.build(username="psb.handler", last_name="", first_name="")) == "psb.handler"
    assert person_name(None) == ""


@pytest.mark.django_db
def test_describe_names_the_person_the_action_and_says_the_summary_with_the_comment():
    clerk = staff(Role.HANDLER, username="psb.handler", last_name="张", first_name="敏")
    with transaction.atomic():
        mine = ledger.record(
            action="core.rule.changed",
            actor=clerk,
            object_type="core.rule",
            object_id="exchange.conditional_reply_days",
            before={"value": 10},
            after={"value": 8, "comment": "按省政府通知缩短"},
        )
        timer = ledger.record(action="core.inbox.registered", after={"title": "审核目录资源", "deadline": "2026-12-09"})
    with translation.override("zh-hans"):  # what people read; another test may have left English on
        with_names = audit_actions.describe_many([mine, timer])
    assert [(d.person, d.label) for d in with_names] == [("张敏", "修改规则参数"), ("系统", "登记待办")]
    assert "10" in with_names[0].sentence and "8" in with_names[0].sentence
    assert with_names[0].sentence.endswith("意见：按省政府通知缩短")
    assert "." not in with_names[0].sentence.split("：")[0]  # the rule's label, not its key
    assert with_names[1].sentence == "待办：审核目录资源；截止日期：2026-12-09"


@pytest.mark.django_db
def test_ledger_screen_shows_labels_names_and_sentences_not_keys_logins_or_json(client):
    admin = staff(Role.PLATFORM_ADMIN, OrganisationFactory(is_platform_operator=True), username="platform.admin")
    admin.is_superuser = True
    admin.save()
    clerk = staff(Role.HANDLER, username="psb.handler", last_name="张", first_name="敏")
    org = OrganisationFactory(name="省大数据局")
    with transaction.atomic():
        ledger.record(
            action="core.organisation.changed",
            actor=clerk,
            obj=org,
            before={"short_name": "大数据局"},
            after={"short_name": "省大数据局"},
        )
    client.force_login(admin)
    page = visible_text(client.get("/admin/core_ledger/").content.decode())
    assert "张敏" in page and "修改单位" in page and "简称：大数据局 → 省大数据局" in page
    assert "core.organisation.changed" not in page and "psb.handler" not in page and '"after"' not in page
    entry = LedgerEntry.objects.get(action="core.organisation.changed")
    inspect = visible_text(client.get(f"/admin/core_ledger/inspect/{entry.pk}/").content.decode())
    assert "张敏" in inspect and "简称：大数据局 → 省大数据局" in inspect
    assert "core.organisation.changed" in inspect  # the stored fields stay for an auditor who re-hashes them
    filtered = visible_text(client.get("/admin/core_ledger/?action=core.organisation.changed").content.decode())
    assert "简称：大数据局 → 省大数据局" in filtered
    with transaction.atomic():
        ledger.record(action="core.inbox.completed", actor=admin, object_type="core.inboxitem", object_id=7)
    for query in ("张敏", "修改单位", "psb.handler"):
        found = visible_text(client.get("/admin/core_ledger/", {"q": query}).content.decode())
        rows = found.split("客户端 IP")[-1]  # the results, after the filter's list of every label
        assert "简称：大数据局 → 省大数据局" in rows and "办结待办" not in rows, query


def visible_text(html: str) -> str:
    """What a person sees: no tags, attributes, scripts or the filter's hidden option values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

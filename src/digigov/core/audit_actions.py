"""Audit action registry (留痕, R0.4): every ledger action key with its Chinese label and how its summary reads.

Modelled on Wagtail's `LogActionRegistry`: each app registers its own keys in `<app>/audit.py`, imported from its
`AppConfig.ready`, and `ledger.record` refuses a key nobody registered, so the ledger screen and every history
(办理过程) can always name what happened in words instead of the stored `exchange.application.grant` and JSON.
The ledger itself keeps the stable key, the login name and the JSON: they are what is hashed (core/ledger.py).
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digigov.core.names import person_name, system_name

# Free text people type with a decision: shown after every summary, so a renderer never needs to repeat them.
NOTE_LABELS = {"comment": _("opinion"), "reason": _("reason"), "note": _("note")}


@dataclass(frozen=True)
class Change:
    """What a summary renderer reads: the entry and its parsed before/after, plus lookups the page supplies."""

    entry: Any
    before: dict
    after: dict
    context: dict = field(default_factory=dict)


Summary = Callable[[Change], str]


@dataclass(frozen=True)
class AuditAction:
    key: str
    label: Any
    summary: Summary | None = None
    notes: bool = True  # append comment / reason / note when the entry carries them


@dataclass(frozen=True)
class Description:
    """One ledger entry as people read it: 张敏 · 同意授权 · 有效期 2026-01-01 至 2026-12-31。"""

    entry: Any
    label: str
    person: str
    sentence: str

    @property
    def at(self):
        return self.entry.at


REGISTRY: dict[str, AuditAction] = {}


def register(action: str, label, summary: Summary | None = None, *, notes: bool = True) -> None:
    """Name a ledger action. A later registration of the same key replaces the earlier one (as in Wagtail)."""
    REGISTRY[action] = AuditAction(action, label, summary, notes)


def unregister(action: str) -> None:
    REGISTRY.pop(action, None)


def is_registered(action: str) -> bool:
    return action in REGISTRY


def label(action: str) -> str:
    found = REGISTRY.get(action)
    return str(found.label) if found else gettext("Unregistered action")


def choices() -> list[tuple[str, str]]:
    """(key, label) for filters, sorted by label."""
    return sorted(((key, str(a.label)) for key, a in REGISTRY.items()), key=lambda pair: pair[1])


def parse_summary(entry) -> tuple[dict, dict]:
    """The entry's before/after dicts; anything that is not the JSON ledger.summarise wrote reads as empty."""
    try:
        data = json.loads(entry.summary or "{}") or {}
    except ValueError:
        return {}, {}
    if not isinstance(data, dict):
        return {}, {}
    before, after = data.get("before") or {}, data.get("after") or {}
    return (before if isinstance(before, dict) else {}), (after if isinstance(after, dict) else {})


def text(value) -> str:
    """A stored value as people read it: lists joined with 、, yes/no for booleans, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        return "、".join(text(v) for v in value if v not in (None, ""))
    if isinstance(value, dict):
        return "、".join(f"{k} → {text(v)}" for k, v in value.items())
    return str(value)


def fields(**labels) -> Summary:
    """A renderer listing the named `after` fields that are present: fields(rows=_("rows")) → "行数：12"."""

    def render(change: Change) -> str:
        return "；".join(
            f"{labels[key]}：{text(change.after[key])}"
            for key in labels
            if change.after.get(key) not in (None, "", [], {})
        )

    return render


def sentence(template, **formatters: Callable[[Any], str]) -> Summary:
    """A renderer filling a translated template from `after` (then `before`); missing values read as empty.

    sentence(_("Version %(version)s published")) → "发布第 3 版". A formatter turns a stored value into words.
    """

    def render(change: Change) -> str:
        values = {**change.before, **change.after}
        return str(template) % _Values(values, formatters)

    return render


class _Values(dict):
    def __init__(self, values: dict, formatters: dict):
        super().__init__(values)
        self.formatters = formatters

    def __missing__(self, key):
        return ""

    def __getitem__(self, key):
        value = super().__getitem__(key) if key in self else ""
        return self.formatters[key](value) if key in self.formatters else text(value)


def model_fields(model) -> Summary:
    """A renderer for a snapshot of `model`'s fields (core/admin_views.py's audited screens): each field by its
    verbose name, choices by their label, a foreign key by the object it points to; changes read old → new."""

    def value(name: str, raw) -> str:
        try:
            f = model._meta.get_field(name)
        except FieldDoesNotExist:  # removed since the entry was written: show what was stored
            return text(raw)
        if raw not in (None, "") and getattr(f, "choices", None):
            return text(dict(f.flatchoices).get(raw, raw))
        if raw not in (None, "") and f.is_relation and f.related_model is not None:
            target = f.related_model._default_manager.filter(pk=raw).first()
            if target is not None:
                return person_name(target) if target._meta.label == settings.AUTH_USER_MODEL else str(target)
        return text(raw)

    def name_of(name: str) -> str:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name

    def render(change: Change) -> str:
        shown = change.after or change.before
        parts = []
        for key, raw in shown.items():
            if change.after and key in change.before:
                parts.append(f"{name_of(key)}：{value(key, change.before[key])} → {value(key, raw)}")
            elif raw not in (None, "", False):
                parts.append(f"{name_of(key)}：{value(key, raw)}")
        return "；".join(parts)

    return render


def _notes(after: dict) -> list[str]:
    return [f"{label}：{text(after[key])}" for key, label in NOTE_LABELS.items() if str(after.get(key) or "").strip()]


def _people(entries: Iterable) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_id is not None}
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).only("username", "first_name", "last_name")
    return {u.pk: person_name(u) for u in users}


def _person(entry, people: dict[int, str]) -> str:
    if entry.actor_id is None:
        return system_name() if entry.actor_name in ("", "system") else entry.actor_name
    return people.get(entry.actor_id) or entry.actor_name


def describe_many(entries: Iterable, context: dict | None = None) -> list[Description]:
    """Label, person (张敏, 系统) and sentence for each entry; one query for all the people."""
    entries = list(entries)
    people = _people(entries)
    return [_describe(entry, people, context or {}) for entry in entries]


def describe(entry, context: dict | None = None) -> Description:
    return describe_many([entry], context)[0]


def _describe(entry, people: dict[int, str], context: dict) -> Description:
    action = REGISTRY.get(entry.action)
    before, after = parse_summary(entry)
    parts = []
    if action is not None and action.summary is not None:
        parts.append(action.summary(Change(entry, before, after, context)))
    if action is None or action.notes:
        parts.extend(_notes(after))
    return Description(
        entry=entry,
        label=label(entry.action),
        person=_person(entry, people),
        sentence="；".join(p for p in parts if p),
    )

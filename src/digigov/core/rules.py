"""Configurable rule parameters (the bold numbers of REQUIREMENTS.md): one registry, one reader, audited edits.

rule("exchange.conditional_reply_days")  -> 10  # R1.5 unless the platform administrator changed it
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger
from digigov.core.errors import PermissionDeniedError
from digigov.core.models import RuleValue
from digigov.core.permissions import acting_organisation, is_platform_admin

_CACHE_KEY = "digigov:rules:v1"
# Units shared by the apps' rules, so the rules screen writes each the same way.
WORKING_DAYS = _("working days")
PERCENT = _("percent")
MEGABYTES = _("MB")  # sizes say MB on every screen and in every message (issue 8): never 兆字节


@dataclass(frozen=True)
class Rule:
    key: str
    default: Any
    label: Any  # lazy translated text
    source: str  # requirement id, e.g. "R1.5"
    unit: Any = ""
    minimum: float | None = 0
    maximum: float | None = None
    check: Callable[[Any], None] | None = None  # raises ValidationError; for text rules (lists of hosts, …)

    @property
    def kind(self) -> type:
        return type(self.default)

    @property
    def is_text(self) -> bool:
        return self.kind is str

    def parse(self, raw: Any) -> Any:
        """Turn an entered value into the rule's type, with a precise message when it does not fit."""
        if isinstance(raw, str):
            raw = raw.strip()
        if self.is_text:
            value = str(raw)
            if self.check is not None:
                self.check(value)
            return value
        try:
            if isinstance(raw, bool) or (self.kind is int and isinstance(raw, float) and not raw.is_integer()):
                raise TypeError(raw)
            value = self.kind(raw)
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(raw)
        except (TypeError, ValueError):
            message = _("Enter a whole number.") if self.kind is int else _("Enter a number.")
            raise ValidationError(message, code="invalid") from None
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(
                _("The value must be at least %(min)s."), code="min_value", params={"min": self.minimum}
            )
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(
                _("The value must be at most %(max)s."), code="max_value", params={"max": self.maximum}
            )
        return value


REGISTRY: dict[str, Rule] = {}


def register(key: str, default: Any, *, label, source: str, unit="", minimum=0, maximum=None, check=None) -> Rule:
    """Declare a rule; apps call this at import of their `rules` module. Re-registering must agree.

    A text rule (default a str, e.g. a list of hosts) has no minimum or maximum; `check(value)` validates it."""
    rule_ = Rule(key, default, label, source, unit, minimum, maximum, check)
    existing = REGISTRY.get(key)
    if existing is not None and existing.default != default:
        raise ValueError(f"rule {key} registered twice with different defaults")
    REGISTRY[key] = rule_
    return rule_


def _overrides() -> dict[str, Any]:
    values = cache.get(_CACHE_KEY)
    if values is None:
        values = dict(RuleValue.objects.values_list("key", "value"))
        cache.set(_CACHE_KEY, values, 300)
    return values


def system_ids_check(value: str) -> None:
    """The check of a rule listing department systems by number (`identity` SystemClient ids): numbers separated
    by commas (spaces and the full-width comma allowed), or nothing."""
    parts = [p.strip() for p in str(value).replace("，", ",").split(",") if p.strip()]
    if any(not p.isdigit() or len(p) > 12 for p in parts):
        raise ValidationError(_("Give the systems' numbers separated by commas, for example 3,7."))


def rule_system_ids(key: str) -> set[int]:
    """The system numbers a rule checked by `system_ids_check` lists."""
    return {int(p) for p in str(rule(key)).replace("，", ",").split(",") if p.strip().isdigit()}


def rule(key: str) -> Any:
    """The value in force for `key`: the administrator's override, else the registered default."""
    registered = REGISTRY[key]  # KeyError for an unknown rule is a programming error
    value = _overrides().get(key, registered.default)
    return registered.kind(value)


def rules_table() -> list[tuple[Rule, Any, bool]]:
    """Every rule with its value in force and whether it was changed from the default."""
    overrides = _overrides()
    return [
        (r, overrides.get(r.key, r.default), r.key in overrides) for r in sorted(REGISTRY.values(), key=lambda r: r.key)
    ]


@transaction.atomic
def rule_set(*, actor, key: str, value: Any) -> Any:
    """Change a rule's value (platform administrator only); the old and new values go to the audit ledger."""
    if not is_platform_admin(actor):
        raise PermissionDeniedError()
    registered = REGISTRY[key]
    parsed = registered.parse(value)
    before = rule(key)
    RuleValue.objects.update_or_create(key=key, defaults={"value": parsed, "updated_by": actor})
    ledger.record(
        action="core.rule.changed",
        actor=actor,
        organisation=acting_organisation(actor),
        object_type="core.rule",
        object_id=key,
        before={"value": before},
        after={"value": parsed},
    )
    transaction.on_commit(lambda: cache.delete(_CACHE_KEY))
    cache.delete(_CACHE_KEY)
    return parsed

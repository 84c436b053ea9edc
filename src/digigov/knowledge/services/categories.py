"""Writes on the subject category tree (事项分类, GB/T 44191 知识分类; issue #13 item 2: kept as data, importable from
Excel). Only knowledge managers keep the tree. A node's code is its parent's code and two more digits, so the
parent of 010302 is 0103 and a subtree is a code prefix.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger, spreadsheets
from digigov.core.errors import FieldErrors, NotFoundError, PermissionDeniedError
from digigov.core.inbox import lazy_text
from digigov.core.rules import rule
from digigov.core.spreadsheets import BadCell, Column
from digigov.knowledge.models import Category
from digigov.knowledge.permissions import is_manager

CODE = re.compile(r"^(\d\d){1,10}$")


def _code_problem(code: str) -> Any:
    if not CODE.match(code):
        return _("A category code is 2 to 20 digits, two for each level (01, 0103, 010302).")
    return None


def _require_manager(actor) -> None:
    if not is_manager(actor):
        raise PermissionDeniedError()


def _parent_for(code: str, known: dict[str, Category]) -> Category | None:
    return known.get(code[:-2]) if len(code) > 2 else None


@transaction.atomic
def category_create(*, actor, code: str, name: str, order: int = 0) -> Category:
    _require_manager(actor)
    code, name = (code or "").strip(), (name or "").strip()
    errors = FieldErrors()
    if problem := _code_problem(code):
        errors.add("code", problem)
    elif Category.objects.filter(code=code).exists():
        errors.add("code", _("A category with this code exists already."))
    elif len(code) > 2 and not Category.objects.filter(code=code[:-2]).exists():
        errors.add("code", lazy_text(_("Add its parent category %(code)s first."), code=code[:-2]))
    if not name:
        errors.add("name", _("Give the category a name."))
    errors.check_lengths(Category, {"name": name})
    errors.raise_if_any()
    parent = Category.objects.filter(code=code[:-2]).first() if len(code) > 2 else None
    category = Category.objects.create(code=code, name=name, parent=parent, order=order)
    ledger.record(
        action="knowledge.category.created",
        actor=actor,
        obj=category,
        after={"code": code, "name": name, "order": order},
    )
    return category


@transaction.atomic
def category_update(*, actor, category_id: int, name: str, order: int = 0, is_active: bool = True) -> Category:
    """Rename, reorder or retire a category (its code stays: tickets and articles are filed under it)."""
    _require_manager(actor)
    try:
        category = Category.objects.select_for_update().get(pk=category_id)
    except Category.DoesNotExist:
        raise NotFoundError() from None
    name = (name or "").strip()
    errors = FieldErrors()
    if not name:
        errors.add("name", _("Give the category a name."))
    errors.check_lengths(Category, {"name": name})
    errors.raise_if_any()
    before = {"name": category.name, "order": category.order, "is_active": category.is_active}
    category.name, category.order, category.is_active = name, order, is_active
    category.save()
    after = {"name": name, "order": order, "is_active": is_active}
    ledger.record(
        action="knowledge.category.changed",
        actor=actor,
        obj=category,
        before=before,
        after={**after, "code": category.code},
    )
    return category


def _yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in ("是", "启用", "yes", "y", "1", "true"):
        return True
    if value in ("否", "停用", "no", "n", "0", "false"):
        return False
    raise BadCell(_("Write 是 or 否."))


def _order(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise BadCell(_("Write a whole number from 0 to 32767.")) from None
    if not 0 <= value <= 32767:
        raise BadCell(_("Write a whole number from 0 to 32767."))
    return value


COLUMNS = [
    Column("code", _("category code"), required=True),
    Column("name", _("category name"), required=True),
    Column("order", _("order"), parse=_order),
    Column("is_active", _("in use"), parse=_yes_no),
]


@transaction.atomic
def category_import(*, actor, data: bytes, filename: str | None = None) -> int:
    """Add and change categories from an .xlsx or CSV file (columns 分类编码, 分类名称, 排序, 启用): all rows or
    none. An existing code is renamed, reordered or retired; a new one is added under its parent (in the database
    or earlier in the file). Every bad cell is reported by its address (B7) with a Chinese reason. Returns how many
    rows were applied."""
    _require_manager(actor)
    table = spreadsheets.parse(
        data, COLUMNS, max_mb=rule("knowledge.import_max_mb"), filename=filename, formats=(spreadsheets.XLSX,
        spreadsheets.CSV), max_rows=20_000,
    )  # fmt: skip
    known = {c.code: c for c in Category.objects.all()}
    seen: set[str] = set()
    max_name = Category._meta.get_field("name").max_length or 60
    for row in table.rows:
        code, name = (row["code"] or "").strip(), (row["name"] or "").strip()
        if code and (problem := _code_problem(code)):
            row.error("code", problem)
        elif code in seen:
            row.error("code", _("This code is in the file twice."))
        elif code and len(code) > 2 and code[:-2] not in known and code[:-2] not in seen:
            row.error("code", lazy_text(_("Its parent category %(code)s is neither stored nor above it in the file."),
                                        code=code[:-2]))  # fmt: skip
        if len(name) > max_name:
            row.error("name", lazy_text(_("At most %(n)s characters."), n=max_name))
        seen.add(code)
    table.errors.raise_if_any()
    for row in table.rows:
        code, name = row["code"].strip(), row["name"].strip()
        order = row["order"] if row["order"] is not None else 0
        active = row["is_active"] if row["is_active"] is not None else True
        category = known.get(code)
        if category is None:
            category = Category.objects.create(
                code=code, name=name, order=order, is_active=active, parent=_parent_for(code, known)
            )
            known[code] = category
        elif (category.name, category.order, category.is_active) != (name, order, active):
            category.name, category.order, category.is_active = name, order, active
            category.save()
    ledger.record(action="knowledge.category.imported", actor=actor, after={"count": len(table.rows)})
    return len(table.rows)


def category_export() -> bytes:
    """The whole tree as .xlsx in the columns `category_import` reads, so an export edited in Excel imports back."""
    with_labels = [str(column.header) for column in COLUMNS]
    rows = [[c.code, c.name, c.order, "是" if c.is_active else "否"] for c in Category.objects.order_by("code")]
    return spreadsheets.write_xlsx(with_labels, rows, title=str(_("subject categories")))

"""派单规则 kept as data (R5.1): which department handles a subject category in a division."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from digigov.core import ledger
from digigov.core.errors import FieldErrors, PermissionDeniedError
from digigov.core.models import Division, Organisation
from digigov.hotline.models import RoutingRule
from digigov.hotline.permissions import centre_ids, is_supervisor
from digigov.hotline.services._common import actor_organisation
from digigov.knowledge.api import Category


@transaction.atomic
def routing_rule_save(*, actor, category_code: str, division_code: str, department_id: int) -> RoutingRule:
    """Set the department for (category × division); a centre's reviewers and leaders keep the rules."""
    if not any(is_supervisor(actor, c) for c in centre_ids()):
        raise PermissionDeniedError()
    errors = FieldErrors()
    category = Category.objects.filter(code=category_code).first()
    division = Division.objects.filter(pk=division_code).first()
    department = Organisation.objects.filter(pk=department_id, is_active=True).first()
    if category is None:
        errors.add("category_code", _("No subject category has this code."))
    if division is None:
        errors.add("division_code", _("Choose the division."))
    if department is None or department.pk in centre_ids():
        errors.add("department_id", _("Choose the department that must handle this ticket."))
    errors.raise_if_any()
    assert category is not None and division is not None and department is not None  # noqa: S101  (checked above)
    before = RoutingRule.objects.filter(category=category, division=division).select_related("department").first()
    rule_, _created = RoutingRule.objects.update_or_create(
        category=category, division=division, defaults={"department": department}
    )
    ledger.record(
        action="hotline.route.saved",
        actor=actor,
        organisation=actor_organisation(actor),
        obj=rule_,
        before={"department": before.department.name} if before else None,
        after={"category": category.code, "division": division.pk, "department": department.name},
    )
    return rule_

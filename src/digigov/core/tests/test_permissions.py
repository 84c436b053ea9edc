"""A handler of one department can neither read nor act on another department's objects (R0.5)."""

import pytest

from digigov.core import inbox, permissions, selectors
from digigov.core.choices import OrganisationKind, Role
from digigov.core.errors import PermissionDeniedError
from digigov.core.models import InboxItem
from digigov.core.tests.factories import OrganisationFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_departments():
    police, market = OrganisationFactory(name="公安厅"), OrganisationFactory(name="市场监管局")
    return police, market


def todo_for(org, role=Role.HANDLER, title="核对数据"):
    return inbox.inbox_register(
        source="core", kind="core.task", title=title, url="/x/", assignee_org=org, assignee_role=role, working_days=5
    )


def test_handler_sees_only_own_departments_todos(two_departments):
    police, market = two_departments
    police_handler = staff(Role.HANDLER, police)
    own, other = todo_for(police), todo_for(market)
    visible = list(selectors.inbox_for(police_handler))
    assert own in visible
    assert other not in visible


def test_handler_cannot_complete_another_departments_todo(two_departments):
    police, market = two_departments
    police_handler = staff(Role.HANDLER, police)
    other = todo_for(market)
    with pytest.raises(PermissionDeniedError):
        inbox.inbox_complete(actor=police_handler, item=other)
    other.refresh_from_db()
    assert other.done_at is None


def test_role_matters_not_only_organisation(two_departments):
    police, _ = two_departments
    handler = staff(Role.HANDLER, police)
    review = todo_for(police, role=Role.REVIEWER, title="审核申请")
    assert review not in list(selectors.inbox_for(handler))
    with pytest.raises(PermissionDeniedError):
        inbox.inbox_complete(actor=handler, item=review)


def test_role_in_department_covers_its_internal_units(two_departments):
    police, market = two_departments
    unit = OrganisationFactory(
        name="人口管理总队", kind=OrganisationKind.INTERNAL_UNIT, uscc=None, parent=police, division=police.division
    )
    handler = staff(Role.HANDLER, police)
    assert permissions.can(handler, [Role.HANDLER], unit)
    assert not permissions.can(handler, [Role.HANDLER], market)
    unit_handler = staff(Role.HANDLER, unit)
    assert not permissions.can(unit_handler, [Role.HANDLER], police), "a unit's staff do not act for the department"


def test_platform_administrator_sees_everything(two_departments):
    police, market = two_departments
    admin = staff(Role.PLATFORM_ADMIN, OrganisationFactory(name="政务办", is_platform_operator=True))
    assert permissions.can(admin, [Role.HANDLER], market)
    assert set(selectors.organisation_list(admin)) >= {police, market}


def test_org_scoped_queryset_restricts_to_own_organisations(two_departments):
    police, market = two_departments
    todo_for(police), todo_for(market)

    class Scoped(permissions.OrgScopedQuerySet):
        org_field = "assignee_org"

    handler = staff(Role.HANDLER, market)
    rows = Scoped(model=InboxItem).visible_to(handler)
    assert {r.assignee_org_id for r in rows} == {market.pk}
    outsider = staff(Role.HANDLER, OrganisationFactory())
    assert not Scoped(model=InboxItem).visible_to(outsider).exists()


def test_completing_a_todo_is_audited(two_departments):
    police, _ = two_departments
    handler = staff(Role.HANDLER, police)
    item = todo_for(police)
    inbox.inbox_complete(actor=handler, item=item)
    from digigov.core.models import LedgerEntry

    entry = LedgerEntry.objects.filter(action="core.inbox.completed").get()
    assert entry.actor_id == handler.pk and entry.organisation_id == police.pk and entry.object_id == str(item.pk)

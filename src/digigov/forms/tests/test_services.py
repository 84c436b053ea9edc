"""Creating forms and saving versions: who may (platform-wide vs an organisation's own, another organisation
refused), same schema makes no new version, versions never change, each write is in the ledger."""

import pytest

from digigov.core.choices import Role
from digigov.core.errors import DomainError, NotFoundError, PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.forms import selectors, services
from digigov.forms.tests.factories import form, schema

pytestmark = pytest.mark.django_db


def test_a_platform_admin_creates_a_platform_wide_form_with_version_1():
    admin = UserFactory(is_superuser=True)
    definition = form(actor=admin)
    assert definition.owner is None and definition.current.number == 1
    assert definition.current.schema_version == 19 and len(definition.current.sha256) == 64
    actions = list(LedgerEntry.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["forms.definition.created", "forms.version.saved"]


def test_the_same_schema_makes_no_new_version_and_a_change_does():
    definition = form()
    admin = UserFactory(is_superuser=True)
    version, created = services.version_save(actor=admin, definition=definition, schema=schema())
    assert (version.number, created) == (1, False)
    changed = schema()
    changed["components"][0]["text"] = "请如实填写。"
    version, created = services.version_save(actor=admin, definition=definition, schema=changed)
    assert (version.number, created) == (2, True)
    definition.refresh_from_db()
    assert definition.current == version
    assert definition.versions.get(number=1).schema == schema()  # the old version is kept as it was


def test_a_refused_schema_saves_nothing_and_names_the_component():
    definition = form()
    bad = schema()
    bad["components"].append({"type": "filepicker", "id": "FP", "key": "scan", "label": "扫描件"})
    with pytest.raises(DomainError) as caught:
        services.version_save(actor=UserFactory(is_superuser=True), definition=definition, schema=bad)
    assert "scan" in caught.value.fields
    assert definition.versions.count() == 1


def test_org_admins_and_handlers_edit_their_own_forms_only():
    own, other = OrganisationFactory(), OrganisationFactory()
    admin, handler, reviewer = staff(Role.ORG_ADMIN, own), staff(Role.HANDLER, own), staff(Role.REVIEWER, own)
    stranger = staff(Role.ORG_ADMIN, other)
    definition = services.definition_create(actor=admin, key="own-form", name="本单位表单", owner=own, schema=schema())
    changed = schema()
    changed["components"][0]["text"] = "改"
    services.version_save(actor=handler, definition=definition, schema=changed)
    with pytest.raises(PermissionDeniedError):
        services.version_save(actor=reviewer, definition=definition, schema=schema())
    with pytest.raises(PermissionDeniedError):
        services.version_save(actor=stranger, definition=definition, schema=schema())
    with pytest.raises(PermissionDeniedError):
        services.definition_create(actor=stranger, key="theirs", name="冒名", owner=own)
    with pytest.raises(PermissionDeniedError):  # an organisation's administrator cannot make a platform-wide form
        services.definition_create(actor=admin, key="wide", name="全平台", owner=None)


def test_another_organisations_form_is_not_found_and_platform_forms_are_read_by_all_staff():
    own, other = OrganisationFactory(), OrganisationFactory()
    mine = services.definition_create(actor=staff(Role.ORG_ADMIN, own), key="mine", name="本单位", owner=own)
    wide = form(key="wide")
    stranger = staff(Role.HANDLER, other)
    assert set(selectors.form_list(actor=stranger)) == {wide}
    with pytest.raises(NotFoundError):
        selectors.form_get(actor=stranger, pk=mine.pk)
    assert selectors.form_get(actor=staff(Role.REVIEWER, own), pk=mine.pk) == mine
    assert not selectors.form_list(actor=UserFactory()).exists()  # no role anywhere: nothing


def test_keys_are_checked_and_unique():
    form(key="apply")
    with pytest.raises(DomainError) as caught:
        services.definition_create(actor=UserFactory(is_superuser=True), key="apply", name="重复")
    assert "apply" in str(caught.value.fields["key"][0])
    with pytest.raises(DomainError) as caught:
        services.definition_create(actor=UserFactory(is_superuser=True), key="Bad Key", name="")
    assert {"key", "name"} <= set(caught.value.fields)

"""Reads of the forms kernel, scoped to what the person may see."""

from django.db.models import QuerySet

from digigov.core.errors import NotFoundError
from digigov.core.models import Organisation
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.forms.models import FormDefinition, FormVersion
from digigov.forms.permissions import EDIT_ROLES, visible_filter


def form_list(*, actor) -> QuerySet[FormDefinition]:
    """The forms `actor` may read: platform-wide ones and their organisations' own."""
    scope = visible_filter(actor)
    if scope is None:
        return FormDefinition.objects.none()
    return FormDefinition.objects.filter(scope).select_related("owner", "current", "current__created_by")


def form_get(*, actor, pk: int) -> FormDefinition:
    """One form `actor` may read; NotFoundError otherwise (another organisation's form is not there for them)."""
    form = form_list(actor=actor).filter(pk=pk).first()
    if form is None:
        raise NotFoundError()
    return form


def form_by_key(key: str) -> FormDefinition | None:
    """A form by its key, for the services that use it (eservices, the hotline's web channel)."""
    return FormDefinition.objects.select_related("current").filter(key=key).first()


def version_list(definition: FormDefinition) -> QuerySet[FormVersion]:
    return definition.versions.select_related("created_by").order_by("-number")


def owner_choices(*, actor) -> list[Organisation]:
    """The organisations whose forms `actor` may create (platform administrators: every active one)."""
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    if is_platform_admin(actor):
        return list(organisations)
    return list(organisations.filter(pk__in=organisation_ids(actor, EDIT_ROLES)))

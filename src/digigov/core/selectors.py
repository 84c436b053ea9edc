"""Reads of the shared kernel, scoped to the actor."""

from django.db.models import F, Q, QuerySet

from digigov.core.choices import Role
from digigov.core.models import BackgroundJob, Division, InboxItem, Notification, Organisation
from digigov.core.permissions import is_platform_admin, memberships, organisation_ids, with_units


def inbox_for(user) -> QuerySet[InboxItem]:
    """Open to-dos of the user: assigned to them, or to an organisation and role they hold; earliest deadline first."""
    if not user.is_authenticated:
        return InboxItem.objects.none()
    by_role = Q()
    for role in Role:
        ids = organisation_ids(user, [role])
        if ids:
            by_role |= Q(assignee_org_id__in=ids, assignee_role=role)
    any_role = organisation_ids(user)
    condition = Q(assignee_user=user) | Q(assignee_user__isnull=True, assignee_role="", assignee_org_id__in=any_role)
    if by_role:
        condition |= Q(assignee_user__isnull=True) & by_role
    return (
        InboxItem.objects.filter(condition, done_at__isnull=True)
        .select_related("assignee_org")
        .order_by(F("deadline").asc(nulls_last=True), "created_at")
    )


def notifications_for(user, *, unread_only: bool = True) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def organisation_list(user) -> QuerySet[Organisation]:
    """Organisations the user may see: all for the platform administrator, otherwise their own and their units."""
    qs = Organisation.objects.select_related("division", "parent")
    if is_platform_admin(user):
        return qs
    return qs.filter(pk__in=organisation_ids(user))


def organisation_with_units(organisation: Organisation) -> QuerySet[Organisation]:
    """An organisation and its internal units (内设机构): what a system acting for it may see."""
    return Organisation.objects.select_related("division", "parent").filter(pk__in=with_units({organisation.pk}))


def division_children(code: str | None) -> QuerySet[Division]:
    if code is None:
        return Division.objects.filter(parent__isnull=True)
    return Division.objects.filter(parent_id=code)


def roles_of(user) -> list[tuple[str, str]]:
    return [(m.organisation.name, m.get_role_display()) for m in memberships(user)]


def jobs_visible_to(user) -> QuerySet[BackgroundJob]:
    """The background jobs a person may follow: their own, or every job for a platform administrator."""
    jobs = BackgroundJob.objects.select_related("owner", "organisation")
    return jobs if is_platform_admin(user) else jobs.filter(owner_id=user.pk)

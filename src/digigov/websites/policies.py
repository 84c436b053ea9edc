"""Who may do what with library items in the back office (R8.1, R8.7): the staff of the owning unit (with any
editing role) add, edit, publish and withdraw its items; the platform operator all of them. Wagtail's snippet
screens ask this policy for every list, form and action, so another unit's item is neither listed nor opened."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from digigov.core.choices import Role
from digigov.core.permissions import can, is_platform_admin, organisation_ids
from digigov.websites.models import LibraryItem
from digigov.websites.permissions import EDITORS

# "publish" is what Wagtail asks for a withdrawal (unpublish): the unit's reviewers, leaders and administrators.
# Publishing itself is the workflow's end (review.py), which no permission opens.
WITHDRAWERS = (Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)


def _roles(action: str):
    return WITHDRAWERS if action == "publish" else EDITORS


class LibraryPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return is_platform_admin(user) or bool(organisation_ids(user, _roles(action)))

    def user_has_permission_for_instance(self, user, action, instance):
        return can(user, _roles(action), instance.owner_id)

    def instances_user_has_any_permission_for(self, user, actions):
        if is_platform_admin(user):
            return LibraryItem.objects.all()
        return LibraryItem.objects.filter(owner_id__in=organisation_ids(user, EDITORS))

    def users_with_any_permission(self, actions):
        roles = Q(memberships__role__in=EDITORS) | Q(memberships__role=Role.PLATFORM_ADMIN)
        return get_user_model().objects.filter(is_active=True).filter(roles | Q(is_superuser=True)).distinct()

    def users_with_any_permission_for_instance(self, actions, instance):
        roles = Q(memberships__role__in=EDITORS, memberships__organisation_id=instance.owner_id)
        admins = Q(memberships__role=Role.PLATFORM_ADMIN) | Q(is_superuser=True)
        return get_user_model().objects.filter(is_active=True).filter(roles | admins).distinct()

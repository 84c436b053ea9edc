"""Who edits which site, kept in Wagtail's own permissions (R8.1, R8.2; ADR 0002 §2): each site has a collection
for its images and documents and two groups, 编辑 (add and edit pages, upload and choose media) and 审核 (also
publish). Wagtail then shows an editor only their site's page tree and collection, on every screen of its admin;
we add no parallel check. Membership of the groups follows the platform's roles: staff holding an editing role in
the site's organiser (or an organisation above it) are 编辑, its reviewers and leaders also 审核."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from digigov.core.choices import Role
from digigov.core.inbox import lazy_text, stored_text
from digigov.core.models import Organisation
from digigov.core.permissions import with_units
from digigov.websites.models import SiteProfile

EDITOR_PAGE_PERMISSIONS = ("add", "change", "lock", "unlock")
# Publishing goes through the workflow (review.py); 审核 may take a page down at once.
REVIEWER_PAGE_PERMISSIONS = (*EDITOR_PAGE_PERMISSIONS, "publish")
MEDIA_PERMISSIONS = (
    ("wagtailimages", ("add_image", "change_image", "choose_image")),
    ("wagtaildocs", ("add_document", "change_document", "choose_document")),
)
REVIEWING_ROLES = (Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)
EDITING_ROLES = (Role.HANDLER, *REVIEWING_ROLES)


def editor_group_name(profile: SiteProfile) -> str:
    return stored_text(lazy_text(_("%(site)s (%(code)s) editors"), site=profile.name, code=profile.site_code))


def reviewer_group_name(profile: SiteProfile) -> str:
    return stored_text(lazy_text(_("%(site)s (%(code)s) reviewers"), site=profile.name, code=profile.site_code))


def site_access_setup(profile: SiteProfile) -> tuple[Group, Group, Collection]:
    """The site's collection and groups with their permissions on its page tree and collection (idempotent)."""
    collection = Collection.objects.filter(name=profile.name, depth=2).first()
    if collection is None:
        root = Collection.get_first_root_node() or Collection.add_root(name=stored_text(_("Root collection")))
        collection = root.add_child(name=profile.name)
    home = profile.site.root_page
    groups = []
    for name, page_permissions in (
        (editor_group_name(profile), EDITOR_PAGE_PERMISSIONS),
        (reviewer_group_name(profile), REVIEWER_PAGE_PERMISSIONS),
    ):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        for permission_type in page_permissions:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
            )
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
        for app_label, codenames in MEDIA_PERMISSIONS:
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
        groups.append(group)
    site_access_sync(profile)
    return groups[0], groups[1], collection


def site_collection(profile: SiteProfile) -> Collection | None:
    return Collection.objects.filter(name=profile.name, depth=2).first()


def _above(organisation: Organisation) -> list[int]:
    """The organisation and those above it: a role there reaches the organisation's site too (core.permissions)."""
    ids, current = [], organisation
    while current is not None:
        ids.append(current.pk)
        current = current.parent
    return ids


def site_access_sync(profile: SiteProfile) -> None:
    """Make the site's two groups hold exactly the staff whose roles say so."""
    users = get_user_model().objects.filter(is_active=True)
    orgs = _above(profile.organiser)
    for name, roles in ((editor_group_name(profile), EDITING_ROLES), (reviewer_group_name(profile), REVIEWING_ROLES)):
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        # the platform operator's administrators see and publish on every site (R8.1)
        members = Q(memberships__organisation_id__in=orgs, memberships__role__in=roles)
        wanted = set(users.filter(members | Q(memberships__role=Role.PLATFORM_ADMIN)).values_list("pk", flat=True))
        current = set(group.user_set.values_list("pk", flat=True))
        group.user_set.remove(*(current - wanted))
        group.user_set.add(*(wanted - current))


def sync_sites_of(organisation_id: int, *, everywhere: bool = False) -> None:
    """After a membership of `organisation_id` changed: the sites it or the units below it run (every site for a
    platform administrator's membership)."""
    if everywhere:
        for profile in SiteProfile.objects.select_related("organiser"):
            site_access_sync(profile)
        return
    for profile in SiteProfile.objects.filter(organiser_id__in=with_units({organisation_id})).select_related(
        "organiser"
    ):
        site_access_sync(profile)

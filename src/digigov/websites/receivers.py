"""Wagtail's publish and unpublish of library items and site pages, turned into ledger entries (R8.7, ADR 0001):
every publication and withdrawal is in the core ledger, in the transaction of the change itself.

A scheduled publication runs in `publish_scheduled` without a person: the entry's actor is then the system.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.log_actions import registry as log_registry
from wagtail.signals import page_published, page_unpublished, published, unpublished

from digigov.core import ledger
from digigov.core.background import launch
from digigov.core.choices import Role
from digigov.core.models import Membership
from digigov.websites import disclosure_report, operations, sampling, search, static_publish
from digigov.websites.access import sync_sites_of
from digigov.websites.models import ColumnPage, LibraryItem, Placement, SensitiveWord
from digigov.websites.review import PUBLISHER
from digigov.websites.services import assign_index_number
from digigov.websites.tasks import site_static_rebuild
from digigov.websites.words import forget_words


def _sites(item: LibraryItem) -> str:
    live = Placement.objects.filter(item=item, withdrawn_at__isnull=True).select_related("column")
    return "、".join(sorted({str(p.column.get_site() or "") for p in live}))


@receiver(published, sender=LibraryItem)
@transaction.atomic  # Wagtail's publish is not atomic itself; inside a request's transaction this is a savepoint
def item_published(sender, instance: LibraryItem, revision=None, **kwargs):
    user = PUBLISHER.get() or getattr(revision, "user", None)  # the signer of a workflow, else who published
    assign_index_number(instance)
    operations.annual_report_published(instance)
    disclosure_report.disclosure_report_published(instance)
    sampling.round_published(instance, actor=user)
    search.index_item(instance)
    static_publish.refresh_after_commit([instance.pk])
    ledger.record(
        action="websites.item.published",
        actor=user,
        organisation=instance.owner,
        obj=instance,
        after={"title": instance.title, "sites": _sites(instance), "index_number": instance.index_number},
    )


@receiver(unpublished, sender=LibraryItem)
@transaction.atomic
def item_withdrawn(sender, instance: LibraryItem, **kwargs):
    search.remove_item(instance.pk)
    static_publish.refresh_after_commit([instance.pk])
    ledger.record(
        action="websites.item.withdrawn",
        actor=_unpublished_by(instance),
        organisation=instance.owner,
        obj=instance,
        after={"title": instance.title, "sites": _sites(instance)},
    )


def _logged_by(instance, action: str):
    """Wagtail's publish and unpublish signals name no person; its own log entry, written just before, does."""
    entry = log_registry.get_logs_for_instance(instance).filter(action=action).order_by("-pk").first()
    return entry.user if entry else None


def _unpublished_by(instance):
    return _logged_by(instance, "wagtail.unpublish")


def _page_entry(action: str, instance, user) -> None:
    site = instance.get_site()
    profile = getattr(site, "profile", None) if site else None
    ledger.record(
        action=action,
        actor=user,
        organisation=profile.organiser if profile else None,
        obj=instance,
        after={"title": instance.title, "url": instance.url_path},
    )


@receiver(page_published)
@transaction.atomic
def page_was_published(sender, instance, revision=None, **kwargs):
    user = PUBLISHER.get() or getattr(revision, "user", None)
    _page_entry("websites.page.published", instance, user)
    if isinstance(instance.specific, ColumnPage) and search.column_out_of_index(instance.specific):
        _reindex_placed_under(instance)  # back on the site after a withdrawal
    _rebuild_site_of(instance, user)


@receiver(page_unpublished)
@transaction.atomic
def page_was_withdrawn(sender, instance, **kwargs):
    user = _unpublished_by(instance)
    _page_entry("websites.page.withdrawn", instance, user)
    _reindex_placed_under(instance)
    _rebuild_site_of(instance, user)


def _rebuild_site_of(page, user) -> None:
    """A column or home page changes every page's navigation: the site's static files are rebuilt in the
    background (a job its publisher can follow), or at once when nobody published (a schedule)."""
    site = page.get_site()
    if site is None or not static_publish.enabled():
        return
    if user is not None:
        launch(site_static_rebuild, owner=user, label=_("Rebuild the static files of %(site)s") % {"site": site},
               site_id=site.pk)  # fmt: skip
    else:
        transaction.on_commit(lambda: static_publish.rebuild_site(site))


def _reindex_placed_under(page) -> None:
    """A column taken off the site (or put back) takes its items out of the site's search (or back into it)."""
    item_ids = set(Placement.objects.filter(column__path__startswith=page.path).values_list("item_id", flat=True))
    if item_ids:
        search.index_items(item_ids)


@receiver(post_delete, sender=LibraryItem)
def item_deleted(sender, instance: LibraryItem, **kwargs):
    search.remove_item(instance.pk)


@receiver([post_save, post_delete], sender=Membership)
def membership_changed(sender, instance: Membership, **kwargs):
    """A role given or taken away changes who edits and who publishes the organisation's sites."""
    sync_sites_of(instance.organisation_id, everywhere=instance.role == Role.PLATFORM_ADMIN)


@receiver([post_save, post_delete], sender=SensitiveWord)
def word_list_changed(sender, **kwargs):
    transaction.on_commit(forget_words)

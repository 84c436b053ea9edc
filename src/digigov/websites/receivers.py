"""Wagtail's publish and unpublish of library items and site pages, turned into ledger entries (R8.7, ADR 0001):
every publication and withdrawal is in the core ledger, in the transaction of the change itself.

A scheduled publication runs in `publish_scheduled` without a person: the entry's actor is then the system.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.log_actions import registry as log_registry
from wagtail.signals import page_published, page_unpublished, published, unpublished

from digigov.core import ledger
from digigov.core.choices import Role
from digigov.core.models import Membership
from digigov.websites.access import sync_sites_of
from digigov.websites.models import LibraryItem, Placement, SensitiveWord
from digigov.websites.review import PUBLISHER
from digigov.websites.services import assign_index_number
from digigov.websites.words import forget_words


def _sites(item: LibraryItem) -> str:
    live = Placement.objects.filter(item=item, withdrawn_at__isnull=True).select_related("column")
    return "、".join(sorted({str(p.column.get_site() or "") for p in live}))


@receiver(published, sender=LibraryItem)
@transaction.atomic  # Wagtail's publish is not atomic itself; inside a request's transaction this is a savepoint
def item_published(sender, instance: LibraryItem, revision=None, **kwargs):
    assign_index_number(instance)
    user = PUBLISHER.get() or getattr(revision, "user", None)  # the signer of a workflow, else who published
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
    _page_entry("websites.page.published", instance, PUBLISHER.get() or getattr(revision, "user", None))


@receiver(page_unpublished)
@transaction.atomic
def page_was_withdrawn(sender, instance, **kwargs):
    _page_entry("websites.page.withdrawn", instance, _unpublished_by(instance))


@receiver([post_save, post_delete], sender=Membership)
def membership_changed(sender, instance: Membership, **kwargs):
    """A role given or taken away changes who edits and who publishes the organisation's sites."""
    sync_sites_of(instance.organisation_id, everywhere=instance.role == Role.PLATFORM_ADMIN)


@receiver([post_save, post_delete], sender=SensitiveWord)
def word_list_changed(sender, **kwargs):
    transaction.on_commit(forget_words)

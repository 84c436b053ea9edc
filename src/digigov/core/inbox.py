"""The inbox API other apps register to-dos with (统一工作台, R0.3 deadlines in working days).

inbox_register(source="exchange", kind="share_application.review",
               title=lazy_text(gettext_lazy("Answer share application %(no)s"), no=application.number), url=...,
               assignee_org=provider, assignee_role=Role.REVIEWER, working_days=rule("exchange.conditional_reply_days"),
               obj=application)

A to-do or notice is read later, by other people than the one whose request made it: its title and body are stored
in the installation's language (settings.LANGUAGE_CODE, Chinese), whatever language that request asked for (an
English browser, an API client). So callers pass translatable text lazily (`gettext_lazy`, with `lazy_text` for
placeholders) and the kit renders it when it stores it; a plain string (a name, a comment someone typed) is stored
as it is.
"""

import datetime as dt
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.text import Truncator

from digigov.core import ledger
from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.errors import ConflictError, PermissionDeniedError
from digigov.core.models import InboxItem, Membership, Notification, Organisation
from digigov.core.permissions import acting_organisation, can

Text = str | Promise


def _interpolate(template: Text, params: dict[str, Any]) -> str:
    return str(template) % {key: str(value) if isinstance(value, Promise) else value for key, value in params.items()}


_lazy_interpolate = lazy(_interpolate, str)


def lazy_text(template: Text, /, **params: Any) -> Promise:
    """`template % params`, translated only when it is rendered (lazy parameters too, e.g. a choice's label):
    `lazy_text(gettext_lazy("Application %(no)s was granted"), no=application.number)`."""
    return cast(Promise, _lazy_interpolate(template, params))  # a proxy; the stubs type lazy() as its result


def stored_text(text: Text) -> str:
    """The text as the inbox stores it: rendered in the installation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def _title(model, title: str) -> str:
    """A title quoting what people typed (a resource's name, a department's) may outgrow the column: it is cut with
    an ellipsis rather than refused, the page it links to says it all."""
    return Truncator(str(title)).chars(model._meta.get_field("title").max_length)


@transaction.atomic
def inbox_register(
    *,
    source: str,
    kind: str,
    title: Text,
    url: str,
    assignee_org: Organisation,
    assignee_role: str = "",
    assignee_user=None,
    working_days: int | None = None,
    deadline: dt.date | None = None,
    start: dt.date | None = None,
    obj=None,
) -> InboxItem:
    """Put a to-do on the workbench of everyone holding `assignee_role` in `assignee_org` (or of one person).

    The deadline is `working_days` working days after `start` (today) unless given as a date; the title is stored
    in the installation's language (`stored_text`).
    """
    title = stored_text(title)
    if working_days is not None and deadline is None:
        deadline = add_working_days(start or timezone.localdate(), working_days)
    item = InboxItem.objects.create(
        source=source,
        kind=kind,
        title=_title(InboxItem, title),
        url=url,
        assignee_org=assignee_org,
        assignee_role=assignee_role,
        assignee_user=assignee_user,
        deadline=deadline,
        working_days=working_days,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
    )
    ledger.record(
        action="core.inbox.registered",
        organisation=assignee_org,
        obj=item,
        after={"title": title, "role": assignee_role, "deadline": deadline},
    )
    return item


def can_handle(user, item: InboxItem) -> bool:
    if item.assignee_user_id is not None:
        return item.assignee_user_id == user.pk
    roles = [item.assignee_role] if item.assignee_role else [r.value for r in Role]
    return can(user, roles, item.assignee_org_id)


@transaction.atomic
def inbox_complete(*, actor, item: InboxItem) -> InboxItem:
    """Mark a to-do done. Modules usually call this when the underlying step is done."""
    item = InboxItem.objects.select_for_update().get(pk=item.pk)
    if not can_handle(actor, item):
        raise PermissionDeniedError()
    if item.done_at is not None:
        raise ConflictError()
    item.done_at, item.done_by = timezone.now(), actor
    item.save(update_fields=["done_at", "done_by"])
    ledger.record(
        action="core.inbox.completed",
        actor=actor,
        organisation=acting_organisation(actor),
        obj=item,
        before={"done": False},
        after={"done": True},
    )
    return item


@transaction.atomic
def inbox_complete_for(*, obj, kind: str | None = None) -> int:
    """Close the open to-dos about `obj` (e.g. when the application they ask about was decided)."""
    items = InboxItem.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), done_at__isnull=True)
    if kind:
        items = items.filter(kind=kind)
    return items.update(done_at=timezone.now())


def inbox_reschedule_for(*, obj, kind: str, deadline: dt.date) -> int:
    """Move the deadline of the open to-dos about `obj` (a time limit extended by its module's rule)."""
    items = InboxItem.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), done_at__isnull=True)
    return items.filter(kind=kind).update(deadline=deadline)


@transaction.atomic
def notify(*, recipient, title: Text, body: Text = "", url: str = "") -> Notification:
    """A notice to one person, stored in the installation's language (`stored_text`)."""
    return Notification.objects.create(
        recipient=recipient, title=_title(Notification, stored_text(title)), body=stored_text(body), url=url
    )


def role_holders(organisation, roles) -> list:
    """The active people holding `roles` (one role or several) directly in `organisation`, in a stable order."""
    roles = [roles] if isinstance(roles, str) else list(roles)
    ids = (
        Membership.objects.filter(organisation=organisation, role__in=roles, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return list(get_user_model().objects.filter(pk__in=ids).order_by("pk"))


@transaction.atomic
def notify_role(organisation, roles, *, title: Text, body: Text = "", url: str = "") -> int:
    """Notify everyone holding `roles` in `organisation` (e.g. a provider's handlers); returns how many."""
    title, body = stored_text(title), stored_text(body)
    people = role_holders(organisation, roles)
    for person in people:
        notify(recipient=person, title=title, body=body, url=url)
    return len(people)


@transaction.atomic
def notification_read(*, actor, notification: Notification) -> None:
    if notification.recipient_id != actor.pk:
        raise PermissionDeniedError()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def todo_assign(
    *,
    actor,
    assignee_org: Organisation,
    assignee_role: str,
    title: Text,
    working_days: int,
    start: dt.date | None = None,
) -> InboxItem:
    """A to-do a leader or organisation administrator assigns by hand (督办); it links to its own page."""
    if actor is not None and not can(actor, [Role.LEADER, Role.ORG_ADMIN], assignee_org):
        raise PermissionDeniedError()
    item = inbox_register(
        source="core",
        kind="core.task",
        title=title,
        url="",
        assignee_org=assignee_org,
        assignee_role=assignee_role,
        working_days=working_days,
        start=start,
    )
    item.url = reverse("workbench_todo", args=[item.pk])
    item.save(update_fields=["url"])
    return item

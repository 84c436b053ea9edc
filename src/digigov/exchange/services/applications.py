"""Share applications and grants (共享申请 / 授权, R1.4, R1.5).

Every step closes the previous to-do and opens the next, so the workbench always shows who must act and by when;
the transitions themselves are the table in `exchange.lifecycle`.
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digigov.catalog import api as catalog
from digigov.core import ledger
from digigov.core.calendar import add_working_days
from digigov.core.choices import Role
from digigov.core.errors import DomainError, FieldErrors
from digigov.core.inbox import Text, inbox_complete_for, inbox_register, lazy_text, notify
from digigov.core.inbox import notify_role as notify_staff
from digigov.core.numbering import create_numbered
from digigov.core.permissions import require
from digigov.core.rules import rule
from digigov.exchange.lifecycle import APPLICATION, GRANT, Action, GrantAction, grant_state, next_status
from digigov.exchange.models import Grant, ShareApplication
from digigov.exchange.permissions import (
    APPLICANTS,
    OPERATOR_STAFF,
    PROVIDER_DECIDERS,
    operator_organisation,
    operator_organisations,
)
from digigov.exchange.services._common import user_or_none
from digigov.identity import api as identity

KIND_CHECK = "exchange.application.check"  # platform operator checks a conditional application
KIND_REVIEW = "exchange.application.review"  # provider's reviewers answer it
KIND_ESCALATED = "exchange.application.escalated"  # provider's leader, after the deadline (督办)


def application_url(application: ShareApplication) -> str:
    return reverse("exchange_application_detail", args=[application.pk])


def _required(errors: FieldErrors, field: str, value: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, _("This field is required."))
    elif max_length and len(value) > max_length:
        errors.add(field, _("At most %(n)s characters.") % {"n": max_length})
    return value


def _check_period(errors: FieldErrors, start, end) -> None:
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        errors.add("period_start", _("Enter the period as two dates."))
        return
    if start < timezone.localdate():
        errors.add("period_start", _("The period cannot start in the past."))
    if end <= start:
        errors.add("period_end", _("The period must end after it starts."))


def _create_grant(application: ShareApplication, *, actor, daily_quota: int | None = None) -> Grant:
    grant = Grant.objects.create(
        application=application,
        consumer=application.consumer,
        system=application.system,
        resource=application.resource,
        raw_values=application.raw_values,
        valid_from=application.period_start,
        valid_until=application.period_end,
        daily_quota=daily_quota,
    )
    items = list(application.items.all())
    grant.items.set(items)
    ledger.record(
        action="exchange.grant.created",
        actor=actor,
        organisation=application.resource.provider_id,
        obj=grant,
        after={
            "application": application.number,
            "system": application.system_id,
            "items": [i.identifier for i in items],
            "valid": [application.period_start, application.period_end],
            "raw_values": application.raw_values,
        },
    )
    return grant


@transaction.atomic
def application_submit(
    *,
    actor,
    consumer,
    resource_id: int,
    item_ids: list[int],
    purpose: str,
    legal_basis: str,
    period_start: dt.date,
    period_end: dt.date,
    system_id: int,
    raw_values: bool = False,
) -> ShareApplication:
    """A consumer applies for a published resource: unconditional is granted at once, conditional goes to the
    platform operator's check (exchange.operator_check_days); not-shared resources are refused (R1.2, R1.4)."""
    require(actor, APPLICANTS, consumer)
    resource = catalog.published_resource_get(resource_id)
    if resource.share_type == catalog.ShareType.NOT_SHARED:
        raise DomainError(
            _("“%(name)s” is not shared (不予共享) under %(basis)s and cannot be applied for.")
            % {"name": resource.name, "basis": resource.legal_basis or _("its legal basis")},
            code="not_shared",
        )
    errors = FieldErrors()
    purpose = _required(errors, "purpose", purpose, 2000)
    legal_basis = _required(errors, "legal_basis", legal_basis, 2000)
    by_id = {item.pk: item for item in catalog.resource_items(resource)}
    wanted = list(dict.fromkeys(item_ids or []))
    if not wanted:
        errors.add("items", _("Choose at least one information item."))
    elif any(pk not in by_id for pk in wanted):
        errors.add("items", _("Some chosen items do not belong to this resource."))
    _check_period(errors, period_start, period_end)
    system = identity.system_client_active(system_id)
    if system is None or system.organisation_id != consumer.pk:
        errors.add("system", _("Choose an active system of your own organisation."))
    errors.raise_if_any()
    unconditional = resource.share_type == catalog.ShareType.UNCONDITIONAL
    status = next_status(None, Action.SUBMIT_UNCONDITIONAL if unconditional else Action.SUBMIT_CONDITIONAL)
    now = timezone.now()
    application = create_numbered(
        ShareApplication,
        "GX",
        consumer=consumer,
        applicant=user_or_none(actor),
        resource=resource,
        purpose=purpose,
        legal_basis=legal_basis,
        period_start=period_start,
        period_end=period_end,
        system=system,
        raw_values=bool(raw_values),
        status=status,
        decided_at=now if unconditional else None,
    )
    application.items.set([by_id[pk] for pk in wanted])
    ledger.record(
        action="exchange.application.submitted",
        actor=actor,
        organisation=consumer,
        obj=application,
        after={"status": status, "resource": resource.code, "items": [by_id[pk].identifier for pk in wanted]},
    )
    if unconditional:
        # R1.4: the platform grants unconditional resources directly.
        _create_grant(application, actor=actor)
        notify_staff(
            resource.provider,
            PROVIDER_DECIDERS,
            title=lazy_text(
                gettext_lazy("%(org)s was granted “%(name)s” (unconditional sharing)"),
                org=consumer.name,
                name=resource.name,
            ),
            url=application_url(application),
        )
    else:
        operator = operator_organisation()
        days = rule("exchange.operator_check_days")
        application.deadline = add_working_days(timezone.localdate(), days)
        application.save(update_fields=["deadline"])
        inbox_register(
            source="exchange",
            kind=KIND_CHECK,
            title=lazy_text(
                gettext_lazy("Check share application %(no)s: %(org)s asks for “%(name)s”"),
                no=application.number,
                org=consumer.name,
                name=resource.name,
            ),
            url=application_url(application),
            assignee_org=operator,
            assignee_role="",  # any of the operator's staff checks
            working_days=days,
            obj=application,
        )
    return application


def _locked(application: ShareApplication) -> ShareApplication:
    return (
        ShareApplication.objects.select_for_update(of=("self",))
        .select_related("resource", "resource__provider", "consumer", "applicant", "system")
        .get(pk=application.pk)
    )


def _step(application, *, actor, action: str, organisation, after: dict | None = None, **fields) -> ShareApplication:
    """Apply one transition of the lifecycle table, save the changed fields and write the ledger entry."""
    before = application.status
    application.status = next_status(before, action)
    for name, value in fields.items():
        setattr(application, name, value)
    application.save(update_fields=["status", *fields])
    ledger.record(
        action=f"exchange.application.{action}",
        actor=actor,
        organisation=organisation,
        obj=application,
        before={"status": before},
        after={"status": application.status, **{k: v for k, v in (after or {}).items() if v not in ("", None)}},
    )
    return application


def _decide(application, *, actor, action: str, organisation, reason: str = "", comment: str = "") -> None:
    """A decision that ends the review (return, grant, refuse): who decided and when, the reason or comment if
    any (kept in the ledger entry, so the history shows it), and the application's open to-dos closed."""
    fields = {"decided_at": timezone.now(), "decided_by": user_or_none(actor)}
    if reason:
        fields["decision_reason"] = reason
    after = {key: value for key, value in (("reason", reason), ("comment", comment.strip())) if value}
    _step(application, actor=actor, action=action, organisation=organisation, after=after, **fields)
    inbox_complete_for(obj=application)


def _tell_applicant(application: ShareApplication, title: Text, body: str = "") -> None:
    if application.applicant_id:
        notify(recipient=application.applicant, title=title, body=body, url=application_url(application))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise FieldErrors.one("reason", _("This field is required."), summary=_("Give the reason."))
    return reason


@transaction.atomic
def application_forward(*, actor, application: ShareApplication, comment: str = "") -> ShareApplication:
    """The operator passes a checked application to the provider, who must answer within
    exchange.conditional_reply_days working days (R1.5, 国发〔2016〕51号: 10); the operator's comment goes with it."""
    application = _locked(application)
    APPLICATION.check(actor, application, Action.FORWARD)
    days = rule("exchange.conditional_reply_days")
    deadline = add_working_days(timezone.localdate(), days)
    _step(
        application,
        actor=actor,
        action=Action.FORWARD,
        organisation=operator_organisation(),
        after={"deadline": deadline, "comment": comment.strip()},
        deadline=deadline,
    )
    inbox_complete_for(obj=application, kind=KIND_CHECK)
    inbox_register(
        source="exchange",
        kind=KIND_REVIEW,
        title=lazy_text(
            gettext_lazy("Answer share application %(no)s: %(org)s asks for “%(name)s”"),
            no=application.number,
            org=application.consumer.name,
            name=application.resource.name,
        ),
        url=application_url(application),
        assignee_org=application.resource.provider,
        assignee_role=Role.REVIEWER,
        working_days=days,
        obj=application,
    )
    _tell_applicant(
        application,
        lazy_text(gettext_lazy("Application %(no)s was forwarded to the provider"), no=application.number),
        comment,
    )
    return application


@transaction.atomic
def application_return(*, actor, application: ShareApplication, reason: str) -> ShareApplication:
    application = _locked(application)
    APPLICATION.check(actor, application, Action.RETURN)
    reason = _reason(reason)
    _decide(application, actor=actor, action=Action.RETURN, organisation=operator_organisation(), reason=reason)
    _tell_applicant(
        application,
        lazy_text(gettext_lazy("Application %(no)s was returned by the platform operator"), no=application.number),
        reason,
    )
    return application


@transaction.atomic
def application_grant(
    *, actor, application: ShareApplication, daily_quota: int | None = None, comment: str = ""
) -> Grant:
    """The provider agrees: a grant for the asked items and period is created (R1.4)."""
    application = _locked(application)
    APPLICATION.check(actor, application, Action.GRANT)
    _decide(
        application, actor=actor, action=Action.GRANT, organisation=application.resource.provider_id, comment=comment
    )
    grant = _create_grant(application, actor=actor, daily_quota=daily_quota)
    _tell_applicant(
        application, lazy_text(gettext_lazy("Application %(no)s was granted"), no=application.number), comment.strip()
    )
    return grant


@transaction.atomic
def application_refuse(*, actor, application: ShareApplication, reason: str) -> ShareApplication:
    """The provider refuses; a refusal must give its reasons (R1.5)."""
    application = _locked(application)
    APPLICATION.check(actor, application, Action.REFUSE)
    reason = _reason(reason)
    _decide(
        application, actor=actor, action=Action.REFUSE, organisation=application.resource.provider_id, reason=reason
    )
    _tell_applicant(
        application,
        lazy_text(gettext_lazy("Application %(no)s was refused by the provider"), no=application.number),
        reason,
    )
    return application


@transaction.atomic
def application_urge(*, actor, application: ShareApplication, note: str = "") -> ShareApplication:
    """催办: the operator reminds the provider of an open application; counted and written to the ledger."""
    application = _locked(application)
    APPLICATION.check(actor, application, Action.URGE)
    _step(
        application,
        actor=actor,
        action=Action.URGE,
        organisation=operator_organisation(),
        after={"urged": application.urged_count + 1, "note": note.strip()},
        urged_count=application.urged_count + 1,
    )
    notify_staff(
        application.resource.provider,
        PROVIDER_DECIDERS,
        title=lazy_text(
            gettext_lazy("Urged: please answer share application %(no)s by %(date)s"),
            no=application.number,
            date=application.deadline,
        ),
        body=note.strip(),
        url=application_url(application),
    )
    return application


@transaction.atomic
def application_escalate(*, actor, application: ShareApplication, note: str = "") -> ShareApplication:
    """督办: once the provider's deadline has passed, the provider's leader gets a to-do of their own."""
    application = _locked(application)
    APPLICATION.check(actor, application, Action.ESCALATE)  # after the deadline, once (exchange.lifecycle)
    _step(
        application,
        actor=actor,
        action=Action.ESCALATE,
        organisation=operator_organisation(),
        after={"note": note.strip()},
        escalated_at=timezone.now(),
    )
    inbox_register(
        source="exchange",
        kind=KIND_ESCALATED,
        title=lazy_text(
            gettext_lazy("Escalated (督办): share application %(no)s is overdue since %(date)s"),
            no=application.number,
            date=application.deadline,
        ),
        url=application_url(application),
        assignee_org=application.resource.provider,
        assignee_role=Role.LEADER,
        working_days=rule("exchange.escalation_reply_days"),
        obj=application,
    )
    return application


@transaction.atomic
def application_withdraw(*, actor, application: ShareApplication) -> ShareApplication:
    """The consumer withdraws before a decision."""
    application = _locked(application)
    APPLICATION.check(actor, application, Action.WITHDRAW)
    _step(application, actor=actor, action=Action.WITHDRAW, organisation=application.consumer_id)
    inbox_complete_for(obj=application)
    return application


@transaction.atomic
def grant_revoke(*, actor, grant: Grant, reason: str) -> Grant:
    """The provider (its reviewers or leaders) or the platform operator stops a grant; calls are refused from now."""
    grant = Grant.objects.select_for_update(of=("self",)).select_related("application", "resource").get(pk=grant.pk)
    GRANT.check(actor, grant, GrantAction.REVOKE)
    reason = _reason(reason)
    provider_id = grant.resource.provider_id
    grant.is_active, grant.revoked_at = False, timezone.now()
    grant.save(update_fields=["is_active", "revoked_at"])
    ledger.record(
        action="exchange.grant.revoked",
        actor=actor,
        organisation=provider_id,
        obj=grant,
        before={"active": True},
        after={"active": False, "reason": reason},
    )
    _tell_applicant(
        grant.application,
        lazy_text(gettext_lazy("The grant of application %(no)s was revoked"), no=grant.application.number),
        reason,
    )
    return grant


@transaction.atomic
def grants_suspend(*, actor, resource, reason: str) -> list[Grant]:
    """The catalogue stopped sharing `resource` (`reason`: catalog SharingStop): every grant on it stops at once.

    Called inside the catalogue's transaction (`exchange.receivers`), so withdrawing or publishing as 不予共享 and
    suspending its grants happen together or not at all (R1.2, R1.9). Each suspension is in the ledger; the
    consumers' handlers and the platform operator are told. Grants already suspended or revoked are left alone.
    """
    grants = list(
        Grant.objects.select_for_update(of=("self",))
        .select_related("consumer", "application")
        .filter(resource_id=resource.pk, is_active=True, suspended_at__isnull=True)
        .order_by("pk")
    )
    now = timezone.now()
    for grant in grants:
        GRANT.next_state(grant_state(grant), GrantAction.SUSPEND)
        grant.suspended_at, grant.suspension_reason = now, reason
        grant.save(update_fields=["suspended_at", "suspension_reason"])
        ledger.record(
            action="exchange.grant.suspended",
            actor=actor,
            organisation=resource.provider_id,
            obj=grant,
            before={"state": "active"},
            after={"state": "suspended", "because": reason},
        )
    if not grants:
        return grants
    why = catalog.SharingStop(reason).label
    url = reverse("exchange_grants")
    by_consumer: dict[int, list[Grant]] = {}
    for grant in grants:
        by_consumer.setdefault(grant.consumer_id, []).append(grant)
    for consumer_grants in by_consumer.values():
        notify_staff(
            consumer_grants[0].consumer,
            APPLICANTS,
            title=_("Your grants for “%(name)s” are suspended") % {"name": resource.name},
            body=_("%(why)s. Applications: %(numbers)s. The gateway no longer serves them.")
            % {"why": why, "numbers": "、".join(g.application.number for g in consumer_grants)},
            url=url,
        )
    for operator in operator_organisations()[:1]:
        notify_staff(
            operator,
            OPERATOR_STAFF,
            title=_("%(n)s grants for “%(name)s” suspended") % {"n": len(grants), "name": resource.name},
            body=_("%(why)s.") % {"why": why},
            url=url,
        )
    return grants

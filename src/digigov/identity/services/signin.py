"""Sign-in lockout and idle sign-out (R0.2, 等级保护: 登录失败处理), every event audited (R0.4)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from digigov.core import ledger
from digigov.core.errors import PermissionDeniedError
from digigov.core.permissions import acting_organisation, is_platform_admin
from digigov.core.rules import rule
from digigov.identity.models import LoginFailure
from digigov.identity.selectors import username_key


@transaction.atomic
def signin_failed(*, username: str) -> dt.datetime | None:
    """Count a failed sign-in; after identity.lockout_attempts in a row lock the username for
    identity.lockout_minutes. Returns the end of the lock if the username is (now) locked.

    The row lock makes concurrent failures count one by one, so parallel guessing cannot outrun the limit.
    """
    key, now = username_key(username), timezone.now()
    failure, _created = LoginFailure.objects.select_for_update().get_or_create(username=key)
    if failure.locked_until and failure.locked_until > now:
        ledger.record(
            action="identity.signin.failed",
            object_type="identity.signin",
            object_id=key,
            after={"reason": "locked", "locked_until": failure.locked_until},
        )
        return failure.locked_until
    failure.count += 1
    failure.last_failed_at = now
    attempts, limit = failure.count, rule("identity.lockout_attempts")
    if attempts >= limit:
        failure.count = 0
        failure.locked_until = now + dt.timedelta(minutes=rule("identity.lockout_minutes"))
    failure.save()
    ledger.record(
        action="identity.signin.failed", object_type="identity.signin", object_id=key, after={"attempt": attempts}
    )
    if attempts < limit:
        return None
    ledger.record(
        action="identity.account.locked",
        object_type="identity.signin",
        object_id=key,
        after={"attempts": attempts, "locked_until": failure.locked_until},
    )
    return failure.locked_until


@transaction.atomic
def signin_succeeded(*, user) -> bool:
    """Record a right password. False if a lock began meanwhile (then the sign-in must be refused)."""
    key = username_key(user.get_username())
    failure = LoginFailure.objects.select_for_update().filter(username=key).first()
    if failure is not None and failure.locked_until and failure.locked_until > timezone.now():
        ledger.record(
            action="identity.signin.failed",
            object_type="identity.signin",
            object_id=key,
            after={"reason": "locked", "locked_until": failure.locked_until},
        )
        return False
    if failure is not None:
        failure.delete()
    ledger.record(action="identity.signin.succeeded", actor=user, organisation=acting_organisation(user), obj=user)
    return True


@transaction.atomic
def account_unlock(*, actor, username: str) -> None:
    """Lift a lock before it runs out (platform administrator only)."""
    if not is_platform_admin(actor):
        raise PermissionDeniedError()
    key = username_key(username)
    LoginFailure.objects.filter(username=key).delete()
    ledger.record(action="identity.account.unlocked", actor=actor, object_type="identity.signin", object_id=key)


@transaction.atomic
def session_expired(*, user) -> None:
    """Audit a sign-out forced by identity.idle_timeout_minutes without a request."""
    ledger.record(action="identity.session.expired", actor=user, organisation=acting_organisation(user), obj=user)

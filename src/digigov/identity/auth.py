import datetime as dt
import hmac

from django.db import connection
from django.utils import timezone
from ninja.security import APIKeyHeader

from digigov.identity.models import KEY_PREFIX_LEN, SystemClient

LAST_USED_PRECISION = dt.timedelta(seconds=60)


class ApiKeyAuth(APIKeyHeader):
    """`X-API-Key: <key>` for systems; the request then acts as the system's organisation."""

    param_name = "X-API-Key"

    def authenticate(self, request, key):
        if not key or len(key) <= KEY_PREFIX_LEN:
            return None
        client = _active_client(key[:KEY_PREFIX_LEN])
        if client is None or not hmac.compare_digest(client.key_digest, SystemClient.digest(key)):
            return None
        now = timezone.now()
        # A write per call would double the gateway's own cost; "last used" to the minute is what an admin needs.
        if client.last_used_at is None or now - client.last_used_at > LAST_USED_PRECISION:
            SystemClient.objects.filter(pk=client.pk).update(last_used_at=now)
        request.system_client = client
        return client


_FIELDS = ("id", "name", "organisation_id", "key_prefix", "key_digest", "is_active", "created_at", "last_used_at")
# Fixed SQL: every gateway call authenticates, and compiling the equivalent ORM query cost more than running it.
_CLIENT_SQL = (
    "SELECT id, name, organisation_id, key_prefix, key_digest, is_active, created_at, last_used_at "
    "FROM identity_systemclient WHERE key_prefix = %s AND is_active"
)


def _active_client(prefix: str) -> SystemClient | None:
    """The active client with this key prefix (unique), as a model instance; its organisation loads on first use."""
    with connection.cursor() as cursor:
        cursor.execute(_CLIENT_SQL, [prefix])
        row = cursor.fetchone()
    if row is None:
        return None
    row = [_aware(value) if isinstance(value, dt.datetime) else value for value in row]
    return SystemClient.from_db(connection.alias, _FIELDS, row)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands raw cursors naive UTC datetimes; PostgreSQL aware ones."""
    return timezone.make_aware(value, dt.UTC) if timezone.is_naive(value) else value

import datetime as dt
import hmac

from django.db import connection
from django.utils import timezone
from ninja.security import APIKeyHeader

from digigov.identity.choices import KeyScheme
from digigov.identity.models import KEY_PREFIX_LEN, SupersededKey, SystemClient, key_digest
from digigov.identity.services import system_key_rehash

LAST_USED_PRECISION = dt.timedelta(seconds=60)

# Fixed SQL: every gateway call authenticates, and compiling the equivalent ORM query cost more than running it.
CLIENT_COLUMNS = (
    "id",
    "name",
    "organisation_id",
    "key_prefix",
    "key_digest",
    "key_scheme",
    "is_active",
    "created_at",
    "last_used_at",
)
CLIENT_WIDTH = len(CLIENT_COLUMNS)


def client_sql(*, columns: str = "", joins: str = "", order: str = "") -> str:
    """The SELECT of the active client with a key prefix, widened by a caller's columns, joins and ORDER BY.

    The client's table is identity's: only this function names it. A caller that must read its own rows in the
    same round trip (the exchange gateway: the client with its grants, one query instead of two) passes SQL
    fragments that join on `c.id`; the client's `CLIENT_COLUMNS` come first in each row (`client_from_row`), the
    caller's `columns` after them. Parameters: the caller's (in `columns`, then `joins`), then the key prefix.
    """
    selected = ", ".join("c." + column for column in CLIENT_COLUMNS) + (f", {columns}" if columns else "")
    statement = f"SELECT {selected}\nFROM identity_systemclient c\n"  # noqa: S608 - constants and the caller's constants
    if joins:
        statement += f"{joins}\n"
    statement += "WHERE c.key_prefix = %s AND c.is_active"
    return statement + (f"\n{order}" if order else "")


_CLIENT_SQL = client_sql()


class ApiKeyAuth(APIKeyHeader):
    """`X-API-Key: <key>` for systems; the request then acts as the system's organisation."""

    param_name = "X-API-Key"

    def authenticate(self, request, key):
        # A NUL cannot be in an issued key, and PostgreSQL refuses to compare text holding one (a 500).
        if not key or len(key) <= KEY_PREFIX_LEN or "\x00" in key:
            return None
        with connection.cursor() as cursor:
            cursor.execute(_CLIENT_SQL, [key[:KEY_PREFIX_LEN]])
            row = cursor.fetchone()
        return self.accept(request, key, None if row is None else client_from_row(row))

    @staticmethod
    def accept(request, key: str, client: SystemClient | None) -> SystemClient | None:
        """`client` (the active client whose current key has the key's prefix, or None) if the whole key matches its
        digest; else the client whose previous key this is, while that key's grace period after a rotation lasts.

        The previous keys are looked up only for a prefix that is no current key's: a rotated key in its grace period,
        or a wrong key (which costs one more indexed read before its refusal).
        """
        if client is None:
            client = _superseded_client(key)
            if client is None:
                return None
        elif not hmac.compare_digest(client.key_digest, key_digest(key, client.key_scheme)):
            return None
        elif client.key_scheme != KeyScheme.HMAC_SM3:
            system_key_rehash(client=client, key=key)  # a key stored before HMAC-SM3: once, on its first use
        now = timezone.now()
        # A write per call would double the gateway's own cost; "last used" to the minute is what an admin needs.
        if client.last_used_at is None or now - client.last_used_at > LAST_USED_PRECISION:
            SystemClient.objects.filter(pk=client.pk).update(last_used_at=now)
        request.system_client = client
        return client


def _superseded_client(key: str) -> SystemClient | None:
    """The active client whose previous key `key` is, if that key still works (its grace period has not ended)."""
    old = (
        SupersededKey.objects.filter(
            key_prefix=key[:KEY_PREFIX_LEN], expires_at__gt=timezone.now(), client__is_active=True
        )
        .select_related("client")
        .first()
    )
    if old is None or not hmac.compare_digest(old.key_digest, key_digest(key, old.key_scheme)):
        return None
    return old.client


def client_from_row(row) -> SystemClient:
    """A SystemClient from the first `CLIENT_WIDTH` values of a row of `client_sql`; its organisation loads on first
    use."""
    values = [_aware(value) if isinstance(value, dt.datetime) else value for value in row[:CLIENT_WIDTH]]
    return SystemClient.from_db(connection.alias, CLIENT_COLUMNS, values)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands raw cursors naive UTC datetimes; PostgreSQL aware ones."""
    return timezone.make_aware(value, dt.UTC) if timezone.is_naive(value) else value

import datetime as dt
import hmac

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
        client = (
            SystemClient.objects.filter(key_prefix=key[:KEY_PREFIX_LEN], is_active=True)
            .select_related("organisation")
            .first()
        )
        if client is None or not hmac.compare_digest(client.key_digest, SystemClient.digest(key)):
            return None
        now = timezone.now()
        # A write per call would double the gateway's own cost; "last used" to the minute is what an admin needs.
        if client.last_used_at is None or now - client.last_used_at > LAST_USED_PRECISION:
            SystemClient.objects.filter(pk=client.pk).update(last_used_at=now)
        request.system_client = client
        return client

"""What other apps (the hall's cases, monitoring, licences) may call on online services. Nothing else of
`eservices` is public."""

from digigov.eservices.choices import Audience, ItemKind, ItemStatus
from digigov.eservices.figures import item_figures
from digigov.eservices.models import ServiceItem
from digigov.eservices.selectors import published_item_get, version_get

__all__ = ["Audience", "ItemKind", "ItemStatus", "ServiceItem", "item_figures", "published_item_get", "version_get"]

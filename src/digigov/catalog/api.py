"""What other apps (exchange, opendata) may call on the catalogue. Nothing else of `catalog` is public.

Other apps read resources and items through these functions and may keep the returned instances, but never
query or change catalogue models themselves. `sharing_stopped` is the signal an app above the catalogue listens to
when a published resource may no longer be shared (withdrawn, or published again as 不予共享).
"""

from digigov.catalog.choices import OpenType, ShareType, SharingStop
from digigov.catalog.models import Classification, InformationItem, Resource
from digigov.catalog.selectors import (
    open_resource_get,
    open_resource_list,
    published_resource_get,
    published_resource_options,
    resource_counts_by_provider,
    resource_get,
    resource_items,
    resource_theme,
    sharing_stop,
)
from digigov.catalog.services import resource_set_mounted
from digigov.catalog.signals import sharing_stopped

__all__ = [
    "Classification",
    "InformationItem",
    "OpenType",
    "Resource",
    "ShareType",
    "SharingStop",
    "open_resource_get",
    "open_resource_list",
    "published_resource_get",
    "published_resource_options",
    "resource_counts_by_provider",
    "resource_get",
    "resource_items",
    "resource_set_mounted",
    "resource_theme",
    "sharing_stop",
    "sharing_stopped",
]

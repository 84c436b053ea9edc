"""What other apps (exchange first) may call on the catalogue. Nothing else of `catalog` is public.

Other apps read resources and items through these functions and may keep the returned instances, but never
query or change catalogue models themselves.
"""

from digigov.catalog.choices import ShareType
from digigov.catalog.models import InformationItem, Resource
from digigov.catalog.selectors import (
    published_resource_get,
    published_resource_options,
    resource_counts_by_provider,
    resource_get,
    resource_items,
)
from digigov.catalog.services import resource_set_mounted

__all__ = [
    "InformationItem",
    "Resource",
    "ShareType",
    "published_resource_get",
    "published_resource_options",
    "resource_counts_by_provider",
    "resource_get",
    "resource_items",
    "resource_set_mounted",
]

from digigov.catalog.models.lists import DemandEntry, NegativeEntry, ResponsibilityEntry
from digigov.catalog.models.resources import (
    Classification,
    InformationItem,
    Resource,
    ResourceCodeSequence,
    ResourceVersion,
)

__all__ = [
    "Classification",
    "DemandEntry",
    "InformationItem",
    "NegativeEntry",
    "Resource",
    "ResourceCodeSequence",
    "ResourceVersion",
    "ResponsibilityEntry",
]

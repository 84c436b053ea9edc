from digigov.eservices.models.cases import Case, CaseMaterial, CasePart, Suspension
from digigov.eservices.models.consents import Consent
from digigov.eservices.models.hall import ProgressLookup
from digigov.eservices.models.items import (
    BasicItem,
    ItemLink,
    JointPart,
    Material,
    ServiceItem,
    ServiceItemVersion,
    Theme,
)

__all__ = [
    "Case",
    "Consent",
    "CaseMaterial",
    "CasePart",
    "Suspension",
    "ProgressLookup",
    "BasicItem",
    "ItemLink",
    "JointPart",
    "Material",
    "ServiceItem",
    "ServiceItemVersion",
    "Theme",
]

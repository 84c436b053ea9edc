from digigov.eservices.models.appointments import Appointment
from digigov.eservices.models.cases import Case, CaseMaterial, CasePart, Suspension
from digigov.eservices.models.consultations import Consultation
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
    "Appointment",
    "Consultation",
    "Case",
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

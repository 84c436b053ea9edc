from digigov.eservices.models.appointments import Appointment
from digigov.eservices.models.cases import Case, CaseMaterial, CasePart, Suspension
from digigov.eservices.models.consents import Consent
from digigov.eservices.models.consultations import Consultation
from digigov.eservices.models.delivery import Carrier, Delivery, DeliveryMethod
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
from digigov.eservices.models.payments import PaymentNotice, PaymentOrder, PaymentStatus, SimulatedCheckout
from digigov.eservices.models.ratings import Rating

__all__ = [
    "Appointment",
    "Consultation",
    "Case",
    "Consent",
    "CaseMaterial",
    "CasePart",
    "Suspension",
    "ProgressLookup",
    "Rating",
    "Carrier",
    "Delivery",
    "DeliveryMethod",
    "PaymentNotice",
    "PaymentOrder",
    "PaymentStatus",
    "SimulatedCheckout",
    "BasicItem",
    "ItemLink",
    "JointPart",
    "Material",
    "ServiceItem",
    "ServiceItemVersion",
    "Theme",
]

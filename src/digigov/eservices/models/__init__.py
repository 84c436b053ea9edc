from digigov.eservices.models.items import (
    BasicItem,
    ItemLink,
    JointPart,
    Material,
    ServiceItem,
    ServiceItemVersion,
    Theme,
)

__all__ = ["BasicItem", "ItemLink", "JointPart", "Material", "ServiceItem", "ServiceItemVersion", "Theme"]

from digigov.websites.models.disclosure import DisclosureApplication
from digigov.websites.models.library import LibraryItem, Placement
from digigov.websites.models.messages import Message
from digigov.websites.models.pages import ColumnPage, PortalHomePage
from digigov.websites.models.review import ConfidentialityReviewTask, RoleApprovalTask
from digigov.websites.models.sites import SiteProfile
from digigov.websites.models.words import SensitiveWord

__all__ = [
    "ColumnPage",
    "ConfidentialityReviewTask",
    "DisclosureApplication",
    "RoleApprovalTask",
    "LibraryItem",
    "Message",
    "Placement",
    "PortalHomePage",
    "SensitiveWord",
    "SiteProfile",
]

from digigov.websites.models.library import LibraryItem, Placement
from digigov.websites.models.pages import ColumnPage, PortalHomePage
from digigov.websites.models.sites import SiteProfile

__all__ = ["ColumnPage", "LibraryItem", "Placement", "PortalHomePage", "SiteProfile"]

"""What other apps may use of the website cluster. Nothing else of `websites` is public.

A public page of another app (the open-data portal, later the service hall and the hotline's web channel) is drawn
in the frame of the site its request is for, so it reads as part of that site (DESIGN.md "Public pages").
"""

from digigov.core.public import PublicChrome
from digigov.websites import selectors

__all__ = ["chrome_for"]


def chrome_for(request, current: str = "") -> PublicChrome:
    """The frame of the site the request's host belongs to, or the installation's plain frame on any other host;
    `current` is the page's address, so that the navigation marks where the visitor is."""
    found = selectors.site_for_request(request)
    if found is None:
        return PublicChrome.plain()
    home, profile = found
    chrome = selectors.chrome_for_home(home, profile, request)
    return chrome.with_current(current) if current else chrome

"""Published pages answered from their static files (websites.static_publish), before sessions, the database or a
template are touched: the platform's own serving path for a site's pages, as fast as reading a file. A closed site's
addresses answer a permanent redirect to the site that received its content (R8.5)."""

import mimetypes

from django.http import HttpResponse, HttpResponsePermanentRedirect

from digigov.websites import site_lifecycle, static_publish

# The platform's own addresses (back office, API, sign-in, files) work on every host name, a closed one too.
NOT_A_SITE_PAGE = ("/admin/", "/api/", "/oidc/", "/accounts/", "/documents/", "/files/", "/static/", "/media/",
                   "/display/", "/too-large/")  # fmt: skip

RENDER_HEADER = static_publish.RENDER_HEADER
TYPES = {".html": "text/html; charset=utf-8", ".xml": None, ".txt": "text/plain; charset=utf-8"}


class StaticPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and RENDER_HEADER not in request.META
        ):
            target = static_publish.file_for(request.get_host().split(":")[0], request.path)
            if target is not None:
                try:
                    content = target.read_bytes()
                except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
                    content = None
                if content is not None:
                    return _response(target.suffix, target.name, content)
        # After the files (a closed site has none left, and a running site's file must not wait for the cache):
        if not request.path.startswith(NOT_A_SITE_PAGE):
            closed = site_lifecycle.closed_redirects()
            if closed:
                host = request.get_host().split(":")[0].lower()
                if host in closed and closed[host]:
                    return HttpResponsePermanentRedirect(f"{closed[host]}/")
        return self.get_response(request)


def _response(suffix: str, name: str, content: bytes) -> HttpResponse:
    if suffix == ".xml":
        kind = "application/rss+xml; charset=utf-8" if name == "rss.xml" else "application/xml"
    else:
        kind = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=kind)
    response["X-Frame-Options"] = "DENY"
    return response

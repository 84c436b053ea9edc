"""The installation's own name (DIGIGOV_SITE_NAME) for page titles and the sign-in heading; the error page."""

from django import template
from django.conf import settings

from digigov.core.views import error_context

register = template.Library()


@register.simple_tag
def platform_name() -> str:
    return settings.WAGTAIL_SITE_NAME


@register.inclusion_tag("core/error.html", takes_context=True)
def error_page(context, status: int) -> dict:
    """The platform's error page inside a template Wagtail renders itself (its admin 404)."""
    request = context.get("request")
    return error_context(request.path if request else "/", status)

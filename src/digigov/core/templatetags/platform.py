"""The installation's own name (DIGIGOV_SITE_NAME) for page titles and the sign-in heading."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def platform_name() -> str:
    return settings.WAGTAIL_SITE_NAME

"""Where the dashboard's search box sends its query: the first search area the person may use (the same rule as
Wagtail's sidebar box), so a handler reaches the workbench search instead of a page search that answers 无权限."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.search import admin_search_areas

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_search_box(context):
    """(action URL, form) of the dashboard's search box, or None if the person may search nothing."""
    request = context["request"]
    areas = admin_search_areas.search_items_for_request(request)
    if not areas:
        return None
    if areas[0].url == reverse("core_search"):
        return areas[0].url, SearchForm(placeholder=_("Search resources, applications, to-dos…"))
    return areas[0].url, context.get("search_form") or SearchForm()

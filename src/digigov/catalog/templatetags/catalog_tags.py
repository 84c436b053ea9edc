from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """{{ labels|get:field }}: a dict value by a variable key."""
    return mapping.get(key, key)

"""{{ user|person_name }}: 张敏, the way every screen names a person (core/names.py)."""

from django import template

from digigov.core.names import person_name as _person_name

register = template.Library()


@register.filter
def person_name(user) -> str:
    return _person_name(user)

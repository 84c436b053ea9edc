from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Password policy (等级保护): at least three of upper case, lower case, digits and symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        classes = [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("Your password must mix at least three of: upper-case letters, lower-case letters, digits, symbols.")

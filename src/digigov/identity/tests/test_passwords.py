"""Password policy (R0.2, 等级保护): at least 10 characters mixing three of four character classes."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from digigov.identity.passwords import CharacterClassValidator

CLASSES = {
    "upper": "ABCDEFGHJKLMNPQRSTUVWXYZ",
    "lower": "abcdefghijkmnopqrstuvwxyz",
    "digit": "0123456789",
    "symbol": "!@#$%^&*()-_=+[]{};:,.?/~",
}
MIX_MESSAGE = "Your password must mix at least three of: upper-case letters, lower-case letters, digits, symbols."


def messages(password: str) -> list[str]:
    with translation.override("en"):
        try:
            validate_password(password)
        except ValidationError as exc:
            return exc.messages
    return []


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Qz7#kd", ["This password is too short. It must contain at least 10 characters."]),
        ("qzkdmwrtpxvb", [MIX_MESSAGE]),
        ("qzkdmwrt2026", [MIX_MESSAGE]),
        ("QZKD#MWRT!2026", []),
        ("Qz7#kdMw9!rT", []),
    ],
)
def test_validate_password_applies_length_and_character_classes(password, expected):
    assert messages(password) == expected


def test_a_short_simple_password_gets_both_messages():
    assert set(messages("qzk")) == {"This password is too short. It must contain at least 10 characters.", MIX_MESSAGE}


@given(st.sets(st.sampled_from(sorted(CLASSES)), min_size=1), st.data())
def test_the_validator_accepts_exactly_when_three_classes_are_present(chosen, data):
    password = "".join(
        data.draw(st.text(alphabet=CLASSES[name], min_size=1, max_size=5), label=name) for name in sorted(chosen)
    )
    validator = CharacterClassValidator()
    if len(chosen) >= 3:
        validator.validate(password)
    else:
        with pytest.raises(ValidationError) as exc:
            validator.validate(password)
        assert exc.value.code == "password_too_simple"

"""GB/T 36904 licence identifiers: format, check character, version part."""

import pytest

from digigov.licenses import identifiers

# An identifier published by a provincial platform (its check character computed by that platform's system).
PUBLISHED = ["1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U"]


def test_a_published_identifier_parses_with_its_check_character():
    parts = identifiers.parse(PUBLISHED[0])
    assert parts is not None
    assert parts.type_code == "11100000000013338W011"
    assert parts.issuer_code == "11430000006122244L"
    assert parts.version == 1


def test_a_made_identifier_round_trips_and_a_changed_character_is_caught():
    made = identifiers.make(
        type_code="11420000MB1234567X001", issuer_code="11420000MB1234567X", serial="A1B2C3D4E5F6G7H8J9K0", version=2
    )
    assert made.startswith("1.2.156.3005.2.11420000MB1234567X001.11420000MB1234567X.A1B2C3D4E5F6G7H8J9K0.002.")
    assert identifiers.parse(made).version == 2
    changed = made.replace("A1B2", "A1B3")
    assert identifiers.parse(changed) is None


@pytest.mark.parametrize(
    "text",
    ["", "1.2.156.3005.2", "1.2.156.3005.1.11100000000013338W011.11430000006122244L.20230000403.001.U", "abc"],
)
def test_malformed_identifiers_are_refused(text):
    assert identifiers.parse(text) is None


def test_type_codes_are_the_issuers_credit_code_and_three_digits():
    assert identifiers.type_code("11420000MB1234567X", 7) == "11420000MB1234567X007"
    assert identifiers.is_type_code("11420000MB1234567X007")
    with pytest.raises(ValueError):
        identifiers.type_code("1142", 7)

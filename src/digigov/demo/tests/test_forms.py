"""The demo's forms are valid schemas, carry prefill and check properties, and ask for what their matter needs."""

import pytest

from digigov.demo.forms import forms
from digigov.forms.api import prefill_keys, validate_schema

pytestmark = pytest.mark.django_db


def test_every_demo_form_passes_the_schema_check():
    made = forms("shared:101001/000001.zz")
    assert len(made) == 6
    for _key, _name, _owner, schema in made:
        validate_schema(schema)
    by_key = {key: schema for key, _name, _owner, schema in made}
    assert prefill_keys(by_key["birth-registration"])["address"] == "shared:101001/000001.zz"
    assert prefill_keys(by_key["enterprise-application"])["uscc"] == "applicant.uscc"
    assert "'check': 'id_number'" in str(by_key["company-setup"])

"""Property: any table with a header and unique non-empty keys survives CSV and .xlsx upload unchanged."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digigov.core.tests.files import xlsx
from digigov.exchange.services.tables import parse_table

pytestmark = pytest.mark.django_db  # the size limit is a rule read from the database

# Cells as staff type them: Chinese and ASCII text, commas, quotes; no leading/trailing spaces (cells are stripped).
cell = st.text(alphabet=st.sampled_from("张李王0123456789abcXYZ,\"' -"), max_size=8).map(str.strip)
name = st.text(alphabet=st.sampled_from("身份证号姓名电话地址abc"), min_size=1, max_size=6)


@st.composite
def tables(draw):
    header = draw(st.lists(name, min_size=1, max_size=5, unique=True))
    keys = draw(st.lists(cell.filter(bool), min_size=1, max_size=15, unique=True))
    rows = [[key, *(draw(cell) for _ in header[1:])] for key in keys]
    return header, rows


def _csv(header, rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def _xlsx(header, rows) -> bytes:
    return xlsx([header, *rows])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables())
def test_csv_round_trip(table):
    header, rows = table
    parsed = parse_table(filename="t.csv", content=_csv(header, rows), key_column=header[0])
    assert parsed.columns == header
    assert [(key, list(data.values())) for _, key, data in parsed.rows] == [(r[0], r) for r in rows]
    assert [no for no, _, _ in parsed.rows] == list(range(1, len(rows) + 1))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables())
def test_xlsx_round_trip(table):
    header, rows = table
    parsed = parse_table(filename="t.xlsx", content=_xlsx(header, rows), key_column=header[0])
    assert [key for _, key, _ in parsed.rows] == [r[0] for r in rows]

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from digigov.core.models import Division, InboxItem, LedgerEntry, Membership, Organisation
from digigov.core.validators import validate_uscc
from digigov.demo.province import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def counts():
    return (
        Division.objects.count(),
        Organisation.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        InboxItem.objects.count(),
    )


def test_load_demo_twice_neither_fails_nor_duplicates(capsys):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    out = capsys.readouterr().out
    assert "psb.handler" in out and DEMO_PASSWORD in out


def test_demo_province_is_complete_to_county_level():
    call_command("load_demo")
    hubei = Division.objects.get(code="420000")
    assert hubei.name == "湖北省"
    assert Division.objects.filter(level="city", parent=hubei).count() == 13
    assert Division.objects.filter(level="county", code__startswith="42").count() == 103
    village = Division.objects.filter(level="village").first()
    assert [d.level for d in village.ancestors()] == ["province", "city", "county", "township"]


def test_demo_organisations_carry_valid_credit_codes_and_nest():
    call_command("load_demo")
    for org in Organisation.objects.exclude(uscc=None):
        assert validate_uscc(org.uscc) == org.uscc
    unit = Organisation.objects.get(name="人口管理总队")
    assert unit.root().name == "湖北省公安厅"


def test_demo_superuser_is_a_platform_administrator_and_every_change_is_in_the_ledger():
    call_command("load_demo")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert LedgerEntry.objects.filter(action="core.inbox.registered").count() == InboxItem.objects.count()

"""`exchange.api.shared_record`: another app of the platform reads shared data through the gateway in-process, under
its system's grants, quota and masking, leaving exactly one call-log row as an HTTP call would (R1.8, R4.3)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from digigov.catalog.tests.factories import InformationItemFactory, ResourceFactory
from digigov.core.errors import DomainError
from digigov.core.tests.factories import OrganisationFactory
from digigov.exchange import api, gateway
from digigov.exchange.choices import CallStatus
from digigov.exchange.models import GatewayCall, GrantUsage
from digigov.exchange.tests.test_gateway_fixtures import PEOPLE, setup, system_with_key

pytestmark = pytest.mark.django_db

ZHANG, OUYANG = PEOPLE
PURPOSE = "一表式填报"


@pytest.fixture(autouse=True)
def fresh_metadata():
    """Ids are reused after a test's rollback; the gateway's few-seconds catalogue cache must not outlive a test."""
    gateway._metadata_cache.clear()


def http_records(client, s, *, key, purpose) -> list[dict]:
    response = client.get(s.url, {"key": key, "purpose": purpose}, headers={"x-api-key": s.key})
    assert response.status_code == 200, response.content
    return response.json()["records"]


def read(s, key=ZHANG[0], system=None, purpose=PURPOSE):
    return api.shared_record(system=system or s.system, resource_id=s.resource.pk, key=key, purpose=purpose)


def test_a_granted_system_gets_the_record_its_source_and_one_call_log_row():
    s = setup()
    s.resource.provider.short_name = "省公安厅"
    s.resource.provider.save()
    record = read(s)
    assert record.values == {
        "sfzh": "420102********1236",
        "xm": "张*",
        "sjhm": "138****5678",
        "zz": "湖北省武汉市江岸区********",
    }, "the granted items only, masked: the income item is not granted"
    assert record.masked == {"sfzh", "xm", "sjhm", "zz"}
    assert record.source == f"省公安厅 {s.resource.name}"
    row = GatewayCall.objects.get()
    assert record.call_id == row.pk
    assert (row.status, row.error_code, row.record_count, row.record_keys) == (CallStatus.OK, "", 1, ZHANG[0])
    assert row.system == s.system and row.consumer == s.system.organisation and row.grant == s.grant
    assert row.resource == s.resource and row.provider == s.resource.provider and row.service == s.service
    assert row.purpose == PURPOSE and row.query == f"key={ZHANG[0]}" and row.items == "sfzh,xm,sjhm,zz"
    assert GrantUsage.objects.get(grant=s.grant).served == 1, "a served in-process call counts against the quota"


def test_the_record_is_what_the_same_call_over_http_answers(client):
    s = setup()
    in_process = read(s, key=OUYANG[0])
    over_http = http_records(client, s, key=OUYANG[0], purpose=PURPOSE)
    assert [in_process.values] == over_http
    first, second = GatewayCall.objects.order_by("pk")
    fields = ("system", "grant", "resource", "purpose", "items", "query", "record_keys", "status")
    assert [getattr(first, f) for f in fields] == [getattr(second, f) for f in fields]


def test_raw_values_are_given_unmasked_when_the_grant_allows_them():
    s = setup(raw_values=True, granted=("sfzh", "xm", "sr"))
    record = read(s, key=OUYANG[0])
    assert record.values == {"sfzh": OUYANG[0], "xm": "欧阳娜娜", "sr": "9500"} and record.masked == frozenset()


def test_no_record_with_the_key_is_none_and_still_logged():
    s = setup()
    assert read(s, key="11010519491231002X") is None
    row = GatewayCall.objects.get()
    assert (row.status, row.record_count) == (CallStatus.OK, 0)


def test_an_ungranted_system_is_refused_with_the_gateways_message_and_logged():
    s = setup()
    stranger, _key = system_with_key(OrganisationFactory(name="市民政局"), name="救助业务系统")
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        read(s, system=stranger)
    assert refused.value.code == "no_grant"
    with translation.override("zh-hans"):
        assert str(refused.value.message) == "本系统未获授权使用该信息资源，请先提出共享申请。"
    row = GatewayCall.objects.get()
    assert (row.status, row.error_code, row.system) == (CallStatus.REFUSED, "no_grant", stranger)
    assert row.grant is None and row.resource == s.resource


def test_the_quota_counts_in_process_and_http_calls_alike(client):
    s = setup(daily_quota=2)
    assert read(s) is not None
    assert len(http_records(client, s, key=ZHANG[0], purpose=PURPOSE)) == 1
    with pytest.raises(DomainError) as refused:
        read(s)
    assert refused.value.code == "quota_exceeded"
    assert list(GatewayCall.objects.order_by("pk").values_list("status", flat=True)) == [
        CallStatus.OK,
        CallStatus.OK,
        CallStatus.REFUSED,
    ]


def test_a_suspended_or_revoked_grant_refuses_the_call():
    s = setup()
    s.grant.is_active = False
    s.grant.save()
    with pytest.raises(DomainError) as refused:
        read(s)
    assert refused.value.code == "grant_revoked"
    assert GatewayCall.objects.get().error_code == "grant_revoked"


def test_the_purpose_is_required_as_over_http():
    s = setup()
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        read(s, purpose=" ")
    assert refused.value.code == "purpose_required"
    assert str(refused.value.message) != gettext("The request cannot be processed.")
    assert GatewayCall.objects.get().error_code == "purpose_required"


def test_the_key_kind_of_a_resource_says_which_code_to_send():
    s = setup()
    entity = ResourceFactory(name="法人单位基础信息")
    InformationItemFactory(resource=entity, identifier="tyshxydm", name="统一社会信用代码", is_key=True)
    other = ResourceFactory(name="机动车登记信息")
    InformationItemFactory(resource=other, identifier="hphm", name="号牌号码", is_key=True)
    assert api.resource_key_kind(s.resource.pk) == "id_number"
    assert api.resource_key_kind(entity.pk) == "uscc"
    assert api.resource_key_kind(other.pk) == ""
    assert api.resource_key_kind(10**9) == ""

"""One-form filling (R4.3, R1.7): a form is filled from the applicant's own account and from shared data read through
the real exchange gateway, a material the platform holds is not asked for, and each read leaves one call-log row."""

import pytest
from django.utils import translation

from digigov.catalog.tests.factories import InformationItemFactory, ResourceFactory
from digigov.core.choices import Role
from digigov.core.rules import rule_set
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.eservices.choices import KeyKind, MaterialRequirement, MaterialSource, Provision, Substitute
from digigov.eservices.models import CaseMaterial
from digigov.eservices.prefill import SYSTEM_RULE, materials_held, prefill_for
from digigov.eservices.services import cases
from digigov.eservices.services.cases import Held
from digigov.eservices.tests.case_setup import PDF, world
from digigov.eservices.tests.factories import MaterialFactory, ServiceItemFactory
from digigov.exchange.tests.factories import gateway_cache_clear, hosted_table_mounted
from digigov.exchange.tests.factories import gateway_calls as calls
from digigov.exchange.tests.test_gateway_fixtures import PEOPLE, make_grant, setup, system_with_key
from digigov.forms import api as forms
from digigov.forms.tests.factories import schema
from digigov.identity import api as identity
from digigov.identity.tests.factories import legal_person_data

pytestmark = pytest.mark.django_db

ZHANG, OUYANG = PEOPLE  # rows of the hosted population table: (ID number, name, phone, address, income)
NOBODY = "11010519491231002X"  # a valid ID number the table does not hold
ACCOUNT = "您的实名认证账号"


@pytest.fixture(autouse=True)
def chinese():
    gateway_cache_clear()
    with translation.override("zh-hans"):
        yield


def population(**grant):
    """The population resource of 省公安厅, hosted and mounted; a system granted its items (raw values unless said)."""
    s = setup(**({"raw_values": True} | grant))
    s.resource.name = "人口基础信息"
    s.resource.save()
    s.resource.provider.short_name = "省公安厅"
    s.resource.provider.save()
    return s


def use_system(system):
    rule_set(actor=UserFactory(is_superuser=True), key=SYSTEM_RULE, value=system.pk)


def citizen(id_number=ZHANG[0], name="张三"):
    return identity.citizen_register(
        username=f"c{id_number}", password="Qz7#kdMw9!rT", real_name=name, id_number=id_number, phone="13807100001"
    ).user


def text(key, label, prefill):
    return {"type": "textfield", "id": f"Field_{key}", "key": key, "label": label, "properties": {"prefill": prefill}}


def form_version(resource_code):
    components = [
        text("name", "姓名", "applicant.name"),
        text("id_number", "公民身份号码", "applicant.id_number"),
        text("mobile", "手机号码", "applicant.mobile"),
        text("org_name", "单位名称", "applicant.org_name"),
        text("address", "户籍地址", f"shared:{resource_code}.zz"),
        text("holder", "户主姓名", f"shared:{resource_code}.xm"),
        text("income", "月收入", f"shared:{resource_code}.sr"),
        text("unknown", "其他", "shared:NO-SUCH.zz"),
    ]
    actor = UserFactory(is_superuser=True)
    definition = forms.definition_create(
        actor=actor, key="prefill-test", name="个人事项申请表", owner=None, schema=schema(components=components)
    )
    return definition.current


def test_a_citizens_form_is_filled_from_the_account_and_the_population_resource_with_its_source():
    s = population(granted=("sfzh", "xm", "zz"))
    use_system(s.system)
    filled = prefill_for(applicant_user=citizen(), form_version=form_version(s.resource.code))
    assert filled["name"] == forms.Prefill("张三", ACCOUNT, True)
    assert filled["id_number"] == forms.Prefill(ZHANG[0], ACCOUNT, True)
    assert filled["mobile"] == forms.Prefill("13807100001", ACCOUNT, True)
    assert filled["address"] == forms.Prefill(ZHANG[3], "省公安厅 人口基础信息", True)
    assert filled["holder"] == forms.Prefill("张三", "省公安厅 人口基础信息", True)
    assert set(filled) == {"name", "id_number", "mobile", "address", "holder"}, (
        "a citizen has no organisation; income is not granted; an unknown resource fills nothing"
    )
    (row,) = calls()  # one read for the two fields of the same resource
    assert (row.status, row.system, row.resource, row.record_keys) == ("ok", s.system, s.resource, ZHANG[0])
    assert row.purpose == "一表式填报"


def test_a_masked_value_is_not_filled_in_but_the_read_is_logged():
    s = population(raw_values=False, granted=("sfzh", "xm", "zz", "sr"))
    use_system(s.system)
    filled = prefill_for(applicant_user=citizen(), form_version=form_version(s.resource.code))
    assert filled["income"] == forms.Prefill("8000", "省公安厅 人口基础信息", True), "not sensitive: never masked"
    assert "address" not in filled and "holder" not in filled, "湖北省武汉市江岸区******** is no address"
    assert calls().get().status == "ok"


def test_a_legal_persons_form_gets_its_entity_data_and_no_personal_lookup():
    s = population()
    use_system(s.system)
    data = legal_person_data()
    user = identity.legal_person_register(**data).user
    filled = prefill_for(applicant_user=user, form_version=form_version(s.resource.code))
    assert filled["org_name"].value == data["entity_name"]
    assert filled["name"].value == data["legal_representative"], "who signs for it, as a case applied online says"
    assert filled["id_number"].value == data["representative_id_number"]
    assert "address" not in filled
    assert not calls().exists(), "a record keyed by ID number is not looked up for a legal person"


def test_nothing_is_read_from_shared_data_until_the_rule_names_a_system():
    s = population()
    filled = prefill_for(applicant_user=citizen(), form_version=form_version(s.resource.code))
    assert set(filled) == {"name", "id_number", "mobile"} and not calls().exists()


def test_staff_and_anonymous_users_get_nothing_prefilled():
    s = population()
    use_system(s.system)
    version = form_version(s.resource.code)
    assert prefill_for(applicant_user=staff(Role.HANDLER, OrganisationFactory()), form_version=version) == {}
    assert not calls().exists()


def shared_material(resource, **fields):
    values = {
        "name": "户口簿",
        "source": MaterialSource.GOVERNMENT,
        "substitute": Substitute.SHARED,
        "resource": resource,
        "items": ["xm", "sfzh"],
        "key": KeyKind.ID_NUMBER,
    }
    return MaterialFactory(**(values | fields))


def test_a_material_with_a_shared_substitute_is_held_when_the_record_exists():
    s = population()
    use_system(s.system)
    item = ServiceItemFactory(name="社会保障卡申领")
    hukou = shared_material(s.resource, item=item, position=1)
    MaterialFactory(item=item, name="本人近期免冠照片", position=2)
    MaterialFactory(item=item, name="居民身份证", substitute=Substitute.LICENCE, licence_type="DEMO-LIC-ID", position=3)
    (held,) = materials_held(applicant_user=citizen(), item=item)  # no 居民身份证 e-licence held: asked for
    row = calls().get()
    assert held == Held(hukou.pk, Provision.SHARED, "省公安厅 人口基础信息", str(row.pk))
    assert row.purpose == "一表式填报：社会保障卡申领的“户口簿”免于提交" and row.record_keys == ZHANG[0]


def test_a_material_is_asked_for_when_no_record_has_the_applicants_code():
    s = population()
    use_system(s.system)
    item = ServiceItemFactory()
    shared_material(s.resource, item=item)
    assert materials_held(applicant_user=citizen(NOBODY, "赵六"), item=item) == []
    row = calls().get()
    assert (row.status, row.record_count, row.record_keys) == ("ok", 0, "")


def test_a_material_naming_an_item_the_grant_lacks_is_asked_for():
    s = population(granted=("sfzh", "xm"))
    use_system(s.system)
    item = ServiceItemFactory()
    shared_material(s.resource, item=item, items=["xm", "zz"])
    assert materials_held(applicant_user=citizen(), item=item) == []
    assert calls().count() == 1


def test_without_a_grant_the_material_is_simply_asked_for_and_the_refusal_logged():
    s = population()
    other, _key = system_with_key(OrganisationFactory(name="湖北省政务管理办公室"), name="一体化政务服务平台")
    use_system(other)
    item = ServiceItemFactory()
    shared_material(s.resource, item=item)
    user = citizen()
    assert materials_held(applicant_user=user, item=item) == []
    assert "address" not in prefill_for(applicant_user=user, form_version=form_version(s.resource.code))
    assert [(c.status, c.error_code, c.system) for c in calls()] == [("refused", "no_grant", other)] * 2


def test_a_used_up_quota_holds_nothing_and_never_raises():
    s = population(daily_quota=1)
    use_system(s.system)
    item = ServiceItemFactory()
    shared_material(s.resource, item=item)
    user = citizen()
    assert len(materials_held(applicant_user=user, item=item)) == 1
    assert materials_held(applicant_user=user, item=item) == []
    assert [(c.status, c.error_code) for c in calls()] == [("ok", ""), ("refused", "quota_exceeded")]


def test_materials_of_one_resource_are_read_once():
    s = population()
    use_system(s.system)
    item = ServiceItemFactory()
    shared_material(s.resource, item=item, name="户口簿", position=1)
    shared_material(s.resource, item=item, name="居住证明", items=["zz"], position=2)
    held = materials_held(applicant_user=citizen(), item=item)
    assert [h.material_id for h in held] == [m.pk for m in item.materials.all()]
    assert calls().count() == 1 and held[0].source_ref == held[1].source_ref


def test_a_legal_persons_material_keyed_by_credit_code_is_held_from_the_legal_entity_resource():
    data = legal_person_data(entity_name="武汉长江示例科技有限公司", legal_representative="周强")
    user = identity.legal_person_register(**data).user
    provider = OrganisationFactory(name="湖北省市场监督管理局", short_name="省市场监管局")
    entities = ResourceFactory(name="法人单位基础信息", provider=provider)
    items = [
        InformationItemFactory(resource=entities, identifier="tyshxydm", name="统一社会信用代码", is_key=True),
        InformationItemFactory(resource=entities, identifier="dwmc", name="单位名称"),
        InformationItemFactory(resource=entities, identifier="fddbr", name="法定代表人", sensitive="name"),
    ]
    header = ["tyshxydm", "dwmc", "fddbr"]
    hosted_table_mounted(
        resource=entities,
        header=header,
        rows=[[data["uscc"], "武汉长江示例科技有限公司", "周强"]],
        field_map={h: h for h in header},
        actor=UserFactory(is_superuser=True),
    )
    system, _key = system_with_key(OrganisationFactory(name="湖北省政务管理办公室"), name="一体化政务服务平台")
    make_grant(entities, system, items, raw_values=True)
    use_system(system)
    item = ServiceItemFactory(name="食品经营许可")
    material = shared_material(entities, item=item, name="法定代表人身份证明", items=header, key=KeyKind.USCC)
    (held,) = materials_held(applicant_user=user, item=item)
    assert held == Held(material.pk, Provision.SHARED, "省市场监管局 法人单位基础信息", str(calls().get().pk))
    assert calls().get().record_keys == data["uscc"]
    assert materials_held(applicant_user=citizen(), item=item) == [], "a citizen has no credit code to look up"
    assert calls().count() == 1


def test_a_case_records_the_held_material_with_its_call_and_agrees_with_its_own_prefill():
    """The application page's path: prefill and held materials read before the case is submitted, the held one
    recorded as provided with the gateway call as its source reference, never asked for."""
    s = population()
    use_system(s.system)
    w = world()
    hukou = shared_material(s.resource, item=w.item, required=MaterialRequirement.ALWAYS, position=9)
    user = citizen()
    case = cases.case_start(actor=user, item=w.item)
    filled = prefill_for(applicant_user=user, form_version=case.form_version)
    assert cases.applicant_prefill(case) == {k: v for k, v in filled.items() if k in {"name", "id_number"}}
    held = materials_held(applicant_user=user, item=w.item)
    assert [h.material_id for h in held] == [hukou.pk]
    identity_proof = w.materials[0]
    cases.material_attach(actor=user, case=case, material_id=identity_proof.pk, filename="id.pdf", data=PDF)
    case = cases.case_submit(actor=user, case=case, post=w.post(), prefilled=filled, held=held)
    row = CaseMaterial.objects.get(case=case, material=hukou)
    assert (row.provided, row.source, row.source_ref) == ("shared", "省公安厅 人口基础信息", str(calls().get().pk))


def test_the_apply_page_says_where_a_held_material_comes_from_and_submits_without_it(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from digigov.eservices.tests.case_setup import publish

    s = population()
    use_system(s.system)
    w = world()
    hukou = shared_material(s.resource, item=w.item, position=3, required=MaterialRequirement.ALWAYS)
    publish(w.item)
    person = citizen()
    client.force_login(person)
    url = f"/zwfw/items/{w.item.implementation_code}/apply/"
    page = client.get(url).content.decode()
    assert "省公安厅 人口基础信息" in page and "户口簿" in page
    upload = SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {**w.post(), "action": "submit", f"material-{w.materials[0].pk}": upload})
    assert response.status_code == 302
    row = CaseMaterial.objects.get(material=hukou)
    assert row.provided == Provision.SHARED and row.source == "省公安厅 人口基础信息" and row.source_ref

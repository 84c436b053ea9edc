"""减证便民 (R6.2): a material whose substitute is an e-licence is not asked for when the applicant holds a valid
licence of that type; the case records it, the holder sees the use in the wallet, the handler sees the licence
verified inline, and the case-level materials-avoided figure counts it."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from digigov.core.errors import DomainError
from digigov.eservices.choices import CaseStatus, Provision, Substitute
from digigov.eservices.figures import case_figures
from digigov.eservices.models import Case, CaseMaterial
from digigov.eservices.services import cases
from digigov.eservices.tests.case_setup import PDF, world
from digigov.identity import api as identity
from digigov.licenses.choices import LicenceStatus, TrustGrade, UseKind
from digigov.licenses.tests.factories_wallet import LicenceUse, licence, licence_type

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def licensed_world(**item_fields):
    w = world(**item_fields)
    kind = licence_type(name="居民身份证")
    material = w.materials[0]
    material.substitute, material.licence_type = Substitute.LICENCE, kind.code
    material.save()
    return w, kind


def apply_url(w) -> str:
    return f"/zwfw/items/{w.item.implementation_code}/apply/"


def test_a_held_licence_replaces_the_material_and_its_use_is_recorded_for_holder_and_handler():
    w, kind = licensed_world()
    party = identity.party_of(w.citizen)
    held = licence(holder_code=party.code, holder_name=party.name, kind=kind)
    client = signed_in(w.citizen)
    page = client.get(apply_url(w)).content.decode()
    block = page.split(f'data-testid="material-{w.materials[0].pk}"')[1].split("</li>")[0]
    assert "已关联电子证照" in block and f"居民身份证（{kind.issuer.name}）" in block
    assert 'type="file"' not in block  # nothing to upload

    response = client.post(apply_url(w), {**w.post(), "action": "submit"})
    assert response.status_code == 302, response.content.decode()[:1500]
    case = Case.objects.get(applicant=w.citizen, status=CaseStatus.SUBMITTED)
    row = CaseMaterial.objects.get(case=case)
    assert (row.provided, row.source_ref) == (Provision.LICENCE, held.identifier)
    assert row.source == f"居民身份证（{kind.issuer.name}）"
    use = LicenceUse.objects.get()
    assert (use.kind, use.organisation_id, use.case_number) == (UseKind.CASE, case.organisation_id, case.number)
    assert use.purpose == w.item.name and use.licence == held

    wallet = client.get(f"/zwfw/wallet/{held.pk}/").content.decode()
    assert "办件用证" in wallet and case.number in wallet and case.organisation.name in wallet

    staff_page = signed_in(w.handler).get(f"/admin/eservices/cases/{case.pk}/").content.decode()
    inline = staff_page.split('data-testid="case-licence"')[1].split("</div>")[0]
    assert "有效" in inline and held.identifier in inline and kind.issuer.name in inline
    assert "A 级" in inline and "查看证照信息" in inline
    data = signed_in(w.handler).get(f"/admin/licenses/uses/{use.pk}/")
    assert data.status_code == 200 and held.number in data.content.decode()
    assert signed_in(w.outsider).get(f"/admin/licenses/uses/{use.pk}/").status_code == 404


def test_an_expired_revoked_or_other_holders_licence_does_not_replace_the_material():
    w, kind = licensed_world()
    party = identity.party_of(w.citizen)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    licence(holder_code=party.code, kind=kind, valid_until=yesterday)
    licence(holder_code=party.code, kind=kind, status=LicenceStatus.REVOKED)
    licence(holder_code="110101199001011237", kind=kind)
    licence(holder_code=party.code, kind=kind, grade=TrustGrade.D)  # a declaration is no substitute by default
    client = signed_in(w.citizen)
    page = client.get(apply_url(w)).content.decode()
    assert "已关联电子证照" not in page
    response = client.post(apply_url(w), {**w.post(), "action": "submit"})
    assert response.status_code == 400 and "请上传“身份证明”。" in response.content.decode()
    assert not LicenceUse.objects.exists()


def test_a_licence_revoked_after_the_page_was_shown_fails_the_submission_at_its_material():
    w, kind = licensed_world()
    party = identity.party_of(w.citizen)
    held = licence(holder_code=party.code, kind=kind)
    case = cases.case_start(actor=w.citizen, item=w.item)
    offered = [cases.Held(w.materials[0].pk, Provision.LICENCE, "居民身份证", held.identifier)]
    held.status = LicenceStatus.REVOKED
    held.save()
    with pytest.raises(DomainError) as refused:
        cases.case_submit(actor=w.citizen, case=case, post=w.post(), held=offered)
    assert f"material-{w.materials[0].pk}" in refused.value.fields
    case.refresh_from_db()
    assert case.number is None and not LicenceUse.objects.exists()


def test_the_materials_avoided_figure_counts_licences():
    w, kind = licensed_world(promised_days=0, process="instant")
    party = identity.party_of(w.citizen)
    monday = dt.date(2026, 12, 7)
    paper = cases.case_start(actor=w.citizen, item=w.item)
    cases.material_attach(actor=w.citizen, case=paper, material_id=w.materials[0].pk, filename="a.pdf", data=PDF)
    paper = cases.case_submit(actor=w.citizen, case=paper, post=w.post(), today=monday)
    cases.case_accept(actor=w.handler, case=paper, today=monday)
    before = case_figures(organisations={w.item.organisation_id}).overall
    assert (before.materials, before.held) == (1, 0)

    held = licence(holder_code=party.code, kind=kind)
    from digigov.eservices.prefill import materials_held

    offered = materials_held(applicant_user=w.citizen, item=w.item)
    assert [(h.provided, h.source_ref) for h in offered] == [(Provision.LICENCE, held.identifier)]
    online = cases.case_start(actor=w.citizen, item=w.item)
    online = cases.case_submit(actor=w.citizen, case=online, post=w.post(), held=offered, today=monday)
    cases.case_accept(actor=w.handler, case=online, today=monday)
    after = case_figures(organisations={w.item.organisation_id}).overall
    assert (after.materials, after.held, after.held_rate) == (2, 1, 50.0)

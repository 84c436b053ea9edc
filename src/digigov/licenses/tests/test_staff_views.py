"""The licence screens (R6.1): hand issuance, the department's list (codes masked, search and filters), a licence's
page (opening it is recorded) with its change, renewal, cancellation and revocation; another department sees
nothing and may not act."""

import datetime as dt

import pytest
from django.utils import timezone

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory
from digigov.licenses.choices import LicenceStatus
from digigov.licenses.models import Licence
from digigov.licenses.services import issuance
from digigov.licenses.tests.factories import ID_NUMBER, ID_NUMBER_2, LicenceTypeFactory, department, officer

pytestmark = pytest.mark.django_db


def form(**overrides):
    today = timezone.localdate().isoformat()
    return {
        "holder_name": "张伟",
        "holder_code": ID_NUMBER,
        "number": "420100000001",
        "issued_on": today,
        "valid_from": today,
        "valid_until": "",
        "data.vehicle_class": "C1",
        "data.first_issued": "",
    } | overrides


@pytest.fixture
def setting():
    org, handler, _admin = department()
    return org, handler, LicenceTypeFactory(issuer=org)


def test_hand_issuance_form_issues_and_shows_errors_at_the_fields(client, setting):
    _org, handler, licence_type = setting
    client.force_login(handler)
    page = client.get(f"/admin/licenses/issue/?type={licence_type.pk}")
    assert page.status_code == 200 and "准驾车型" in page.content.decode()
    missing = client.post(f"/admin/licenses/issue/?type={licence_type.pk}", form(**{"data.vehicle_class": ""}))
    assert "data.vehicle_class" in missing.context["form"].errors
    refused = client.post(
        f"/admin/licenses/issue/?type={licence_type.pk}",
        form(holder_code="420102197901209700", valid_until="2020-01-01"),
    )
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert "holder_code" in errors and "valid_until" in errors
    assert refused.context["form"]["holder_name"].value() == "张伟"
    done = client.post(f"/admin/licenses/issue/?type={licence_type.pk}", form())
    licence = Licence.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/admin/licenses/licences/{licence.pk}/"


def test_the_list_masks_holder_codes_and_searches_and_filters(client, setting):
    org, handler, licence_type = setting
    today = timezone.localdate()
    common = {"actor": handler, "licence_type": licence_type, "issued_on": today, "valid_from": today}
    issuance.issue(holder_name="张伟", holder_code=ID_NUMBER, number="N1", data={"vehicle_class": "C1"}, **common)
    other = issuance.issue(
        holder_name="李娜", holder_code=ID_NUMBER_2, number="N2", data={"vehicle_class": "B2"}, **common
    )
    issuance.revoke(actor=handler, licence=other, reason="吊销")
    client.force_login(handler)
    page = client.get("/admin/licenses/licences/").content.decode()
    assert "张伟" in page and "李娜" in page
    assert ID_NUMBER not in page and "4201************08" in page
    found = client.get("/admin/licenses/licences/?q=李娜").context["page"]
    assert [lc.number for lc in found] == ["N2"]
    assert [lc.number for lc in client.get(f"/admin/licenses/licences/?q={ID_NUMBER}").context["page"]] == ["N1"]
    revoked = client.get(f"/admin/licenses/licences/?status={LicenceStatus.REVOKED}").context["page"]
    assert [lc.number for lc in revoked] == ["N2"]
    by_identifier = client.get(f"/admin/licenses/licences/?q={other.identifier}").context["page"]
    assert [lc.number for lc in by_identifier] == ["N2"]


def test_a_licences_page_is_audited_and_offers_change_renew_cancel_revoke(client, setting):
    _org, handler, licence_type = setting
    today = timezone.localdate()
    licence = issuance.issue(
        actor=handler,
        licence_type=licence_type,
        holder_name="张伟",
        holder_code=ID_NUMBER,
        number="N1",
        issued_on=today,
        valid_from=today,
        data={"vehicle_class": "C1"},
    )
    client.force_login(handler)
    page = client.get(f"/admin/licenses/licences/{licence.pk}/")
    text = page.content.decode()
    assert licence.identifier in text and "准驾车型" in text and ID_NUMBER in text
    assert LedgerEntry.objects.filter(action="licenses.viewed", object_id=str(licence.pk)).count() == 1
    url = f"/admin/licenses/licences/{licence.pk}/"
    refused = client.post(
        url, {"action": "change", "change-reason": "", "change-holder_name": "张伟", "change-data.vehicle_class": "B2"}
    )
    assert refused.status_code == 200 and "reason" in refused.context["forms"]["change"].errors
    client.post(
        url,
        {"action": "change", "change-reason": "增驾", "change-holder_name": "张伟", "change-data.vehicle_class": "B2"},
    )
    licence.refresh_from_db()
    assert licence.version == 2 and licence.data["vehicle_class"] == "B2"
    later = (licence.valid_until + dt.timedelta(days=1)).isoformat()
    client.post(url, {"action": "renew", "renew-valid_from": later, "renew-valid_until": "", "renew-reason": ""})
    licence.refresh_from_db()
    assert licence.version == 3
    client.post(url, {"action": "revoke", "revoke-reason": "违法吊销"})
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.REVOKED
    history = client.get(url).context["history"]
    assert len(history) == 4  # issued, changed, renewed, revoked; openings are not history


def test_another_department_sees_no_licence_and_may_not_act(client, setting):
    _org, handler, licence_type = setting
    today = timezone.localdate()
    licence = issuance.issue(
        actor=handler,
        licence_type=licence_type,
        holder_name="张伟",
        holder_code=ID_NUMBER,
        number="N1",
        issued_on=today,
        valid_from=today,
        data={"vehicle_class": "C1"},
    )
    client.force_login(officer(Role.HANDLER, OrganisationFactory()))
    assert "张伟" not in client.get("/admin/licenses/licences/").content.decode()
    assert client.get(f"/admin/licenses/licences/{licence.pk}/").status_code == 404
    assert (
        client.post(f"/admin/licenses/licences/{licence.pk}/", {"action": "revoke", "revoke-reason": "x"}).status_code
        == 404
    )
    assert client.get(f"/admin/licenses/issue/?type={licence_type.pk}").status_code == 403
    assert client.post(f"/admin/licenses/issue/?type={licence_type.pk}", form(number="N9")).status_code == 403
    assert client.get(f"/admin/licenses/types/{licence_type.pk}/template.xlsx").status_code == 403
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.VALID and Licence.objects.count() == 1

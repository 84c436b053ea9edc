"""Counter intake and assisted handling in the demo (R4.2): the signed paper authorisation each assisted case is
submitted under, one assisted application of citizen.zhangwei waiting for his confirmation online (his 我的办件 shows
the request), and the 省人社厅's case system allowed to work its department's cases through the API with a published
demo key (`X-API-Key: hrsscase-demo-2026-…`, rule `eservices.case_systems`). Idempotent."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from digigov.core.choices import Role
from digigov.core.models import Organisation
from digigov.core.rules import rule, rule_set
from digigov.eservices.choices import Audience, Channel, ConsentStatus, ItemStatus
from digigov.eservices.models import Case, Consent, ServiceItem
from digigov.eservices.services import consents, counter
from digigov.identity import api as identity

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # a scan's stand-in
SCOPE = "代申请人填写并提交申请、领取办理结果"
CASE_SYSTEM = ("人社业务经办系统（办件接口）", "拉取本厅办件，回写受理、审查、决定和办结结果", "周工 027-87230012")
CASES_API_KEY = "hrsscase-demo-2026-0123456789abcdef0123456789"
WAITING_FOR = "citizen.zhangwei"


def paper_consent(case: Case, clerk, day: dt.date) -> None:
    """The walk-in applicant signed a paper authorisation the clerk scanned (valid 30 days from today)."""
    until = timezone.localdate() + dt.timedelta(days=30)
    consents.consent_record_paper(
        actor=clerk, case=case, scope=SCOPE, valid_until=until, filename="授权委托书.pdf", data=PDF
    )


def load_counter(clerks) -> None:
    admin = get_user_model().objects.get(username="admin")
    _case_system(admin)
    _waiting_consent(clerks)


def _case_system(admin) -> None:
    hrss = Organisation.objects.filter(name="湖北省人力资源和社会保障厅").first()
    if hrss is None:
        return
    name, purpose, contact = CASE_SYSTEM
    system = identity.system_clients_of(hrss).filter(name=name).first()
    if system is None:
        system = identity.system_client_register(
            actor=admin, organisation=hrss, name=name, purpose=purpose, contact=contact
        )
        identity.system_key_issue(actor=admin, client=system, key=CASES_API_KEY)
    if str(system.pk) not in str(rule("eservices.case_systems")).split(","):
        rule_set(actor=admin, key="eservices.case_systems", value=str(system.pk))


def _waiting_consent(clerks) -> None:
    citizen = get_user_model().objects.filter(username=WAITING_FOR).first()
    party = identity.party_of(citizen)
    if party is None or Consent.objects.filter(case__applicant=citizen, status=ConsentStatus.REQUESTED).exists():
        return
    item = (
        ServiceItem.objects.filter(
            status=ItemStatus.PUBLISHED,
            audience=Audience.PERSON,
            form__current__isnull=False,
            process__current__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    if item is None:
        return
    clerk = clerks(item.organisation_id, Role.HANDLER)
    case = counter.counter_start(actor=clerk, item=item, channel=Channel.ASSISTED, party=party)
    until = timezone.localdate() + dt.timedelta(days=14)
    consents.consent_request_online(actor=clerk, case=case, scope=SCOPE, valid_until=until)

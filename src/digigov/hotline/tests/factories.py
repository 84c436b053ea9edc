"""Hotline test data: a 12345 centre (named in the rule), departments with staff, tickets at each step (other apps'
tests may import these)."""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.core.cache import cache

from digigov.core.choices import Role
from digigov.core.models import Organisation, RuleValue
from digigov.core.tests.factories import DivisionFactory, OrganisationFactory, staff
from digigov.hotline import services
from digigov.hotline.models import Ticket
from digigov.knowledge.tests.factories import category

# A valid fictitious 居民身份证 number (GB 11643 check digit).
ID_NUMBER = "11010519491231002X"


def officer(role: str, organisation: Organisation, **user_fields):
    """Staff holding `role` in `organisation`, let into the back office as staff are (access_admin)."""
    user = staff(role, organisation, **user_fields)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def make_centre(name: str = "12345政务服务便民热线中心") -> Organisation:
    """An organisation added to the rule hotline.centre_organisations."""
    centre = OrganisationFactory(name=name)
    row = RuleValue.objects.filter(key="hotline.centre_organisations").first()
    ids = [p for p in (row.value.split(",") if row else []) if p] + [str(centre.pk)]
    RuleValue.objects.update_or_create(key="hotline.centre_organisations", defaults={"value": ",".join(ids)})
    cache.clear()
    return centre


@dataclass
class Setting:
    centre: Organisation
    agent: object
    supervisor: object
    department: Organisation
    handler: object
    division_code: str


def setting() -> Setting:
    province = DivisionFactory()
    city = DivisionFactory(code="420100", name="武汉市", level="city", parent=province)
    DivisionFactory(code="420102", name="江岸区", level="county", parent=city)
    centre = make_centre()
    department = OrganisationFactory(name="武汉市住房和城市更新局", division=city)
    return Setting(
        centre=centre,
        agent=officer(Role.HANDLER, centre, first_name="敏", last_name="张"),
        supervisor=officer(Role.REVIEWER, centre, first_name="强", last_name="李"),
        department=department,
        handler=officer(Role.HANDLER, department, first_name="芳", last_name="王"),
        division_code="420102",
    )


def ticket(s: Setting, **fields) -> Ticket:
    values = {
        "kind": "complaint",
        "caller_name": "刘先生",
        "caller_phone": "13812345678",
        "division_code": s.division_code,
        "address": "江岸区沿江大道100号",
        "content": "小区电梯停运一周无人维修。",
        **fields,
    }
    return services.ticket_create(actor=s.agent, **values)


def housing_category():
    return category("05", "住房保障")

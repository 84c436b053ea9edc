"""Departments and staff of the demo province, built with a fixed seed so every install shows the same."""

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from digigov.core.choices import OrganisationKind, Role
from digigov.core.codegen import make_uscc
from digigov.core.models import Membership, Organisation

DEMO_PASSWORD = "Digigov@2026"
STAFF_GROUP = "工作人员"

# (key, name, short name, division, kind, parent key, platform operator)
ORGANISATIONS = [
    ("gov", "湖北省政务管理办公室", "省政务办", "420000", OrganisationKind.DEPARTMENT, None, True),
    ("bigdata", "湖北省大数据中心", "省大数据中心", "420000", OrganisationKind.INSTITUTION, None, False),
    ("psb", "湖北省公安厅", "省公安厅", "420000", OrganisationKind.DEPARTMENT, None, False),
    ("psb-pop", "人口管理总队", "人口管理总队", "420000", OrganisationKind.INTERNAL_UNIT, "psb", False),
    ("amr", "湖北省市场监督管理局", "省市场监管局", "420000", OrganisationKind.DEPARTMENT, None, False),
    ("amr-reg", "登记注册局", "登记注册局", "420000", OrganisationKind.INTERNAL_UNIT, "amr", False),
    ("hrss", "湖北省人力资源和社会保障厅", "省人社厅", "420000", OrganisationKind.DEPARTMENT, None, False),
    ("nr", "湖北省自然资源厅", "省自然资源厅", "420000", OrganisationKind.DEPARTMENT, None, False),
    ("ca", "湖北省民政厅", "省民政厅", "420000", OrganisationKind.DEPARTMENT, None, False),
    ("health", "湖北省卫生健康委员会", "省卫健委", "420000", OrganisationKind.DEPARTMENT, None, False),
    ("edu", "湖北省教育厅", "省教育厅", "420000", OrganisationKind.DEPARTMENT, None, False),
    (
        "wh-gov",
        "武汉市政务服务和大数据管理局",
        "武汉市政务服务局",
        "420100",
        OrganisationKind.DEPARTMENT,
        None,
        False,
    ),
    ("wh-psb", "武汉市公安局", "武汉市公安局", "420100", OrganisationKind.DEPARTMENT, None, False),
    (
        "wh-amr",
        "武汉市市场监督管理局",
        "武汉市市场监管局",
        "420100",
        OrganisationKind.DEPARTMENT,
        None,
        False,
    ),
    (
        "hs-egov",
        "黄石市电子政务办公室",
        "黄石市电子政务办",
        "420200",
        OrganisationKind.DEPARTMENT,
        None,
        False,
    ),
    (
        "ja-gov",
        "武汉市江岸区行政审批局",
        "江岸区行政审批局",
        "420102",
        OrganisationKind.DEPARTMENT,
        None,
        False,
    ),
    # the organisers of the two government portals (demo/websites.py)
    ("gov-office", "湖北省人民政府办公厅", "省政府办公厅", "420000", OrganisationKind.DEPARTMENT, None, False),
    ("wh-office", "武汉市人民政府办公厅", "武汉市政府办公厅", "420100", OrganisationKind.DEPARTMENT, None, False),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    org_key: str
    role: str
    superuser: bool = False


ACCOUNTS = [
    DemoAccount("admin", "黄志远", "gov", Role.PLATFORM_ADMIN, superuser=True),
    DemoAccount("gov.admin", "王建国", "gov", Role.ORG_ADMIN),
    DemoAccount("psb.admin", "李卫东", "psb", Role.ORG_ADMIN),
    DemoAccount("psb.handler", "张敏", "psb", Role.HANDLER),
    DemoAccount("psb.reviewer", "陈立", "psb", Role.REVIEWER),
    DemoAccount("psb.leader", "刘正", "psb", Role.LEADER),
    DemoAccount("amr.handler", "赵红", "amr", Role.HANDLER),
    DemoAccount("amr.reviewer", "孙涛", "amr", Role.REVIEWER),
    DemoAccount("hrss.handler", "周静", "hrss", Role.HANDLER),
    DemoAccount("wh.handler", "吴磊", "wh-gov", Role.HANDLER),
    DemoAccount("ja.handler", "郑芳", "ja-gov", Role.HANDLER),
    DemoAccount("web.editor", "何静", "gov-office", Role.HANDLER),  # drafts on the province portal (起草)
    DemoAccount("web.reviewer", "陈思远", "gov-office", Role.REVIEWER),  # 审核 and 保密审查
    DemoAccount("web.leader", "周国栋", "gov-office", Role.LEADER),  # 签发
    DemoAccount("wh.web.editor", "冯雪", "wh-office", Role.HANDLER),  # edits the Wuhan portal
    DemoAccount("edu.leader", "马晓东", "edu", Role.LEADER),  # applied to open the education department's site
    DemoAccount("nr.leader", "罗志强", "nr", Role.LEADER),  # applied to close the natural resources site
]


def staff_group() -> Group:
    """Everyone who works in the back office may open it; what they see inside is decided by memberships."""
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    # Wagtail creates this permission in a migration; a test database flushed after a transactional test has lost
    # it, so it is recreated here exactly as Wagtail defines it.
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group.permissions.add(access_admin)
    return group


def load_organisations(rng: random.Random) -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for key, name, short, division, kind, parent_key, operator in ORGANISATIONS:
        category = "2" if kind == OrganisationKind.INSTITUTION else "1"
        uscc = (
            None
            if kind == OrganisationKind.INTERNAL_UNIT
            else make_uscc(rng, division=division, authority="1", category=category)
        )
        org, _ = Organisation.objects.get_or_create(
            name=name,
            division_id=division,
            parent=orgs.get(parent_key) if parent_key else None,
            defaults={"short_name": short, "kind": kind, "uscc": uscc, "is_platform_operator": operator},
        )
        orgs[key] = org
    return orgs


def load_staff(orgs: dict[str, Organisation]) -> list[DemoAccount]:
    user_model = get_user_model()
    group = staff_group()
    for account in ACCOUNTS:
        user = user_model.objects.filter(username=account.username).first()
        if user is None:
            user = user_model(username=account.username, is_superuser=account.superuser, is_staff=account.superuser)
            user.first_name = account.name
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(group)
        Membership.objects.get_or_create(user=user, organisation=orgs[account.org_key], role=account.role)
    return ACCOUNTS

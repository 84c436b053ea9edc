"""Opening a government site (R8.1, R8.2): its profile, home page and default columns, refused with a precise
message when the 网站标识码, the platform or the host name is wrong, and only by the platform operator."""

import pytest
from django.utils import translation
from wagtail.models import Page, Site

from digigov.core.errors import DomainError, PermissionDeniedError
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import DivisionFactory, OrganisationFactory, staff
from digigov.websites.choices import ColumnType, SiteKind
from digigov.websites.models import ColumnPage, PortalHomePage
from digigov.websites.services import site_create
from digigov.websites.tests.factories import open_site, platform_admin, province

pytestmark = pytest.mark.django_db


def test_a_new_site_has_its_home_page_columns_and_profile_and_is_in_the_ledger():
    profile = open_site(name="湖北省人力资源和社会保障厅", hostname="RST.hubei.localhost", kind=SiteKind.DEPARTMENT)

    assert profile.site.hostname == "rst.hubei.localhost"
    home = profile.site.root_page.specific
    assert isinstance(home, PortalHomePage) and home.title == "湖北省人力资源和社会保障厅"
    columns = {c.title: c for c in ColumnPage.objects.descendant_of(home)}
    assert set(columns) == {"要闻动态", "通知公告", "信息公开", "政策文件", "政策解读", "办事服务", "互动交流"}
    assert columns["政策文件"].get_parent().specific.column_type == ColumnType.DISCLOSURE
    entry = LedgerEntry.objects.get(action="websites.site.created")
    assert entry.object_id == str(profile.pk) and profile.site_code in entry.summary


def test_a_portal_also_gets_a_special_topics_column():
    profile = open_site(kind=SiteKind.PORTAL)
    assert ColumnPage.objects.descendant_of(profile.site.root_page).filter(column_type=ColumnType.SPECIAL).count() == 1


def test_the_province_portal_takes_over_the_default_site_and_its_empty_seeded_home_page():
    seeded = Site.objects.filter(is_default_site=True).first()
    if seeded is None:  # an earlier transactional test emptied the database: seed it as the migrations do
        open_site(default=True).site.delete()  # leaves Wagtail's root page and the Locale behind
        home = Page.get_first_root_node().add_child(instance=PortalHomePage(title="门户首页", slug="home"))
        seeded = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    seeded_home = seeded.root_page_id

    profile = open_site(default=True)

    assert Site.objects.get(is_default_site=True) == profile.site
    assert not Site.objects.filter(pk=seeded.pk).exists()
    assert not PortalHomePage.objects.filter(pk=seeded_home).exists()


def _attempt(**changes):
    organiser = OrganisationFactory(division=province())
    values = {
        "actor": platform_admin(),
        "name": "测试网站",
        "hostname": "test.hubei.localhost",
        "site_code": "4200000077",
        "kind": SiteKind.PORTAL,
        "organiser": organiser,
        "platform": province(),
    }
    values.update(changes)
    with translation.override("zh-hans"), pytest.raises(DomainError) as caught:
        site_create(**values)
    return {field: [str(m) for m in messages] for field, messages in caught.value.fields.items()}


def test_a_wrong_site_id_code_is_refused_at_its_field():
    assert _attempt(site_code="42000000") == {
        "site_code": ["网站标识码为 10 位：6 位行政区划代码加 4 位数字，或 bm 加 8 位数字。"]
    }


def test_the_site_id_code_must_carry_the_organisers_division():
    assert _attempt(site_code="4201000077") == {"site_code": ["网站标识码应以主办单位的行政区划代码 420000 开头。"]}


def test_a_site_id_code_and_a_host_name_are_used_once():
    existing = open_site()
    assert _attempt(site_code=existing.site_code, organiser=existing.organiser, hostname=existing.site.hostname) == {
        "site_code": ["已有其他网站使用该网站标识码。"],
        "hostname": ["已有其他网站使用该主机名。"],
    }


def test_a_county_cannot_host_a_platform_and_a_city_platform_only_its_own_area():
    county = DivisionFactory(code="420102", name="江岸区", level="county")
    assert "platform" in _attempt(platform=county)
    huangshi = DivisionFactory(code="420200", name="黄石市", level="city")
    assert _attempt(platform=huangshi) == {"platform": ["主办单位不在该平台所辖区域内。"]}


def test_only_the_platform_operator_opens_a_site():
    editor = staff()
    with pytest.raises(PermissionDeniedError):
        open_site(admin=editor)
    assert not LedgerEntry.objects.filter(action="websites.site.created").exists()

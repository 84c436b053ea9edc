"""The demo province's service-item catalogue (R4.1): enough items, as deep online and as few visits as the
requirement asks, substitutes from the demo's own catalogue, joint parts and 主动推送 links."""

import pytest
from django.contrib.auth import get_user_model

from digigov.eservices.choices import Audience, ItemStatus, Substitute
from digigov.eservices.models import ItemLink, Material, ServiceItem, Theme

pytestmark = pytest.mark.django_db


def test_demo_catalogue_meets_the_r4_1_figures(demo_province):
    items = ServiceItem.objects.all()
    assert items.count() >= 220
    province = items.filter(division__level="province")
    assert province.filter(online_depth__gte=3).count() >= 0.9 * province.count()
    assert items.filter(visits__lte=1).count() >= 200
    assert set(Theme.objects.values_list("audience", flat=True)) == {Audience.PERSON, Audience.LEGAL_PERSON}
    assert all(i.promised_days <= i.legal_days for i in items.filter(legal_days__gt=0))


def test_demo_items_are_published_each_on_a_shipped_process(demo_province):
    """An item is published only with its process: 即办件 for those promised at once, the general procedure for the
    others, 并联审批 and 企业开办 for the joint ones."""
    assert not ServiceItem.objects.exclude(status=ItemStatus.PUBLISHED).exists()
    assert not ServiceItem.objects.filter(process__isnull=True).exists()
    keys = dict(ServiceItem.objects.values_list("name", "process__key").distinct())
    assert keys["旅馆业特种行业许可"] == "joint" and keys["营业执照设立登记（有限责任公司）"] == "enterprise-startup"
    assert {"instant", "general"} <= set(keys.values())
    for item in ServiceItem.objects.filter(status=ItemStatus.PUBLISHED)[:20]:
        assert item.versions.get(number=1).snapshot["fields"]["name"] == item.name


def test_demo_materials_joint_parts_and_links(demo_province):
    licence = Material.objects.filter(substitute=Substitute.LICENCE)
    shared = Material.objects.filter(substitute=Substitute.SHARED)
    assert licence.filter(name="居民身份证").exists() and licence.filter(name="营业执照").exists()
    assert shared.filter(resource__name="人口基础信息", key="id_number").exists()
    assert shared.filter(resource__name="法人单位基础信息", key="uscc").exists()
    assert Material.objects.filter(required="tolerated").exists()
    joint = ServiceItem.objects.filter(parts__isnull=False).distinct()
    part_sets = {frozenset(p.code for p in item.parts.all()) for item in joint}
    assert part_sets == {frozenset({"co1", "co2"}), frozenset({"registration", "seal", "invoice", "social"})}
    links = ItemLink.objects.filter(item__name="出生登记", related__name="社会保障卡申领")
    assert links.count() >= 2  # at province and city level


def test_demo_figures_through_the_api(demo_province, client):
    client.force_login(get_user_model().objects.get(username="admin"))
    body = client.get("/api/v1/eservices/figures/items").json()
    assert body["overall"]["items"] == ServiceItem.objects.filter(status=ItemStatus.PUBLISHED).count()
    listing = client.get("/api/v1/eservices/items?q=出生登记").json()
    assert listing["count"] >= 2

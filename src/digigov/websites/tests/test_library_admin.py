"""The resource library in the back office (R8.1, R8.7): each unit's editors see, edit, publish and withdraw only
their own items; any editor places a published item of the library in a column of their own site, and every step
is in the ledger."""

import json

import pytest

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory
from digigov.websites.choices import ColumnType, ItemKind
from digigov.websites.models import LibraryItem, Placement
from digigov.websites.tests.factories import (
    LibraryItemFactory,
    column,
    editor,
    open_site,
    place,
    platform_admin,
    province,
)

pytestmark = pytest.mark.django_db
LIST = "/admin/snippets/websites/libraryitem/"


@pytest.fixture
def two_units():
    ours, theirs = open_site(name="湖北省人民政府"), open_site(name="武汉市人民政府")
    return {
        "ours": ours,
        "theirs": theirs,
        "our_item": LibraryItemFactory(title="省政府常务会议召开", owner=ours.organiser),
        "their_item": LibraryItemFactory(title="武汉市政府常务会议召开", owner=theirs.organiser),
        "our_editor": editor(ours.organiser),
        "their_editor": editor(theirs.organiser),
    }


def test_an_editor_lists_only_their_units_items_and_the_operator_lists_all(client, two_units):
    client.force_login(two_units["our_editor"])
    page = client.get(LIST).content.decode()
    assert "省政府常务会议召开" in page and "武汉市政府常务会议召开" not in page

    client.force_login(platform_admin())
    page = client.get(LIST).content.decode()
    assert "省政府常务会议召开" in page and "武汉市政府常务会议召开" in page


@pytest.mark.parametrize(
    "action",
    [
        "edit/{pk}/",
        "unpublish/{pk}/",
        "delete/{pk}/",
        "history/{pk}/",
        "usage/{pk}/",
        "history/{pk}/revisions/compare/earliest...latest/",
    ],
)
def test_another_units_item_cannot_be_opened_or_acted_on(client, two_units, action):
    item = two_units["their_item"]
    client.force_login(two_units["our_editor"])
    url = LIST + action.format(pk=item.pk)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    item.refresh_from_db()
    assert item.live and LibraryItem.objects.filter(pk=item.pk).exists()


def test_an_editor_stores_an_item_of_their_own_unit(client, two_units):
    ours = two_units["ours"]
    client.force_login(two_units["our_editor"])
    form = client.get(LIST + "add/").content.decode()
    assert f'<option value="{ours.organiser.pk}" selected>' in form
    assert f'<option value="{two_units["theirs"].organiser.pk}"' not in form, "only the editor's own unit owns it"

    fields = {
        "kind": ItemKind.POLICY,
        "owner": ours.organiser.pk,
        "title": "湖北省促进民营经济发展的若干措施",
        "summary": "",
        "body": json.dumps({"blocks": [{"key": "a", "text": "第一条 为促进民营经济发展……"}], "entityMap": {}}),
        "source": "",
        "topic": "economy",
        "document_number": "鄂政发〔2026〕3号",
        "written_on": "2026-11-20",
        "issuer": "湖北省人民政府",
        "validity": "valid",
    }
    response = client.post(LIST + "add/", fields)
    assert response.status_code == 302
    item = LibraryItem.objects.get(title="湖北省促进民营经济发展的若干措施")
    assert not item.live and item.index_number is None and item.created_by == two_units["our_editor"]
    assert LedgerEntry.objects.filter(action="websites.item.created", object_id=str(item.pk)).exists()
    fields["owner"] = two_units["theirs"].organiser.pk
    assert client.post(LIST + "add/", {**fields, "title": "冒名"}).status_code == 200
    assert not LibraryItem.objects.filter(title="冒名").exists()


def test_a_city_editor_places_a_provincial_policy_on_the_city_portal_by_reference(client, two_units):
    ours, theirs = two_units["ours"], two_units["theirs"]
    policy = LibraryItemFactory(kind=ItemKind.POLICY, title="省级政策文件", owner=ours.organiser)
    place(policy, column(ours, ColumnType.POLICIES))
    city_column = column(theirs, ColumnType.POLICIES)
    url = f"/admin/websites/items/{policy.pk}/placements/"

    client.force_login(two_units["their_editor"])
    screen = client.get(url).content.decode()
    assert "湖北省人民政府" in screen, "where the item is used"
    assert f'<option value="{column(ours, ColumnType.POLICIES).pk}"' not in screen, "only columns of the own site"
    refused = client.post(url, {"column": city_column.pk, "review_basis": "同意转载"}).content.decode()
    assert "须由武汉市人民政府的审核、签发人员或管理员进行保密审查" in refused, "a handler cannot repost"

    reviewer = editor(theirs.organiser, Role.REVIEWER)
    client.force_login(reviewer)
    no_basis = client.post(url, {"column": city_column.pk}).content.decode()
    assert "请填写对本次转载进行保密审查的意见" in no_basis and not Placement.objects.filter(column=city_column)
    basis = "经审查，不涉及国家秘密和工作秘密，同意转载。"
    response = client.post(url, {"column": city_column.pk, "review_basis": basis})
    assert response.status_code == 302

    assert LibraryItem.objects.filter(title="省级政策文件").count() == 1, "no copy"
    assert client.get(f"/disclosure/policies/{policy.pk}/", HTTP_HOST=theirs.site.hostname).status_code == 200
    entry = LedgerEntry.objects.get(action="websites.item.placed")
    assert entry.actor_id == reviewer.pk and "武汉市人民政府" in entry.summary
    review = LedgerEntry.objects.get(action="websites.review.repost_passed")
    assert review.actor_id == reviewer.pk and "不涉及国家秘密" in review.summary
    assert basis in client.get(url).content.decode(), "the basis shows where the item is used"

    again = client.post(url, {"column": city_column.pk, "review_basis": basis}).content.decode()
    assert "已在栏目“政策文件”中发布" in again


def test_an_editor_places_their_own_units_item_without_a_repost_review(client, two_units):
    ours = two_units["ours"]
    client.force_login(two_units["our_editor"])
    url = f"/admin/websites/items/{two_units['our_item'].pk}/placements/"
    assert client.post(url, {"column": column(ours).pk}).status_code == 302
    assert not LedgerEntry.objects.filter(action="websites.review.repost_passed").exists()


def test_a_placement_is_taken_out_only_by_an_editor_of_its_site(client, two_units):
    ours, theirs = two_units["ours"], two_units["theirs"]
    item = two_units["our_item"]
    ours_placement = place(item, column(ours))
    theirs_placement = place(item, column(theirs))
    url = f"/admin/websites/items/{item.pk}/placements/"

    client.force_login(two_units["our_editor"])
    screen = client.get(url).content.decode()
    assert f'name="withdraw" value="{ours_placement.pk}"' in screen
    assert f'name="withdraw" value="{theirs_placement.pk}"' not in screen
    assert client.post(url, {"withdraw": theirs_placement.pk}).status_code == 403
    assert Placement.objects.get(pk=theirs_placement.pk).withdrawn_at is None

    assert client.post(url, {"withdraw": ours_placement.pk}).status_code == 302
    assert client.get(f"/news/{item.pk}/", HTTP_HOST=ours.site.hostname).status_code == 404
    assert client.get(f"/news/{item.pk}/", HTTP_HOST=theirs.site.hostname).status_code == 200
    assert LedgerEntry.objects.filter(action="websites.placement.withdrawn", object_id=str(item.pk)).count() == 1


def test_another_units_draft_is_not_offered_for_placing(client, two_units):
    draft = LibraryItemFactory(live=False, first_published_at=None, owner=two_units["theirs"].organiser)
    client.force_login(two_units["our_editor"])
    assert client.get(f"/admin/websites/items/{draft.pk}/placements/").status_code == 404


def test_someone_without_a_site_cannot_place(client, two_units):
    outsider = editor(OrganisationFactory(division=province()))
    client.force_login(outsider)
    url = f"/admin/websites/items/{two_units['our_item'].pk}/placements/"
    assert "发布到本单位网站的栏目" not in client.get(url).content.decode()
    response = client.post(url, {"column": column(two_units["ours"]).pk})
    assert response.status_code == 200 and not Placement.objects.filter(placed_by=outsider).exists()


def test_the_shared_library_lists_every_units_published_items_to_any_editor(client, two_units):
    LibraryItemFactory(title="他单位草稿", live=False, first_published_at=None, owner=two_units["theirs"].organiser)
    client.force_login(two_units["our_editor"])
    page = client.get("/admin/websites/library/").content.decode()
    assert "省政府常务会议召开" in page and "武汉市政府常务会议召开" in page and "他单位草稿" not in page
    found = client.get("/admin/websites/library/", {"q": "武汉市"}).content.decode()
    assert "武汉市政府常务会议召开" in found and "省政府常务会议召开" not in found
    assert f"/admin/websites/items/{two_units['their_item'].pk}/placements/" in found

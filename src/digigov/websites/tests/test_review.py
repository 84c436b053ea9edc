"""The editorial chain (R8.7): an editor drafts and submits; the unit's reviewer approves (审核), a reviewer states
the basis of the confidentiality review (保密审查), the leader signs (签发) and only then is the item published.
Nobody publishes directly; another unit's reviewer has no say."""

import json

import pytest

from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.websites.models import LibraryItem
from digigov.websites.tests.factories import editor, open_site

pytestmark = pytest.mark.django_db
LIST = "/admin/snippets/websites/libraryitem/"


def fields(site, title="全省政务公开工作会议召开"):
    return {
        "kind": "article",
        "owner": site.organiser.pk,
        "title": title,
        "summary": "",
        "body": json.dumps({"blocks": [{"key": "a", "text": "会议强调，要抓好落实。"}], "entityMap": {}}),
        "source": "",
        "topic": "general",
        "document_number": "",
        "issuer": "",
        "validity": "",
    }


def act(client, item, action, data=None):
    state = item.current_workflow_state.current_task_state
    return client.post(f"{LIST}workflow/action/{item.pk}/{action}/{state.pk}/", data or {})


@pytest.fixture
def unit():
    site = open_site(name="湖北省人民政府")
    return {
        "site": site,
        "drafter": editor(site.organiser, Role.HANDLER),
        "reviewer": editor(site.organiser, Role.REVIEWER),
        "leader": editor(site.organiser, Role.LEADER),
    }


def test_an_item_is_published_only_after_review_confidentiality_review_and_signing(client, unit):
    client.force_login(unit["drafter"])
    refused = client.post(LIST + "add/", {**fields(unit["site"]), "action-publish": "1"})
    assert "请提交审批" in refused.content.decode() and not LibraryItem.objects.exists()
    assert client.post(LIST + "add/", {**fields(unit["site"]), "action-submit": "1"}).status_code == 302
    item = LibraryItem.objects.get()
    assert not item.live and item.current_workflow_task.name == "审核"

    client.force_login(unit["reviewer"])
    assert act(client, item, "approve").status_code == 302
    item.refresh_from_db()
    assert item.current_workflow_task.name == "保密审查" and not item.live

    act(client, item, "approve")
    item.refresh_from_db()
    assert item.current_workflow_task.name == "保密审查", "no basis, no passing"
    assert not LedgerEntry.objects.filter(action="websites.review.confidentiality_passed").exists()
    act(client, item, "approve", {"comment": "经审查，不涉及国家秘密和工作秘密，可以公开。"})
    item.refresh_from_db()
    assert item.current_workflow_task.name == "签发" and not item.live
    review = LedgerEntry.objects.get(action="websites.review.confidentiality_passed")
    assert review.actor_id == unit["reviewer"].pk and "不涉及国家秘密" in review.summary

    client.force_login(unit["leader"])
    assert act(client, item, "approve").status_code == 302
    item.refresh_from_db()
    assert item.live and item.index_number
    published = LedgerEntry.objects.get(action="websites.item.published")
    assert published.actor_id == unit["leader"].pk


def test_another_units_reviewer_cannot_approve_and_the_drafter_cannot_skip_a_step(client, unit):
    client.force_login(unit["drafter"])
    client.post(LIST + "add/", {**fields(unit["site"]), "action-submit": "1"})
    item = LibraryItem.objects.get()
    act(client, item, "approve")
    item.refresh_from_db()
    assert item.current_workflow_task.name == "审核", "the drafter does not review their own item"

    stranger = editor(open_site(name="武汉市人民政府").organiser, Role.REVIEWER)
    client.force_login(stranger)
    act(client, item, "approve")
    item.refresh_from_db()
    assert item.current_workflow_task.name == "审核" and not item.live


def test_the_edit_screen_offers_submission_but_no_publish_button(client, unit):
    client.force_login(unit["drafter"])
    page = client.get(LIST + "add/").content.decode()
    assert 'name="action-submit"' in page and 'name="action-publish"' not in page


def test_the_items_awaiting_a_step_are_listed_to_that_units_deciders_only(client, unit):
    client.force_login(unit["drafter"])
    client.post(LIST + "add/", {**fields(unit["site"]), "action-submit": "1"})
    item = LibraryItem.objects.get()
    task = item.current_workflow_task.specific
    stranger = editor(open_site(name="武汉市人民政府").organiser, Role.REVIEWER)

    assert [s.workflow_state.object_id for s in task.get_task_states_user_can_moderate(unit["reviewer"])] == [
        str(item.pk)
    ]
    assert not task.get_task_states_user_can_moderate(stranger).exists()
    assert not task.get_task_states_user_can_moderate(unit["leader"]).exists(), "审核 is the reviewers' step"

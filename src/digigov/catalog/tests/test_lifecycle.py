"""The catalogue review lifecycle (R1.1, R1.4): the table as agreed, who may take each step, and the resource
screen showing each person only those buttons — and 申请共享 to a consumer."""

import pytest

from digigov.catalog import services
from digigov.catalog.choices import ResourceStatus as S
from digigov.catalog.lifecycle import RESOURCE, TRANSITIONS
from digigov.catalog.lifecycle import ResourceAction as A
from digigov.catalog.tests.helpers import fields, item, operator_user, seeded
from digigov.catalog.tests.test_views import admin_user
from digigov.core.choices import Role
from digigov.core.lifecycle import TransitionError
from digigov.core.tests.factories import OrganisationFactory, staff

EXPECTED = {
    (S.DRAFT, A.EDIT): S.DRAFT,
    (S.RETURNED, A.EDIT): S.RETURNED,
    (S.PUBLISHED, A.EDIT): S.DRAFT,
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.RETURNED, A.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, A.PUBLISH): S.PUBLISHED,
    (S.SUBMITTED, A.RETURN): S.RETURNED,
    (S.DRAFT, A.DISCARD): S.PUBLISHED,
    (S.RETURNED, A.DISCARD): S.PUBLISHED,
    (S.DRAFT, A.WITHDRAW): S.WITHDRAWN,
    (S.SUBMITTED, A.WITHDRAW): S.WITHDRAWN,
    (S.RETURNED, A.WITHDRAW): S.WITHDRAWN,
    (S.PUBLISHED, A.WITHDRAW): S.WITHDRAWN,
}


def test_the_table_is_exactly_the_agreed_one():
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize("state", S.values)
@pytest.mark.parametrize("action", A.values)
def test_every_pair_is_allowed_by_the_table_or_refused_in_chinese(state, action):
    if (state, action) in EXPECTED:
        assert RESOURCE.next_state(state, action) == EXPECTED[(state, action)]
    else:
        with pytest.raises(TransitionError) as caught:
            RESOURCE.next_state(state, action)
        assert str(caught.value.message).startswith("该目录资源当前为") and "现在不能" in str(caught.value.message)


@pytest.fixture
def people(db):
    provider = OrganisationFactory(name="省公安厅")
    handler = admin_user(staff(Role.HANDLER, provider))
    operator = admin_user(operator_user())
    consumer = admin_user(staff(Role.HANDLER, OrganisationFactory(name="省市场监督管理局")))
    resource = services.resource_create(
        actor=handler, provider=provider, classification=seeded("101001"), items=[item()], **fields()
    )
    return provider, handler, operator, consumer, resource


def test_each_person_gets_the_steps_of_their_side(people):
    _provider, handler, operator, consumer, resource = people
    assert RESOURCE.actions_for(handler, resource) == [A.EDIT, A.SUBMIT, A.WITHDRAW]
    assert RESOURCE.actions_for(operator, resource) == [A.WITHDRAW]
    assert RESOURCE.actions_for(consumer, resource) == []
    resource = services.resource_submit(actor=handler, resource=resource)
    assert RESOURCE.actions_for(handler, resource) == [A.WITHDRAW]
    assert RESOURCE.actions_for(operator, resource) == [A.PUBLISH, A.RETURN, A.WITHDRAW]
    resource = services.resource_review(actor=operator, resource=resource, approve=True)
    assert RESOURCE.actions_for(handler, resource) == [A.EDIT, A.WITHDRAW]  # no discard: nothing is being revised
    resource = services.resource_update(actor=handler, resource=resource, name="常住人口信息")
    assert RESOURCE.actions_for(handler, resource) == [A.EDIT, A.SUBMIT, A.DISCARD, A.WITHDRAW]


def _buttons(page: str) -> set[str]:
    """The steps offered: buttons of the page's forms, and 撤销, which leads to its confirmation page."""
    steps = {a for a in ("submit", "publish", "return", "discard") if f'value="{a}"' in page}
    return steps | ({"withdraw"} if 'data-step="withdraw"' in page else set())


def test_the_resource_screen_shows_only_the_allowed_buttons_and_apply_to_a_consumer(client, people):
    _provider, handler, operator, consumer, resource = people
    url = f"/admin/catalog/resources/{resource.pk}/"
    services.resource_submit(actor=handler, resource=resource)
    client.force_login(handler)
    assert _buttons(client.get(url).content.decode()) == {"withdraw"}
    client.force_login(operator)
    assert _buttons(client.get(url).content.decode()) == {"publish", "return", "withdraw"}
    # Returning without a comment: the error stands at the comment, and the review form keeps its place.
    page = client.post(url, {"action": "return", "comment": ""}).content.decode()
    assert 'class="error-message">请说明退回原因。' in page
    resource.refresh_from_db()
    assert resource.status == S.SUBMITTED
    client.post(url, {"action": "publish", "comment": ""})
    apply_link = f'/admin/exchange/applications/new/?resource={resource.pk}"'
    client.force_login(consumer)
    page = client.get(url).content.decode()
    assert "申请共享" in page and apply_link in page and _buttons(page) == set()
    client.force_login(handler)
    assert apply_link not in client.get(url).content.decode()  # the provider does not apply for its own data


def test_a_not_shared_resource_offers_no_application(client, people):
    _provider, handler, operator, consumer, _resource = people
    closed = services.resource_create(
        actor=handler,
        provider=_provider,
        classification=seeded("3"),  # a department's own resource: only base resources must be shared
        items=[item()],
        **fields(share_type="not_shared", legal_basis_kind="law", legal_basis="《中华人民共和国人民警察法》第二十条"),
    )
    services.resource_submit(actor=handler, resource=closed)
    services.resource_review(actor=operator, resource=closed, approve=True)
    client.force_login(consumer)
    assert "申请共享" not in client.get(f"/admin/catalog/resources/{closed.pk}/").content.decode()

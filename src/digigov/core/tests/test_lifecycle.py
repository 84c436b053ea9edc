"""The shared lifecycle mechanism: a table, who may act, when; refusals in Chinese; the buttons a person gets."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import models
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import ConflictError, PermissionDeniedError
from digigov.core.lifecycle import Lifecycle, TransitionError


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Step(models.TextChoices):
    PUBLISH = "publish", _("publish")
    WITHDRAW = "withdraw", _("withdraw")


@dataclass
class Page:
    status: str
    owner: str
    embargo: dt.date | None = None


def _lifecycle() -> Lifecycle:
    life = Lifecycle(
        {(Status.DRAFT, Step.PUBLISH): Status.PUBLISHED, (Status.PUBLISHED, Step.WITHDRAW): Status.WITHDRAWN},
        noun=_("catalogue resource"),
        states=Status,
        actions=Step,
    )
    life.permit(
        Step.PUBLISH,
        who=lambda actor, page: actor == page.owner,
        when=lambda page: "禁发期未过" if page.embargo else None,
    )
    life.permit(Step.WITHDRAW, who=lambda actor, page: actor in (page.owner, "operator"))
    return life


def test_the_table_gives_the_next_state_and_refuses_the_rest_in_chinese():
    life = _lifecycle()
    assert life.next_state(Status.DRAFT, Step.PUBLISH) == Status.PUBLISHED
    with pytest.raises(TransitionError) as caught:
        life.next_state(Status.WITHDRAWN, Step.PUBLISH)
    assert caught.value.status == 409
    assert str(caught.value.message) == "该目录资源当前为“已撤销”，现在不能发布。"
    assert life.allowed(Status.DRAFT) == [Step.PUBLISH] and life.allowed(Status.WITHDRAWN) == []
    assert life.final_states() == {Status.WITHDRAWN}


def test_actions_for_a_person_are_the_table_and_who_and_when():
    life = _lifecycle()
    draft, published = Page(Status.DRAFT, "zhang"), Page(Status.PUBLISHED, "zhang")
    assert life.actions_for("zhang", draft) == [Step.PUBLISH]
    assert life.actions_for("li", draft) == []  # not the owner
    assert life.actions_for("operator", published) == [Step.WITHDRAW]
    assert life.actions_for("zhang", Page(Status.DRAFT, "zhang", embargo=dt.date(2026, 12, 1))) == []


def test_check_refuses_as_a_service_must_who_then_state_then_when():
    life = _lifecycle()
    with pytest.raises(PermissionDeniedError):
        life.check("li", Page(Status.WITHDRAWN, "zhang"), Step.PUBLISH)  # a stranger learns nothing of the state
    with pytest.raises(TransitionError):
        life.check("zhang", Page(Status.WITHDRAWN, "zhang"), Step.PUBLISH)
    with pytest.raises(ConflictError, match="禁发期未过"):
        life.check("zhang", Page(Status.DRAFT, "zhang", embargo=dt.date(2026, 12, 1)), Step.PUBLISH)
    assert life.check("zhang", Page(Status.DRAFT, "zhang"), Step.PUBLISH) == Status.PUBLISHED


def test_an_action_nobody_was_permitted_is_refused_to_everybody():
    life = Lifecycle({("a", "go"): "b"}, noun=_("catalogue resource"), states=Status, actions=Step)
    assert life.actions_for("anyone", Page("a", "anyone")) == []
    with pytest.raises(PermissionDeniedError):
        life.check("anyone", Page("a", "anyone"), "go")


def test_an_object_never_submitted_is_named_so_and_an_unknown_state_by_its_value():
    life = Lifecycle({(None, "submit"): Status.DRAFT}, noun=_("catalogue resource"), states=Status, actions=Step)
    with pytest.raises(TransitionError) as never:
        life.next_state(None, Step.WITHDRAW)
    assert str(never.value.message) == "该目录资源当前为“未提交”，现在不能撤回。"
    with pytest.raises(TransitionError) as odd:
        life.next_state("archived", "archive")
    assert str(odd.value.message) == "该目录资源当前为“archived”，现在不能archive。"


def test_a_screen_may_ask_only_for_some_actions():
    life = _lifecycle()
    life.transitions[(Status.PUBLISHED, Step.PUBLISH)] = Status.PUBLISHED  # a republish, for the filter's sake
    published = Page(Status.PUBLISHED, "zhang")
    assert life.actions_for("zhang", published) == [Step.WITHDRAW, Step.PUBLISH]
    assert life.actions_for("zhang", published, only=[Step.PUBLISH]) == [Step.PUBLISH]
    assert life.actions_for("zhang", published, only=[]) == []


def test_an_action_without_a_when_rule_passes_once_who_and_the_table_agree():
    assert _lifecycle().check("operator", Page(Status.PUBLISHED, "zhang"), Step.WITHDRAW) == Status.WITHDRAWN

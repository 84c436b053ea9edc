"""The application lifecycle table (R1.4, R1.5): every allowed transition, and every other one refused."""

import pytest

from digigov.exchange.choices import ApplicationStatus as S
from digigov.exchange.lifecycle import FINAL_STATES, TRANSITIONS, Action, TransitionError, allowed_actions, next_status

EXPECTED = {
    (None, Action.SUBMIT_UNCONDITIONAL): S.GRANTED,
    (None, Action.SUBMIT_CONDITIONAL): S.OPERATOR_CHECK,
    (S.OPERATOR_CHECK, Action.FORWARD): S.PROVIDER_REVIEW,
    (S.OPERATOR_CHECK, Action.RETURN): S.RETURNED,
    (S.OPERATOR_CHECK, Action.WITHDRAW): S.WITHDRAWN,
    (S.PROVIDER_REVIEW, Action.GRANT): S.GRANTED,
    (S.PROVIDER_REVIEW, Action.REFUSE): S.REFUSED,
    (S.PROVIDER_REVIEW, Action.URGE): S.PROVIDER_REVIEW,
    (S.PROVIDER_REVIEW, Action.ESCALATE): S.PROVIDER_REVIEW,
    (S.PROVIDER_REVIEW, Action.WITHDRAW): S.WITHDRAWN,
}


def test_the_table_is_exactly_the_agreed_one():
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize("state", [None, *S.values])
@pytest.mark.parametrize("action", Action.values)
def test_every_pair_is_allowed_by_the_table_or_refused_in_chinese(state, action):
    if (state, action) in EXPECTED:
        assert next_status(state, action) == EXPECTED[(state, action)]
    else:
        with pytest.raises(TransitionError) as caught:
            next_status(state, action)
        assert caught.value.status == 409
        assert "不能" in str(caught.value.message)


def test_final_states_allow_nothing_and_are_reachable():
    for state in FINAL_STATES:
        assert allowed_actions(state) == []
        assert state in EXPECTED.values()


def test_withdrawal_only_before_a_decision():
    assert Action.WITHDRAW in allowed_actions(S.OPERATOR_CHECK)
    assert Action.WITHDRAW in allowed_actions(S.PROVIDER_REVIEW)
    assert Action.WITHDRAW not in allowed_actions(S.GRANTED)

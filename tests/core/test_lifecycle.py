"""The event state machine: every allowed move, and every forbidden one."""

import itertools

import pytest

from planner.core.lifecycle import (
    FINAL,
    SYSTEM_ACTIONS,
    TRANSITIONS,
    Action,
    TransitionRefused,
    allowed_actions,
    check_transition,
)
from planner.models.enums import EventStatus

HAPPY_PATH = [
    (EventStatus.DRAFT, Action.SUBMIT, EventStatus.PROPOSED),
    (EventStatus.PROPOSED, Action.CONFIRM, EventStatus.CONFIRMED),
    (EventStatus.CONFIRMED, Action.PUBLISH, EventStatus.PUBLISHED),
    (EventStatus.PUBLISHED, Action.RESCHEDULE, EventStatus.PUBLISHED),
    (EventStatus.PUBLISHED, Action.CANCEL, EventStatus.CANCELLED),
]


@pytest.mark.parametrize(("status", "action", "target"), HAPPY_PATH)
def test_the_main_path(status: EventStatus, action: Action, target: EventStatus) -> None:
    assert check_transition(status, action) == target


@pytest.mark.parametrize(
    ("status", "action"),
    [pair for pair in itertools.product(EventStatus, Action) if pair not in TRANSITIONS],
)
def test_every_other_move_is_refused_with_what_is_allowed(
    status: EventStatus, action: Action
) -> None:
    with pytest.raises(TransitionRefused) as refused:
        check_transition(status, action)
    assert refused.value.status == status
    assert refused.value.allowed == allowed_actions(status)
    assert f"that is {status}" in str(refused.value)


@pytest.mark.parametrize("status", sorted(FINAL))
def test_final_states_allow_nothing(status: EventStatus) -> None:
    assert allowed_actions(status) == []
    assert "allowed now: nothing" in str(TransitionRefused(status, Action.PUBLISH))


def test_completing_is_the_systems_move_never_offered_to_a_person() -> None:
    assert check_transition(EventStatus.PUBLISHED, Action.COMPLETE) == EventStatus.COMPLETED
    assert Action.COMPLETE in SYSTEM_ACTIONS
    assert allowed_actions(EventStatus.PUBLISHED) == [Action.RESCHEDULE, Action.CANCEL]


def test_proposals_can_be_declined_or_withdrawn_but_not_published() -> None:
    assert allowed_actions(EventStatus.PROPOSED) == [
        Action.CONFIRM,
        Action.DECLINE,
        Action.WITHDRAW,
    ]

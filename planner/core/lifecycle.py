"""The life of an event: every state, and every move between states, in one place.

Pure: no Flask, no database. Services ask ``check_transition`` before changing
``Event.status``; anything not listed here is refused with a message that says what
state the event is in and what can be done from there.
"""

from __future__ import annotations

from enum import StrEnum

from planner.core.enums import EventStatus


class Action(StrEnum):
    """Something that moves an event to another state: a person's action, or the clock's."""

    SUBMIT = "submit"  # send a draft to the co-hosts
    CONFIRM = "confirm"  # the host fixes the agreed slot
    PUBLISH = "publish"  # make it public: listing, feeds, registration
    RESCHEDULE = "reschedule"  # change time/place/link after publishing
    CANCEL = "cancel"  # call off a confirmed or published event
    DECLINE = "decline"  # a co-host turns the proposal down
    WITHDRAW = "withdraw"  # the host takes the proposal back
    COMPLETE = "complete"  # the event has ended (the system does this, nobody asks for it)


# (state the event is in, action) -> state it moves to
TRANSITIONS: dict[tuple[EventStatus, Action], EventStatus] = {
    (EventStatus.DRAFT, Action.SUBMIT): EventStatus.PROPOSED,
    (EventStatus.DRAFT, Action.WITHDRAW): EventStatus.WITHDRAWN,
    (EventStatus.PROPOSED, Action.CONFIRM): EventStatus.CONFIRMED,
    (EventStatus.PROPOSED, Action.DECLINE): EventStatus.DECLINED,
    (EventStatus.PROPOSED, Action.WITHDRAW): EventStatus.WITHDRAWN,
    (EventStatus.CONFIRMED, Action.PUBLISH): EventStatus.PUBLISHED,
    (EventStatus.CONFIRMED, Action.RESCHEDULE): EventStatus.CONFIRMED,
    (EventStatus.CONFIRMED, Action.CANCEL): EventStatus.CANCELLED,
    (EventStatus.PUBLISHED, Action.RESCHEDULE): EventStatus.PUBLISHED,
    (EventStatus.PUBLISHED, Action.CANCEL): EventStatus.CANCELLED,
    (EventStatus.PUBLISHED, Action.COMPLETE): EventStatus.COMPLETED,
}

# Moves nobody asks for: the system makes them when their time comes, so they are
# never offered to a person nor listed among what a person may do now.
SYSTEM_ACTIONS = frozenset({Action.COMPLETE})

# States in which the proposal is still being negotiated: slots may be answered or added.
NEGOTIABLE = frozenset({EventStatus.DRAFT, EventStatus.PROPOSED})
# States whose event is public (listing, feeds, registration pages).
PUBLIC = frozenset({EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.COMPLETED})
# States after which nothing more happens.
FINAL = frozenset(
    {EventStatus.DECLINED, EventStatus.WITHDRAWN, EventStatus.CANCELLED, EventStatus.COMPLETED}
)


class TransitionRefused(Exception):
    """``action`` is not possible in ``status``; ``allowed`` lists what is."""

    def __init__(self, status: EventStatus, action: Action) -> None:
        self.status = status
        self.action = action
        self.allowed = allowed_actions(status)
        allowed_text = ", ".join(self.allowed) if self.allowed else "nothing"
        super().__init__(f"Cannot {action} an event that is {status}; allowed now: {allowed_text}.")


def allowed_actions(status: EventStatus) -> list[Action]:
    """What a person can do from ``status``, in the order of ``Action`` (no system moves)."""
    return [
        action
        for action in Action
        if (status, action) in TRANSITIONS and action not in SYSTEM_ACTIONS
    ]


def check_transition(status: EventStatus, action: Action) -> EventStatus:
    """Return the state ``action`` leads to from ``status``, or raise ``TransitionRefused``."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise TransitionRefused(status, action) from None

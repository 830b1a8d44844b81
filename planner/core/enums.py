"""The product's vocabulary: kinds, roles, formats, states and answers.

Plain ``StrEnum``s, so the pure cores can use them; ``planner.models.enums`` stores them.
"""

from __future__ import annotations

from enum import StrEnum


class OrganizationKind(StrEnum):
    """What sort of body an organization is."""

    NETWORK = "network"
    EMBASSY = "embassy"
    CLUSTER = "cluster"
    ACADEMIA = "academia"
    COMPANY = "company"


class Role(StrEnum):
    """What a user may do.

    Organizers of an organization propose, answer and run events; an organization's
    admins are organizers who also manage its profile and its members; site admins
    manage every organization and account.
    """

    ADMIN = "admin"
    ORGANIZATION_ADMIN = "org_admin"
    ORGANIZER = "organizer"


# The roles inside an organization: what its admins give and invitations carry (a site
# admin is made on the admin pages only).
ORGANIZATION_ROLES = (Role.ORGANIZER, Role.ORGANIZATION_ADMIN)


class LinkPurpose(StrEnum):
    """What a personal link sent by email opens."""

    SIGN_IN = "sign_in"  # signs the person in (15 minutes, once)
    PASSWORD_RESET = "password_reset"  # lets the person choose a new password (once)
    PROPOSAL = "proposal"  # opens one proposal's answer page, and nothing else


class DeliveryStatus(StrEnum):
    """Where an outbox message is on its way to the mail server."""

    QUEUED = "queued"  # waiting for a worker (or, without a mail server, kept here)
    SENDING = "sending"  # a worker has it; back to retrying if that worker dies
    SENT = "sent"  # the mail server accepted it
    RETRYING = "retrying"  # the last try failed; another is due at next_attempt_at
    FAILED = "failed"  # given up: refused for good, or every try failed


class ReminderKind(StrEnum):
    """The messages the clock sends; each can be turned off per person from its email."""

    ATTENDEE = "attendee_reminder"  # before an event, to those registered
    ANSWER = "answer_reminder"  # to co-host organizers who have not answered by the date
    DIGEST = "organizer_digest"  # what waits for an organizer, daily or weekly
    FOLLOW_UP = "follow_up"  # after an event: the note, slides and recording


class EventFormat(StrEnum):
    """How an event is held."""

    WEBINAR = "webinar"
    SYMPOSIUM = "symposium"
    HYBRID = "hybrid"


class EventStatus(StrEnum):
    """Where an event is in its life; the allowed moves live in ``planner.core.lifecycle``."""

    DRAFT = "draft"
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    PUBLISHED = "published"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


class Answer(StrEnum):
    """A co-host organization's answer to a candidate slot."""

    YES = "yes"
    MAYBE = "maybe"  # "if need be"
    NO = "no"


class RegistrationStatus(StrEnum):
    """Where an attendee's registration stands."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class RegistrationState(StrEnum):
    """What a visitor can do about an event, shown on listings and the event page.

    ``full`` is the sold-out case: no seat left and registration closed (by the
    organizers or the deadline), so not even the waitlist can be joined.
    """

    OPEN = "open"
    WAITLIST = "waitlist"
    FULL = "full"
    CLOSED = "closed"
    CANCELLED = "cancelled"

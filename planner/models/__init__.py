"""The data model; importing this package registers every table on the metadata."""

from planner.models import connection  # noqa: F401  (sets up every SQLite connection)
from planner.models.access_links import EmailLink, Invitation
from planner.models.audit import AuditEntry
from planner.models.base import Base, UTCDateTime, utc_now
from planner.models.enums import (
    Answer,
    DeliveryStatus,
    EventFormat,
    EventStatus,
    LinkPurpose,
    OrganizationKind,
    RegistrationStatus,
    ReminderKind,
    Role,
)
from planner.models.events import CandidateSlot, Event, SlotResponse, Speaker, event_cohosts
from planner.models.feeds import CalendarFeedToken
from planner.models.follow_ups import FollowUp
from planner.models.notifications import OutboxMessage
from planner.models.organizations import Organization
from planner.models.registrations import Registration
from planner.models.reminders import MailOptOut, SentReminder
from planner.models.revisions import EventRevision
from planner.models.tokens import ApiToken
from planner.models.users import User

__all__ = [
    "Answer",
    "ApiToken",
    "AuditEntry",
    "DeliveryStatus",
    "CalendarFeedToken",
    "Base",
    "CandidateSlot",
    "EmailLink",
    "Event",
    "EventFormat",
    "EventRevision",
    "EventStatus",
    "FollowUp",
    "Invitation",
    "LinkPurpose",
    "MailOptOut",
    "Organization",
    "OutboxMessage",
    "OrganizationKind",
    "Registration",
    "RegistrationStatus",
    "ReminderKind",
    "Role",
    "SentReminder",
    "SlotResponse",
    "Speaker",
    "User",
    "UTCDateTime",
    "event_cohosts",
    "utc_now",
]

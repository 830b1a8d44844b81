"""Every label the product shows for its vocabulary, one table per concept.

Pages, emails and the operations' messages all take their words from here (the API
sends the raw values), so a format or a state reads the same everywhere.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planner.core.enums import (
    Answer,
    DeliveryStatus,
    EventFormat,
    OrganizationKind,
    RegistrationState,
    RegistrationStatus,
    ReminderKind,
    Role,
)

FORMAT_LABELS = {
    EventFormat.WEBINAR: _l("Webinar"),
    EventFormat.SYMPOSIUM: _l("Symposium"),
    EventFormat.HYBRID: _l("Hybrid (on site and online)"),
}

ANSWER_LABELS = {Answer.YES: _l("Yes"), Answer.MAYBE: _l("If need be"), Answer.NO: _l("No")}
LANGUAGE_LABELS = {"en": _l("English"), "ja": _l("Japanese")}
# The language an event is held in.
EVENT_LANGUAGE_LABELS = {
    "en": _l("English"),
    "ja": _l("Japanese"),
    "en+ja": _l("English and Japanese (interpreted)"),
}
# Each interface language in its own words, as language menus offer them: a reader
# who does not understand the current page still finds their own language.
LANGUAGE_NATIVE_NAMES = {"en": "English", "ja": "日本語"}
# An optional menu's empty choice (a country, a speaker's zone).
NOT_GIVEN = _l("— not given —")
# The personal zone's empty choice: times are then shown in the organization's zone.
ORGANIZATION_ZONE_CHOICE = _l("— organization's zone —")
ROLE_LABELS = {
    Role.ORGANIZER: _l("Organizer"),
    Role.ORGANIZATION_ADMIN: _l("Organization admin"),
    Role.ADMIN: _l("Site administrator"),
}

ORGANIZATION_KIND_LABELS = {
    OrganizationKind.NETWORK: _l("Network"),
    OrganizationKind.EMBASSY: _l("Embassy"),
    OrganizationKind.CLUSTER: _l("Cluster"),
    OrganizationKind.ACADEMIA: _l("Academia"),
    OrganizationKind.COMPANY: _l("Company"),
}

ACTION_LABELS = {
    "submit": _l("Send to co-hosts"),
    "publish": _l("Publish"),
    "withdraw": _l("Withdraw proposal"),
    "decline": _l("Decline proposal"),
    "cancel": _l("Cancel event"),
}

# What a visitor can do about an event (listings, the event page).
REGISTRATION_STATE_LABELS = {
    RegistrationState.OPEN: _l("Registration open"),
    RegistrationState.WAITLIST: _l("Waitlist"),
    RegistrationState.FULL: _l("Full"),
    RegistrationState.CLOSED: _l("Registration closed"),
    RegistrationState.CANCELLED: _l("Cancelled"),
}

# Not the event's "Cancelled" (called off): a registration is withdrawn by its attendee.
REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.CONFIRMED: _l("Seat confirmed"),
    RegistrationStatus.WAITLISTED: _l("On the waitlist"),
    RegistrationStatus.CANCELLED: _l("Registration cancelled"),
}

# Where an outbox message is (the admin outbox).
DELIVERY_STATUS_LABELS = {
    DeliveryStatus.QUEUED: _l("Queued"),
    DeliveryStatus.SENDING: _l("Sending"),
    DeliveryStatus.SENT: _l("Sent"),
    DeliveryStatus.RETRYING: _l("Retrying"),
    DeliveryStatus.FAILED: _l("Failed"),
}

# The reminders people can turn off, as their emails and the page name them.
REMINDER_KIND_LABELS = {
    ReminderKind.ATTENDEE: _l("Reminders before events you registered for"),
    ReminderKind.ANSWER: _l("Reminders to answer proposals"),
    ReminderKind.DIGEST: _l("Digest of what waits for you"),
    ReminderKind.FOLLOW_UP: _l("Follow-up material after events you attended"),
}

# Each reminder an event may send its attendees, by its minutes before the start
# (the choices are planner.limits.REMINDER_OFFSET_CHOICES).
REMINDER_OFFSET_LABELS = {
    10080: _l("A week before"),
    2880: _l("Two days before"),
    1440: _l("The day before"),
    180: _l("Three hours before"),
    60: _l("One hour before"),
    15: _l("Fifteen minutes before"),
}


def reminder_offsets_text(offsets: list[int]) -> str:
    """An event's reminders as a reader names them ("The day before, One hour before")."""
    if not offsets:
        return _("No reminders")
    return ", ".join(str(REMINDER_OFFSET_LABELS.get(m, m)) for m in offsets)


# How often the organizer digest comes, as the account page offers it.
DIGEST_LABELS = {"off": _l("Off"), "daily": _l("Daily"), "weekly": _l("Weekly (Mondays)")}

# The recorded fields of events, organizations and accounts, as the history names them.
FIELD_LABELS = {
    "title_en": _l("English title"),
    "title_ja": _l("Japanese title"),
    "description_en": _l("English description"),
    "description_ja": _l("Japanese description"),
    "speakers": _l("Speakers"),
    "format": _l("Format"),
    "status": _l("State"),
    "start_utc": _l("Start"),
    "end_utc": _l("End"),
    "planning_timezone": _l("Planning time zone"),
    "duration_minutes": _l("Duration"),
    "online_url": _l("Online link"),
    "venue": _l("Venue"),
    "capacity": _l("Seats"),
    "language": _l("Language"),
    "asks_contact_consent": _l("Registrants must agree to be contacted"),
    "reminder_offsets": _l("Reminders to attendees"),
    "reminder_alarms": _l("Alarms in attendees' calendars"),
    "answer_by": _l("Answer by"),
    "cohosts": _l("Co-hosts"),
    "cities": _l("Cities shown"),
    "registration_open": _l("Registration"),
    "registration_deadline": _l("Registration closes"),
    "email": _l("Email"),
    "display_name": _l("Name"),
    "organization_id": _l("Organization"),
    "role": _l("Role"),
    "active": _l("May sign in"),
    "contact_email": _l("Contact address"),
    "email_links_revoked": _l("Email links taken back"),
    "password": _l("Password"),
    "locale": _l("Interface language"),
    "timezone": _l("Time zone"),
    "digest": _l("Digest"),
    "slug": _l("Short name"),
    "name_en": _l("Name in English"),
    "name_ja": _l("Name in Japanese"),
    "kind": _l("Kind"),
    "country": _l("Country"),
    "work_start": _l("Working day starts"),
    "work_end": _l("Working day ends"),
    "label": _l("Label"),
}

# Event states, as a heading or badge ("Proposed").

STATUS_LABELS = {
    "draft": _l("Draft"),
    "proposed": _l("Proposed"),
    "confirmed": _l("Confirmed"),
    "published": _l("Published"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
    "cancelled": _l("Cancelled"),
    "completed": _l("Completed"),
}


# The same states as words inside a sentence ("This event is proposed, so ...").
STATE_WORDS = {
    "draft": _l("draft"),
    "proposed": _l("proposed"),
    "confirmed": _l("confirmed"),
    "published": _l("published"),
    "declined": _l("declined"),
    "withdrawn": _l("withdrawn"),
    "cancelled": _l("cancelled"),
    "completed": _l("completed"),
}


def status_label(status: str) -> str:
    """The state as a word for a sentence in the interface language ("提案中")."""
    return str(STATE_WORDS.get(str(status), status))


# Flags on a planned time (planner.core.time_flags), worded as on Find a time.
def weekend_text(places: str) -> str:
    """'Weekend in Tokyo, Copenhagen'."""
    return _("Weekend in %(places)s", places=places)


def holiday_text(country: str, name: str) -> str:
    """'Public holiday in Denmark: Easter Monday'."""
    return _("Public holiday in %(country)s: %(name)s", country=country, name=name)


def clock_change_text(city: str, before: str, after: str) -> str:
    """'Clocks change in Copenhagen: UTC+01:00 → UTC+02:00'."""
    return _(
        "Clocks change in %(city)s: UTC%(before)s → UTC%(after)s",
        city=city,
        before=before,
        after=after,
    )


def outside_hours_text(names: str) -> str:
    """'Outside working hours for Medicon Valley Alliance'."""
    return _("Outside working hours for %(names)s", names=names)


# The host's column in the answer matrix: the host agrees by confirming.
HOST_AGREES_BY_CONFIRMING = _l("Agrees by confirming")
HOST_CHOSE_THIS_TIME = _l("Chose this time")
NO_ANSWER_YET = _l("no answer yet")
CONFIRM_THIS_TIME = _l("Confirm this time")
AGREE_AND_CONFIRM = _l("Agree and confirm this time")

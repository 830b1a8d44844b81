"""Every limit the product enforces, defined once.

Forms, the JSON API and the operations import these, so a limit cannot drift between
the page that shows it, the API that documents it and the rule that enforces it.
"""

# Events
TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
VENUE_MAX = 300
URL_MAX = 500
COMMENT_MAX = 1000  # an answer's comment, a cancellation or decline reason
FOLLOW_UP_NOTE_MAX = 4000  # the organizers' note after an event, per language
SPEAKER_TEXT_MAX = 200  # a speaker's name or affiliation
ZONE_NAME_MAX = 64  # the longest IANA zone name is 32 characters
SLUG_MAX = 64
DURATION_MINUTES_MIN = 15  # a quarter of an hour ...
DURATION_MINUTES_MAX = 24 * 60  # ... to a day
CAPACITY_MAX = 100_000
SLOTS_MAX = 10  # candidate times in a proposal (counter-proposals may double it)
COHOSTS_MAX = 20
SPEAKERS_MAX = 20
# Reminders to attendees before an event, in minutes before its start: the organizers
# choose any of these (a week, two days, the day before, three hours, an hour, fifteen
# minutes); whole days are counted on the reader's clock (planner.core.reminder_times).
REMINDER_OFFSET_CHOICES = (10080, 2880, 1440, 180, 60, 15)
REMINDER_OFFSETS_DEFAULT = (1440, 60)  # the day before and an hour before
START_MAX = 64  # characters of a typed local start time (API)
# Typed times move in steps of five minutes (the inputs' step=300); suggestions follow.
TIME_STEP_MINUTES = 5
CHOICE_MAX = 16  # characters of the reading chosen for an ambiguous time (+01:00, CET)
# Years the tz database and the holiday calendars describe well, and far from the
# limits of Python's dates. The last is 2037 because pytz's transition tables end
# there: from 2038 it would put Copenhagen on CET all summer (an hour wrong), so later
# times are refused rather than silently misplaced.
PLANNABLE_YEARS = (1970, 2037)

# Find a time: the page suggests meetings of up to a working day; the API allows a day.
SUGGESTION_MINUTES_MIN = 15
SUGGESTION_MINUTES_MAX = 480
OVERLAP_MINUTES_MAX = 24 * 60
SUGGESTION_MINUTES_DEFAULT = 60

# People and organizations
PERSON_NAME_MAX = 200  # an attendee's name or affiliation
DISPLAY_NAME_MAX = 120  # an account's name
EMAIL_MAX = 254  # RFC 5321's limit on a forward path
PASSWORD_MAX = 200
TOKEN_LABEL_MAX = 100  # what a personal API token is for
ORGANIZATION_NAME_MAX = 200

# The largest id or version a database integer column holds (larger ones are 404s).
ID_MAX = 2**31 - 1

# Cities an event is shown in (offices, audiences and the host's additions), and the
# audience zones one organization may speak for: enough for a world tour, short
# enough for a time card on a phone.
SHOWN_CITIES_MAX = 8
AUDIENCE_ZONES_MAX = 5

# Registrations that look like a flood: this many active registrations of one event
# from one client network are shown to its organizers, who may remove up to
# REMOVE_AT_ONCE_MAX registrations in one go. (Rates are settings: config.py.)
FLOOD_MIN_REGISTRATIONS = 5
REMOVE_AT_ONCE_MAX = 1000
# Requests. The largest legitimate one is a proposal or an edit with every text at its
# limit in Japanese: about 260 kB as a form post (a Japanese character is 9 bytes once
# percent-encoded: two descriptions of 10,000 are 180 kB, 20 speakers 72 kB) and less as
# JSON. Twice that leaves room for the rest; a larger body is a 413 before it is read.
REQUEST_BYTES_MAX = 512 * 1024
# Parts of a multipart form post (Werkzeug counts only those; the site's forms are
# urlencoded and send under 200 fields, bounded by REQUEST_BYTES_MAX).
FORM_FIELDS_MAX = 1000
# Levels of nesting in a JSON body (an event's slots are 3 deep).
JSON_DEPTH_MAX = 20
# Seconds a client is asked to wait (Retry-After) when the database is out of reach.
OUTAGE_RETRY_SECONDS = 5

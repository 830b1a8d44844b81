"""Limits on what the JSON API accepts, each named once (the web forms use the same values)."""

TITLE_MAX = 200  # characters of an event title, in either language
DESCRIPTION_MAX = 10_000  # characters of an event description, in either language
VENUE_MAX = 300  # characters of a venue
URL_MAX = 500  # characters of an online join link
COMMENT_MAX = 1000  # characters of an answer's comment or a cancellation's reason
SPEAKER_NAME_MAX = 200  # characters of a speaker's name or affiliation
ZONE_MAX = 64  # characters of an IANA zone name
SLUG_MAX = 64  # characters of an organization slug
START_MAX = 64  # characters of a typed local start time
CHOICE_MAX = 16  # characters of the reading chosen for an ambiguous time (+01:00, CET)
COHOSTS_MAX = 20  # co-hosting organizations of one event
SPEAKERS_MAX = 20  # speakers of one event
COUNTRY_LENGTH = 2  # an ISO 3166-1 alpha-2 country code
SIGN_IN_EMAIL_MAX = 254  # characters of the email address a token is created with
PASSWORD_MAX = 200  # characters of the password a token is created with
ID_MAX = 2**31 - 1  # the largest id or version a database integer column holds

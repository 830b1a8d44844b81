"""Enumerations stored in the database, and the column type that stores them."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


class OrganizationKind(StrEnum):
    """What sort of body an organization is."""

    NETWORK = "network"
    EMBASSY = "embassy"
    CLUSTER = "cluster"
    ACADEMIA = "academia"
    COMPANY = "company"


class Role(StrEnum):
    """What a user may do: admins manage organizations and users as well."""

    ADMIN = "admin"
    ORGANIZER = "organizer"


class EventFormat(StrEnum):
    """How an event is held."""

    WEBINAR = "webinar"
    SYMPOSIUM = "symposium"
    HYBRID = "hybrid"


class EventStatus(StrEnum):
    """Where an event is in its life; the allowed moves live in ``planner.lifecycle``."""

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


def enum_column(enum_class: type[StrEnum], name: str) -> Enum:
    """Store ``enum_class`` by value as VARCHAR plus a named CHECK constraint.

    A non-native enum behaves the same on SQLite and PostgreSQL and is changed by an
    ordinary migration of the CHECK constraint, instead of PostgreSQL's ALTER TYPE.
    """
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=max(len(member.value) for member in enum_class) + 4,
        values_callable=lambda members: [member.value for member in members],
    )

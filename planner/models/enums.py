"""The column type that stores the product's enumerations (``planner.core.enums``)."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum

from planner.core.enums import (  # noqa: F401  (the models import them from here)
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

"""Three-way merge of an edit made from an older version of a record.

Two organizers open the same event; one saves, then the other saves from the version
they opened. Instead of refusing the second save outright (or, worse, writing back
every field the second person saw), each field is decided as a person would expect:

- a field the second editor left as it was (their value equals the base) is not
  touched, so the first editor's change stays;
- a field only the second editor changed takes their value;
- a field both changed to the same value is simply agreed;
- only a field both changed to different values is a conflict, for a person to decide.

Pure: values are plain, comparable Python values (strings, numbers, lists, None).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldClash:
    """One field both editors changed, to different values."""

    field: str
    base: Any
    theirs: Any
    yours: Any


@dataclass(frozen=True)
class Merge:
    """What to write (only the editor's own changes) and what needs a decision."""

    changes: dict[str, Any]
    clashes: tuple[FieldClash, ...]


def merge_edit(
    base: Mapping[str, Any], yours: Mapping[str, Any], current: Mapping[str, Any]
) -> Merge:
    """Merge ``yours`` (values stated for some fields) into ``current``, from ``base``.

    ``base`` holds each field's value in the version the editor started from and
    ``current`` its value now; ``yours`` may name any subset of the fields (a web form
    states all of them, an API client only the ones it changes).
    """
    changes: dict[str, Any] = {}
    clashes: list[FieldClash] = []
    for field, value in yours.items():
        was, now = base.get(field), current.get(field)
        if value in (was, now):
            continue  # left as it was, or already what they want: nothing to write
        if now == was:
            changes[field] = value
        else:
            clashes.append(FieldClash(field, was, now, value))
    return Merge(changes, tuple(clashes))

"""Serving calendar documents fast: fingerprints and bounded in-process caches.

Every subscriber polls every feed about hourly, and almost every poll finds nothing
changed, so nothing here rebuilds a calendar from scratch per request:

1. **Fingerprint.** One aggregate query over the feed's events returns, in a single
   row, the list of ``uid:version:organizer email:variant`` of its members and their
   latest ``updated_at``. ``Event.version`` is SQLAlchemy's optimistic-lock counter,
   raised by every UPDATE of the row, so any change to an event (a reschedule, a new
   candidate slot, an edited title) changes the fingerprint, and so does an event
   joining or leaving the feed. Random UIDs keep fingerprints from colliding between
   databases that reuse ids (tests, a restored backup). A digest of the
   organizations' names is added, because they appear in every event's text and a
   rename changes no event row.
2. **Document cache**, one entry per feed and language: when the fingerprint matches,
   the stored body and ETag are served as they are, so a revalidation costs the
   fingerprint and answers 304.
3. **Event cache**: when it does not match, the document is assembled from VEVENT
   blocks cached per event (keyed by uid, version, how it is shown, language and
   the text context), so a changed event loads and serializes only itself.
4. **VTIMEZONE cache**, by set of zones and span of years (the VTIMEZONE covers
   whole years, see ``planner.core.vtimezone.coverage_window``).

The caches are per process: each worker warms its own, which costs one build per
worker after a change and needs no shared store. They are LRUs bounded by entry
count and by bytes.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import ColumnElement, Select, String, cast, func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.functions import aggregate_strings

from planner.core import ical
from planner.extensions import db
from planner.models import Event, Organization, User

# Last-Modified of a calendar that has never had anything in it.
EMPTY_FEED_MODIFIED = datetime(1970, 1, 1, tzinfo=UTC)
# How many ids one IN (...) lists when loading events (SQLite limits parameters).
_LOAD_CHUNK = 500
_MiB = 1024 * 1024

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRUCache(Generic[K, V]):
    """A bounded, thread-safe least-recently-used cache, private to one process.

    Bounded by entry count and, with ``max_weight``, by the total ``weigh`` of the
    values (bytes), so a few large feeds cannot grow memory without limit. Threads
    (``flask run``, threaded workers) share one instance, hence the lock.
    """

    def __init__(
        self, max_entries: int, max_weight: int | None = None, weigh: Callable[[V], int] = len
    ) -> None:
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._max_entries = max_entries
        self._max_weight = max_weight
        self._weigh = weigh
        self._weight = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """Return the value for ``key`` (marking it recently used), or ``None``."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        """Store ``value``, evicting the least recently used entries beyond the bounds."""
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._weight -= self._weigh(old)
            self._entries[key] = value
            self._weight += self._weigh(value)
            while len(self._entries) > self._max_entries or (
                self._max_weight is not None
                and self._weight > self._max_weight
                and len(self._entries) > 1
            ):
                _key, evicted = self._entries.popitem(last=False)
                self._weight -= self._weigh(evicted)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()
            self._weight = 0

    def __len__(self) -> int:
        return len(self._entries)


class _Rendered(NamedTuple):
    """One serialized VEVENT with what ordering and VTIMEZONEs need to know of it."""

    start: datetime
    uid: str
    end: datetime
    tzid: str
    block: bytes


def _weight_of(rendered: tuple[_Rendered, ...]) -> int:
    return sum(len(piece.block) for piece in rendered)


_events: LRUCache[tuple, tuple[_Rendered, ...]] = LRUCache(
    max_entries=20_000, max_weight=48 * _MiB, weigh=_weight_of
)
_timezones: LRUCache[tuple, bytes] = LRUCache(max_entries=256, max_weight=8 * _MiB)
# One entry per feed and language: (fingerprint digest, body, etag).
_documents: LRUCache[tuple, tuple[str, bytes, str]] = LRUCache(
    max_entries=1024, max_weight=96 * _MiB, weigh=lambda entry: len(entry[1])
)


def clear_caches() -> None:
    """Empty every calendar cache of this process (tests and benchmarks start cold)."""
    for cache in (_events, _timezones, _documents):
        cache.clear()


@dataclass(frozen=True)
class FeedScope:
    """Which events a calendar holds, and how each is shown, as SQL.

    ``variant`` is an SQL expression naming how an event is shown to this reader
    (for example ``public`` or ``attendee``); ``joins`` are extra (table, onclause)
    pairs the conditions or the variant need. Events are always joined to their
    creator, whose address is the ORGANIZER of readers who may see it.
    """

    conditions: tuple[ColumnElement[bool], ...]
    variant: ColumnElement[str]
    joins: tuple[tuple[Any, ColumnElement[bool]], ...] = ()

    def select(self, *columns: Any) -> Select:
        """SELECT ``columns`` over the scope's events."""
        query = select(*columns).select_from(Event)
        query = query.outerjoin(User, User.id == Event.created_by_id)
        for table, onclause in self.joins:
            query = query.join(table, onclause)
        return query.where(*self.conditions)


@dataclass(frozen=True)
class CalendarDocument:
    """A calendar ready to serve: its bytes and the HTTP validators derived from them.

    ``etag`` is the SHA-256 of the body (unquoted); ``last_modified`` is the latest
    change of anything that decides the content, including an event leaving the
    calendar, so that If-Modified-Since never hides a removal.
    """

    body: bytes
    etag: str
    last_modified: datetime
    filename: str


# Turns one loaded event, shown as the given variant, into its VEVENT values.
RenderEvent = Callable[[Event, str], Sequence[ical.CalendarEvent]]


@dataclass(frozen=True)
class CalendarPlan:
    """Everything needed to serve one calendar.

    ``identity`` names the calendar for the document cache (kind, owner, URL);
    ``context`` is whatever else its text depends on (language, base URL).
    ``meta`` is called only when the document is built. ``removed_at`` is when
    an event last left the calendar, if the caller can tell. ``load_options``
    are the loader options ``render`` needs (co-hosts are always loaded).
    """

    identity: tuple
    context: tuple
    scope: FeedScope
    render: RenderEvent
    meta: Callable[[], ical.CalendarMeta | None]
    method: str | None
    filename: str
    removed_at: datetime | None = None
    load_options: tuple = ()


class _Fingerprint(NamedTuple):
    digest: str
    updated_at: datetime | None
    empty: bool


def _organization_digest() -> str:
    """Digest of every organization's names, which appear in events' text."""
    rows = db.session.execute(
        select(Organization.id, Organization.name_en, Organization.name_ja).order_by(
            Organization.id
        )
    ).all()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _member_item() -> ColumnElement[str]:
    """``uid:version:organizer email`` of an event, as SQL (the variant follows)."""
    return Event.uid + ":" + cast(Event.version, String) + ":" + func.coalesce(User.email, "") + ":"


def _fingerprint(plan: CalendarPlan, text_context: str) -> _Fingerprint:
    """Run the one cheap query that tells whether the calendar changed."""
    items, updated_at = db.session.execute(
        plan.scope.select(
            aggregate_strings(_member_item() + plan.scope.variant, "\n"),
            func.max(Event.updated_at),
        )
    ).one()
    # The aggregate's order is not guaranteed, so the items are sorted here.
    members = "\n".join(sorted(items.split("\n"))) if items else ""
    hasher = hashlib.sha256(repr((plan.context, text_context)).encode())
    hasher.update(members.encode())
    return _Fingerprint(hasher.hexdigest(), updated_at, not items)


def _load_events(ids: Sequence[int], options: tuple) -> dict[int, Event]:
    """Load events by id with the given loader options, fresh from the database."""
    events: dict[int, Event] = {}
    for start in range(0, len(ids), _LOAD_CHUNK):
        query = (
            select(Event)
            .where(Event.id.in_(ids[start : start + _LOAD_CHUNK]))
            .options(selectinload(Event.cohosts), *options)
            # Objects already in the session could be older than the fingerprint.
            .execution_options(populate_existing=True)
        )
        events.update((event.id, event) for event in db.session.scalars(query).unique())
    return events


def _render(plan: CalendarPlan, event: Event, variant: str) -> tuple[_Rendered, ...]:
    """Serialize the VEVENTs of one event."""
    return tuple(
        _Rendered(
            values.start_utc,
            values.uid,
            values.end_utc,
            values.tzid,
            ical.build_event_block(values),
        )
        for values in plan.render(event, variant)
    )


def _timezones_block(pieces: Iterable[_Rendered]) -> bytes:
    """The VTIMEZONEs for the pieces, cached by zones and span of years."""
    pieces = list(pieces)
    if not pieces:
        return b""
    first = min(piece.start for piece in pieces)
    last = max(piece.end for piece in pieces)
    tzids = tuple(sorted({piece.tzid for piece in pieces}))
    key = (tzids, first.year, last.year)
    block = _timezones.get(key)
    if block is None:
        block = ical.build_timezones_block(tzids, first, last)
        _timezones.put(key, block)
    return block


def _build(plan: CalendarPlan, text_context: str) -> bytes:
    """Assemble the document, serializing only the events the cache does not hold."""
    rows = db.session.execute(
        plan.scope.select(Event.id, _member_item() + plan.scope.variant, plan.scope.variant)
    ).all()
    keys = {event_id: (item, plan.context, text_context) for event_id, item, _variant in rows}
    variants = {event_id: variant for event_id, _item, variant in rows}
    rendered = {event_id: _events.get(key) for event_id, key in keys.items()}
    missing = [event_id for event_id, pieces in rendered.items() if pieces is None]
    for event_id, event in _load_events(missing, plan.load_options).items():
        rendered[event_id] = _render(plan, event, variants[event_id])
        _events.put(keys[event_id], rendered[event_id])
    # An event deleted between the two queries has nothing rendered; leave it out.
    pieces = sorted(
        (piece for event_pieces in rendered.values() if event_pieces for piece in event_pieces),
        key=lambda piece: (piece.start, piece.uid),
    )
    return ical.assemble_calendar(
        plan.meta(), [piece.block for piece in pieces], _timezones_block(pieces), plan.method
    )


def serve(plan: CalendarPlan, *, allow_empty: bool = True) -> CalendarDocument | None:
    """The calendar's document: from the cache when unchanged, else (re)built.

    Returns ``None`` when the calendar holds no event and ``allow_empty`` is false
    (a single-event file whose event is not there).
    """
    text_context = _organization_digest()
    fingerprint = _fingerprint(plan, text_context)
    if fingerprint.empty and not allow_empty:
        return None
    cache_key = (*plan.identity, *plan.context)
    cached = _documents.get(cache_key)
    if cached is not None and cached[0] == fingerprint.digest:
        body, etag = cached[1], cached[2]
    else:
        body = _build(plan, text_context)
        etag = hashlib.sha256(body).hexdigest()
        _documents.put(cache_key, (fingerprint.digest, body, etag))
    stamps = [stamp for stamp in (fingerprint.updated_at, plan.removed_at) if stamp]
    return CalendarDocument(body, etag, max(stamps, default=EMPTY_FEED_MODIFIED), plan.filename)

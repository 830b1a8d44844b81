"""Benchmark: serving the public feed of 1,000 published events.

Run it with ``make bench`` (or ``.venv/bin/python bench/bench_feeds.py --runs 50``).
It builds a throw-away SQLite database, inserts the events in bulk (the services
would send a dozen emails per event; the feed reads the same rows either way), and
times requests through the Flask test client:

* cold build: every cache emptied first, as in a freshly started worker;
* one event changed: the document is rebuilt, but 999 VEVENTs come from the cache;
* warm 200: an unchanged feed fetched without validators;
* 304: a subscriber revalidating with If-None-Match, the usual hourly poll.

It prints the median and 95th percentile of each, and the size of the feed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import select  # noqa: E402

from planner import create_app  # noqa: E402
from planner.accounts.operations import create_user  # noqa: E402
from planner.calendars import cache as feed_cache
from planner.demo.seed import DEMO_ORGANIZATIONS, DEMO_PASSWORD  # noqa: E402
from planner.extensions import db  # noqa: E402
from planner.models import (  # noqa: E402
    Event,
    EventFormat,
    EventStatus,
    Organization,
    utc_now,
)
from planner.organizations.operations import create_organization  # noqa: E402

FEED = "/feeds/events.ics"
ZONES = ("Asia/Tokyo", "Europe/Copenhagen")


def insert_events(count: int) -> None:
    """Insert ``count`` published events spread over the public window and beyond.

    The demo organizations are created through the service, but not the demo
    events, so that the feed holds exactly the inserted events.
    """
    for details in DEMO_ORGANIZATIONS:
        create_organization(None, details)
    organizations = db.session.scalars(select(Organization).order_by(Organization.slug)).all()
    creator = create_user(
        None,
        email="organizer@link-j.example",
        display_name="Yuki Tanaka",
        password=DEMO_PASSWORD,
        organization_id=organizations[0].id,
    )
    now = utc_now().replace(minute=0, second=0, microsecond=0)
    for index in range(count):
        start = now - timedelta(days=170) + timedelta(hours=13 * index)
        host = organizations[index % len(organizations)]
        db.session.add(
            Event(
                title_en=f"Life-science webinar no. {index}: Tokyo × Copenhagen",
                title_ja=f"ライフサイエンス・ウェビナー 第{index}回：東京 × コペンハーゲン",
                description_en="Speakers from both cities; questions in English.\n" * 3,
                format=EventFormat.WEBINAR,
                status=EventStatus.PUBLISHED,
                host=host,
                created_by=creator,
                planning_timezone=ZONES[index % 2],
                duration_minutes=90,
                start_utc=start,
                end_utc=start + timedelta(minutes=90),
                online_url=f"https://meet.example.org/{index}",
                cohosts=[org for org in organizations if org is not host][:2],
                published_at=now,
            )
        )
    db.session.commit()


def timed(action: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None):
    """Run ``action`` ``runs`` times (``before`` untimed each time); return milliseconds."""
    samples = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    """The 95th percentile (the largest sample for very few runs)."""
    if len(samples) < 20:
        return max(samples)
    return statistics.quantiles(samples, n=20)[18]


def get(client: FlaskClient, expected: int, headers: dict[str, str] | None = None) -> bytes:
    """GET the public feed and insist on the expected status."""
    response = client.get(FEED, headers=headers or {})
    if response.status_code != expected:
        raise SystemExit(f"expected {expected}, got {response.status_code}")
    return response.data


def main() -> None:
    """Build the database, time the four cases and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {"PLANNER_CONFIG": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db"}
        )
        with app.app_context():
            db.create_all()
            insert_events(arguments.events)
            client = app.test_client()
            runs = arguments.runs

            cold = timed(lambda: get(client, 200), max(3, runs // 5), feed_cache.clear_caches)
            changing = db.session.scalars(select(Event).limit(1)).one()

            def change_one_event() -> None:
                changing.title_en += "!"
                db.session.commit()

            changed = timed(lambda: get(client, 200), runs, change_one_event)
            body = get(client, 200)
            etag = client.get(FEED).headers["ETag"]
            warm = timed(lambda: get(client, 200), runs)
            revalidated = timed(lambda: get(client, 304, {"If-None-Match": etag}), runs)
            events_in_feed = body.count(b"BEGIN:VEVENT")

    print(
        f"Public feed: {events_in_feed} events, {len(body):,} bytes ({arguments.events} inserted)"
    )
    print(f"{'case':<22}{'runs':>6}{'median ms':>12}{'p95 ms':>10}")
    for name, samples in (
        ("cold build", cold),
        ("one event changed", changed),
        ("warm 200", warm),
        ("304 revalidation", revalidated),
    ):
        median = statistics.median(samples)
        print(f"{name:<22}{len(samples):>6}{median:>12.1f}{p95(samples):>10.1f}")


if __name__ == "__main__":
    main()

"""The Redis the suite uses (rate limits shared between app servers, jobs).

``PLANNER_TEST_REDIS_URL`` overrides the default local server. A test that needs it
calls ``require_or_skip(redis_available(), ...)``: skipped on a laptop without Redis,
a failure in CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import redis

from planner.extensions import limiter

REDIS_URL = os.environ.get("PLANNER_TEST_REDIS_URL", "redis://127.0.0.1:6379")


def redis_available() -> bool:
    """Whether the test Redis answers a PING."""
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@contextmanager
def limiter_kept() -> Iterator[None]:
    """Build extra apps inside this block without changing the suite's rate-limit store.

    Flask-Limiter keeps one store per ``Limiter`` object, and ``create_app`` binds the
    one shared limiter to each new app: an app built with another
    ``RATELIMIT_STORAGE_URI`` would otherwise move every later test's counters there.
    In a server process there is one app, so only tests need this. All of the
    limiter's state comes back, not only its store: after a store that cannot be
    reached it also remembers that the store is "dead" and counts in a fallback memory
    store that no test resets, so later tests would hit limits they never reached.
    """
    saved = dict(vars(limiter))  # no public way back, so the whole state is kept
    try:
        yield
    finally:
        vars(limiter).clear()
        vars(limiter).update(saved)

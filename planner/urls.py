"""Absolute public URLs, built one way: from the public base URL and the route table.

Calendar files, emails and subscribe links need absolute URLs that work outside the
app (in Outlook, in a mail client). They are built from ``PUBLIC_BASE_URL`` (never from
the request's host, which a client chooses) and from the URL map, so they are right
inside a request, in a CLI command and in a background job alike.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def public_base_url() -> str:
    """The public root URL of the app, without a trailing slash."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/")


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute public URL of ``endpoint`` with ``values`` (query arguments too)."""
    base = urlsplit(public_base_url())
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)

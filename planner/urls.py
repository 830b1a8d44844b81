"""Absolute public URLs, built one way: from the public base URL and the route table.

Calendar files, emails and subscribe links need absolute URLs that work outside the
app (in Outlook, in a mail client). They are built from the URL map and one base:

* ``PUBLIC_BASE_URL`` when it is set (always in production, where a link must never
  follow a Host header that a client chose);
* otherwise, inside a request, the address that request reached (so ``PORT=8000
  make run`` gives 8000 links, and a test client's base URL its own);
* otherwise (a CLI command, mail built outside a request) ``SERVE_URL``, the host
  and port ``make run`` serves on.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request


def public_base_url() -> str:
    """The public root URL of the app, without a trailing slash."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        # request.host_url honours ProxyFix (TRUSTED_PROXY_COUNT) for scheme and host.
        return request.host_url.rstrip("/")
    return current_app.config["SERVE_URL"].rstrip("/")


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute public URL of ``endpoint`` with ``values`` (query arguments too)."""
    base = urlsplit(public_base_url())
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)

"""How often sign-in and password-reset emails may be asked for: per address, per client.

Two limits, each shared by "email me a sign-in link" and "forgot your password?", so
that a script alternating between the two forms gets no more than one of them would
give it:

* per address (``EMAIL_LINK_RATE_LIMIT_PER_ADDRESS``): nobody floods a colleague's
  inbox. It counts the address as typed (normalized), whether or not an account has
  it, so that being limited tells nobody which addresses have accounts. The store
  holds a keyed hash, never the address.
* per client (``EMAIL_LINK_RATE_LIMIT_PER_CLIENT``): one machine cannot probe many
  addresses. Counted per IPv4 address or IPv6 /64, as registrations are.

Both count POSTs only (showing the form costs nothing). A breach is a 429 page that
says which limit and that waiting helps; Flask-Limiter adds ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from planner.accounts.operations import normalize_email
from planner.extensions import limiter
from planner.registrations.throttle import client_network

ADDRESS_SCOPE = "email-link-address"
CLIENT_SCOPE = "email-link-client"


def _typed_address() -> str:
    """The normalized address the request's form carries, or ``""``."""
    value = request.form.get("email")
    return normalize_email(value) if isinstance(value, str) else ""


def address_key() -> str:
    """The counter key of the typed address: an HMAC under the app's secret."""
    secret = (current_app.config.get("SECRET_KEY") or "").encode()
    message = f"{ADDRESS_SCOPE}\0{_typed_address()}".encode("utf-8", "surrogatepass")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def _client() -> str:
    """The requesting client's network (behind trusted proxies, from X-Forwarded-For)."""
    return client_network(get_remote_address())


def _address_limited_message() -> str:
    """What someone limited on an address reads (the same for every address)."""
    return _(
        "We have sent this email address several sign-in or password emails recently. "
        "Please wait a while before asking again, and check your inbox and spam folder."
    )


def _client_limited_message() -> str:
    """What someone limited on their client reads."""
    return _(
        "Many sign-in or password emails have been asked for from your network. "
        "Please wait a while and try again."
    )


_per_address = limiter.shared_limit(
    lambda: current_app.config["EMAIL_LINK_RATE_LIMIT_PER_ADDRESS"],
    scope=ADDRESS_SCOPE,
    key_func=address_key,
    methods=["POST"],
    error_message=_address_limited_message,
    exempt_when=lambda: not _typed_address(),
)
_per_client = limiter.shared_limit(
    lambda: current_app.config["EMAIL_LINK_RATE_LIMIT_PER_CLIENT"],
    scope=CLIENT_SCOPE,
    key_func=_client,
    methods=["POST"],
    error_message=_client_limited_message,
)


def email_link_limits(view: Callable[..., Any]) -> Callable[..., Any]:
    """Limit a view that emails a sign-in or reset link, per client and per address."""
    return _per_address(_per_client(view))

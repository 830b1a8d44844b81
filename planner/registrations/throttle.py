"""How often public registrations may come: per client network, per event, per address.

Flask-Limiter counts in the store ``RATELIMIT_STORAGE_URI`` names: Redis in production,
shared by every worker and every app server, so a limit holds however requests are
spread; memory, per process, otherwise. The web form and the API count together:

* per client network (``REGISTRATION_RATE_LIMIT_PER_CLIENT``): every registration
  request, accepted or not, from one IPv4 address or one IPv6 /64 (a machine usually
  has a whole /64, so counting single IPv6 addresses would count nothing);
* per event (``REGISTRATION_RATE_LIMIT_PER_EVENT``): accepted registrations only, so
  a stream of junk cannot close an event to real people;
* per recipient (``REGISTRATION_RATE_LIMIT_PER_RECIPIENT``): accepted registrations,
  each of which emails the address, a new one and an already registered one alike
  (so the limit tells nobody which it was). Keyed by a hash: the store never holds
  the address.

The per-recipient limit is also taken by the manage page's "email me a new feed
address", which mails the same person. A breach is :class:`TooManyRegistrations`
(429, a page or JSON saying which limit and when to come back); Flask-Limiter adds
``Retry-After``. Flask-Limiter's ``X-RateLimit-*`` headers describe the limit with the
shortest window, which by default is the per-client one: the caller's own requests,
never the count of emails an address was sent.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

from planner.accounts.operations import normalize_email
from planner.errors import DomainError
from planner.extensions import limiter

CLIENT_SCOPE = "registration-client"
EVENT_SCOPE = "registration-event"
RECIPIENT_SCOPE = "registration-recipient"


class TooManyRegistrations(DomainError):
    """A registration limit is reached: come back after ``details.retry_after`` seconds."""

    status_code = 429
    code = "too_many_registrations"


def client_network(address: str | None) -> str:
    """The network a client address counts as: itself for IPv4, its /64 for IPv6."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _keyed_hash(purpose: str, value: str) -> str:
    """An HMAC of ``value`` under the app's secret, different for each ``purpose``.

    Keyed, because a plain hash of an IPv4 address is reversed by hashing all 2^32 of
    them; ``surrogatepass`` because hostile JSON can carry lone surrogates.
    """
    secret = (current_app.config.get("SECRET_KEY") or "").encode()
    message = f"{purpose}\0{value}".encode("utf-8", "surrogatepass")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def _client() -> str:
    """The requesting client's network (behind trusted proxies, from X-Forwarded-For)."""
    return client_network(get_remote_address())


def client_key() -> str:
    """The keyed hash a registration stores to tell which registrations came from one network."""
    return _keyed_hash(CLIENT_SCOPE, _client())


def _event() -> str:
    """The event a registration request is for."""
    return f"event-{(request.view_args or {}).get('event_id')}"


def _typed_email() -> str:
    """The email address a registration request carries (normalized), or ``""``.

    Read before the form or the API shape is checked, so nothing may be assumed: the
    body may be no JSON, other JSON, or JSON too deep to parse.
    """
    value: Any
    if request.is_json:
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            body = None
        value = body.get("email") if isinstance(body, dict) else None
    else:
        value = request.form.get("email")
    return normalize_email(value) if isinstance(value, str) else ""


def recipient_key(email: str) -> str:
    """The counter key of the emails sent to ``email``."""
    return _keyed_hash(RECIPIENT_SCOPE, normalize_email(email)) if email else "unknown"


def _recipient() -> str:
    """The counter key of the address a registration request would email."""
    return recipient_key(_typed_email())


def _setting(name: str) -> Callable[[], str]:
    """A limit read from the configuration at request time (tests and deployments set it)."""
    return lambda: current_app.config[name]


def _accepted(response: Response) -> bool:
    """Whether a registration request was accepted (a redirect or a 2xx answer)."""
    return response.status_code < 400


_per_client = limiter.shared_limit(
    _setting("REGISTRATION_RATE_LIMIT_PER_CLIENT"),
    scope=CLIENT_SCOPE,
    key_func=_client,
    methods=["POST"],
)
_per_event = limiter.shared_limit(
    _setting("REGISTRATION_RATE_LIMIT_PER_EVENT"),
    scope=EVENT_SCOPE,
    key_func=_event,
    methods=["POST"],
    deduct_when=_accepted,
)


def _per_recipient(key_func: Callable[[], str]) -> Any:
    """The per-recipient limit, with the address found by ``key_func``."""
    return limiter.shared_limit(
        _setting("REGISTRATION_RATE_LIMIT_PER_RECIPIENT"),
        scope=RECIPIENT_SCOPE,
        key_func=key_func,
        methods=["POST"],
        deduct_when=_accepted,
    )


def _wait_text(seconds: int) -> str:
    """How long to wait, in minutes (or seconds under a minute), in the reader's language.

    Rounded to the nearest minute: the counters' windows end a second or so after a
    whole minute, and "2 minutes" for 61 seconds would send people away for nothing.
    Retry-After carries the exact seconds.
    """
    if seconds < 60:
        return ngettext("%(num)d second", "%(num)d seconds", seconds)
    return ngettext("%(num)d minute", "%(num)d minutes", round(seconds / 60))


def _breach_message(scope: str, wait: str) -> str:
    """What a person is told when the limit of ``scope`` is reached."""
    if scope == EVENT_SCOPE:
        return _(
            "This event is receiving a great many registrations right now. "
            "Please try again in %(wait)s.",
            wait=wait,
        )
    if scope == RECIPIENT_SCOPE:
        return _(
            "We have sent this email address many messages about registrations recently. "
            "Please try again in %(wait)s.",
            wait=wait,
        )
    return _(
        "Many registrations have come from your network in a short time. "
        "Please try again in %(wait)s.",
        wait=wait,
    )


def _too_many(exceeded: RateLimitExceeded) -> TooManyRegistrations:
    """The domain error for a breached limit, with the seconds until it lets requests in."""
    breached = limiter.current_limit
    reset_at = breached.reset_at if breached is not None else time.time() + 60
    seconds = max(1, math.ceil(reset_at - time.time()))
    scope = exceeded.limit.scope if isinstance(exceeded.limit.scope, str) else ""
    return TooManyRegistrations(
        _breach_message(scope, _wait_text(seconds)), details={"retry_after": seconds}
    )


def _guarded(view: Callable[..., Any], limited: Callable[..., Any]) -> Callable[..., Any]:
    """``limited`` (``view`` under Flask-Limiter), with a breach as our domain error."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return limited(*args, **kwargs)
        except RateLimitExceeded as exceeded:
            raise _too_many(exceeded) from exceeded

    return guarded


def registration_limits(view: Callable[..., Any]) -> Callable[..., Any]:
    """Limit a registration endpoint (the form's POST, the API) per client, event, address.

    The per-client limit is put on first: of limits with equally short windows,
    Flask-Limiter's headers report the first, and the caller's own count is the one
    worth reporting.
    """
    return _guarded(view, _per_recipient(_recipient)(_per_event(_per_client(view))))


def attendee_mail_limits(
    address_of: Callable[[], str],
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Limit an endpoint that emails an attendee: per client, and per their address.

    ``address_of`` finds, in the request, the address the endpoint would write to.
    """

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        limited = _per_recipient(lambda: recipient_key(address_of()))(_per_client(view))
        return _guarded(view, limited)

    return decorate

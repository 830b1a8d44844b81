"""Counting password attempts: per client address, and per account whatever the address.

The client limit (``SIGN_IN_RATE_LIMIT``, :data:`planner.extensions.sign_in_limit`)
stops one machine guessing; the account limit (``SIGN_IN_ACCOUNT_RATE_LIMIT``) stops
many machines guessing one account's password together. The account limit counts the
address as typed (normalized), whether or not an account has it, so that being
limited tells nobody which addresses have accounts. Counters live in the limiter's
store (Redis when ``RATELIMIT_STORAGE_URI`` names it), keyed by a hash of the address
so that the store holds no addresses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from planner.accounts.operations import normalize_email
from planner.extensions import limiter, sign_in_limit


def _json_email() -> object:
    """The ``email`` of a JSON body, or ``None`` when there is no readable one."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        # Absurdly nested JSON: the API refuses it itself; here it names no account.
        return None
    return body.get("email") if isinstance(body, dict) else None


def typed_account() -> str:
    """The limiter's key for the account an attempt names ("" when it names none).

    The email of the sign-in form or of the JSON body; on a signed-in page that asks
    for the current password (changing it), the signed-in account's.
    """
    email: object = request.form.get("email")
    if email is None and request.is_json:
        email = _json_email()
    if email is None and current_user.is_authenticated:
        email = current_user.email
    if not isinstance(email, str) or not normalize_email(email):
        return ""  # no address, so no password is checked (and no limit applies)
    digest = hashlib.sha256(normalize_email(email).encode("utf-8", "surrogatepass"))
    return f"account:{digest.hexdigest()}"


def _account_limited_message() -> str:
    """What someone limited on an account reads (the same for every address)."""
    return _(
        "Too many sign-in attempts for this email address. Please wait a few minutes and try again."
    )


account_sign_in_limit = limiter.shared_limit(
    lambda: current_app.config["SIGN_IN_ACCOUNT_RATE_LIMIT"],
    scope="sign-in-account",
    key_func=typed_account,
    methods=["POST"],
    error_message=_account_limited_message,
    exempt_when=lambda: not typed_account(),
)


def password_attempts_limited(view: Callable[..., Any]) -> Callable[..., Any]:
    """Limit a view that checks a password, per client address and per account."""
    return sign_in_limit(account_sign_in_limit(view))

"""The secrets inside personal links: made at random, stored only as a hash, found by it.

Every invitation, sign-in, password-reset and proposal link carries 256 bits from the
operating system's generator. The database keeps their SHA-256 hash, so a copy of
the database (a backup, a read replica) opens nothing; a link is found by the hash of
the secret it brings, and the stored hash is compared once more in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Literal, Protocol, TypeVar

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Mapped

from planner.extensions import db
from planner.models import EmailLink, LinkPurpose, utc_now

SECRET_BYTES = 32  # 256 bits; the issue asks for at least 128


def new_secret() -> str:
    """A fresh URL-safe secret (43 characters)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def secret_hash(secret: str) -> str:
    """The SHA-256 hex digest a secret is stored and looked up by."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def same_hash(stored: str | None, secret: str) -> bool:
    """Whether ``secret`` hashes to ``stored``, compared in constant time."""
    return stored is not None and hmac.compare_digest(stored, secret_hash(secret))


def looks_like_secret(text: str) -> bool:
    """A cheap shape check before any lookup: what ``new_secret`` makes, roughly."""
    return 20 <= len(text) <= 128 and text.isascii() and all(c.isalnum() or c in "-_" for c in text)


LinkStatus = Literal["valid", "expired", "used", "revoked", "unknown"]
# The status of the page a browser gets for a link in each state: a link that never
# existed is not found; one that existed and no longer opens anything is gone.
LINK_PAGE_STATUS: dict[str, int] = {
    "valid": 200,
    "unknown": 404,
    "expired": 410,
    "used": 410,
    "revoked": 410,
}


class SecretHolder(Protocol):
    """A row found by its secret's hash (an invitation, an email link)."""

    token_hash: Mapped[str | None]


Row = TypeVar("Row", bound=SecretHolder)


def find_by_secret(model: type[Row], token: object, *conditions: ColumnElement[bool]) -> Row | None:
    """The ``model`` row whose secret is ``token`` (and that meets ``conditions``), or ``None``.

    A value of the wrong shape is refused before any query; the stored hash is
    compared once more in constant time.
    """
    if not isinstance(token, str) or not looks_like_secret(token):
        return None
    row = db.session.scalar(
        select(model).where(model.token_hash == secret_hash(token), *conditions)
    )
    if row is None or not same_hash(row.token_hash, token):
        return None
    return row


def link_status(
    *,
    used_at: datetime | None,
    revoked_at: datetime | None,
    expires_at: datetime | None,
    withdrawn: bool = False,
) -> LinkStatus:
    """What a found link is now: used, revoked (or ``withdrawn``), expired or valid, in that order.

    A link whose email has not been sent yet has no ``expires_at`` and opens nothing.
    """
    if used_at is not None:
        return "used"
    if revoked_at is not None or withdrawn:
        return "revoked"
    if expires_at is None or expires_at <= utc_now():
        return "expired"
    return "valid"


def claim_once(link: EmailLink) -> bool:
    """Within the caller's unit of work: mark an email link used, unless another request did.

    A conditional UPDATE, so that of two requests at the same moment exactly one wins
    (on PostgreSQL's READ COMMITTED as on SQLite).
    """
    result = db.session.execute(
        update(EmailLink)
        .where(
            EmailLink.id == link.id,
            EmailLink.used_at.is_(None),
            EmailLink.revoked_at.is_(None),
        )
        .values(used_at=utc_now())
        .execution_options(synchronize_session=False)
    )
    db.session.expire(link, ["used_at", "revoked_at"])
    return result.rowcount == 1


def revoke_email_links_in_unit(
    user_id: int, *, purposes: tuple[LinkPurpose, ...] | None = None, except_id: int | None = None
) -> int:
    """Within the caller's unit of work: withdraw the user's email links (of ``purposes``).

    Opened links too: an opened proposal link still carries its pass, which ends with
    the link. Returns how many were withdrawn.
    """
    conditions = [EmailLink.user_id == user_id, EmailLink.revoked_at.is_(None)]
    if purposes is not None:
        conditions.append(EmailLink.purpose.in_(purposes))
    if except_id is not None:
        conditions.append(EmailLink.id != except_id)
    result = db.session.execute(
        update(EmailLink)
        .where(*conditions)
        .values(revoked_at=utc_now())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0

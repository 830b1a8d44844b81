"""Personal API tokens: issuing, listing, revoking, and finding the user behind one.

A token is shown to its owner once, when it is issued; the database keeps only its
SHA-256 hash, so a leaked database does not leak working tokens. Tokens start with
``chp_`` so that secret scanners and people recognise them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from planner import audit
from planner.accounts.operations import authenticate
from planner.errors import AuthenticationRequired, NotFound, ValidationFailed
from planner.extensions import db
from planner.limits import TOKEN_LABEL_MAX
from planner.models import ApiToken, User, utc_now
from planner.unit_of_work import unit_of_work

TOKEN_PREFIX = "chp_"
DEFAULT_LABEL = "API"
# Writing last_used_at on every request would turn every API read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)
# Longer than any token we issue (prefix + 43 characters), shorter than anything silly.
_MAX_TOKEN_LENGTH = 100


@dataclass(frozen=True)
class IssuedToken:
    """A freshly created token: the stored record and the secret, shown this once."""

    record: ApiToken
    secret: str


def hash_token(secret: str) -> str:
    """The SHA-256 hex digest a token is stored and looked up by."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _clean_label(label: str | None) -> str:
    """A trimmed label of acceptable length (the default when none is given)."""
    cleaned = (label or "").strip() or DEFAULT_LABEL
    if len(cleaned) > TOKEN_LABEL_MAX:
        raise ValidationFailed(
            _("The label can have at most %(count)d characters.", count=TOKEN_LABEL_MAX),
            field="label",
        )
    return cleaned


def create_token(actor: User, label: str | None) -> IssuedToken:
    """Issue a new token for ``actor``; the secret is in the result and nowhere else."""
    cleaned = _clean_label(label)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with unit_of_work():
        record = ApiToken(user_id=actor.id, label=cleaned, token_hash=hash_token(secret))
        db.session.add(record)
        db.session.flush()
        audit.record(actor, "token.create", "api_token", record.id, after={"label": cleaned})
    return IssuedToken(record=record, secret=secret)


def create_token_with_password(email: str, password: str, label: str | None) -> IssuedToken:
    """Issue a token to whoever proves the account's password (one message for any failure)."""
    user = authenticate(email, password)
    if user is None:
        raise AuthenticationRequired(
            _("The email or password is not correct."), code="invalid_credentials"
        )
    return create_token(user, label)


def list_tokens(actor: User) -> list[ApiToken]:
    """The actor's tokens that still work, newest first."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == actor.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(db.session.scalars(query))


def revoke_token(actor: User, token_id: int) -> ApiToken:
    """Stop one of the actor's tokens from working; anyone else's is ``NotFound``."""
    record = db.session.get(ApiToken, token_id)
    if record is None or record.user_id != actor.id or record.revoked_at is not None:
        raise NotFound(_("You have no such API token."))
    with unit_of_work():
        record.revoked_at = utc_now()
        audit.record(actor, "token.revoke", "api_token", record.id, after={"label": record.label})
    return record


def user_for_token(secret: str) -> User | None:
    """The active user a live token belongs to, or ``None`` for anything else.

    Marks the token as used, at most once per ``LAST_USED_PRECISION``.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > _MAX_TOKEN_LENGTH:
        return None
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if record is None or record.revoked_at is not None or not record.user.active:
        return None
    now = utc_now()
    if record.last_used_at is None or now - record.last_used_at >= LAST_USED_PRECISION:
        with unit_of_work():
            record.last_used_at = now
    return record.user

"""The secrets inside personal links: made at random, stored only as a hash.

Every invitation, sign-in, password-reset and proposal link carries 256 bits from the
operating system's generator. The database keeps their SHA-256 hash, so a copy of
the database (a backup, a read replica) opens nothing; a link is found by the hash of
the secret it brings, and the stored hash is compared once more in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

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

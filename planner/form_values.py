"""Reading untrusted request values: whole numbers, and redirect targets on this site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def safe_next_url(target: str | None) -> str | None:
    """Accept only a path on this site as a redirect target (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return None
    return target


def whole_number(text: str | None) -> int | None:
    """A form value as a positive whole number, or ``None``.

    ASCII digits only: ``str.isdigit`` also accepts "²", which ``int`` refuses.
    """
    if text is None or not re.fullmatch(r"[0-9]{1,9}", text.strip()):
        return None
    return int(text)

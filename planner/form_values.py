"""Reading untrusted request values: whole numbers, line breaks, redirect targets on this site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from planner.text_rules import forbidden_character


def safe_next_url(target: str | None) -> str | None:
    """Accept only a path on this site as a redirect target (no open redirects).

    A control character (a line break would split the Location header) is refused by
    the text rule, as in any other field.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if forbidden_character(target) is not None:
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


def unix_newlines(text: str | None) -> str | None:
    r"""Text with every line break as ``\n``.

    Browsers send a textarea's line breaks as ``\r\n``, the API usually ``\n``: stored
    one way, an unchanged description always compares equal to itself.
    """
    if text is None:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")

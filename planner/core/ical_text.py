"""Values as iCalendar writes them on one line: TEXT, parameter values, URIs, addresses.

Pure. Every value a caller passes goes through one of these before it reaches a
content line, so no input can start a property or component of its own (see
:mod:`planner.core.ical` for the rules these implement).
"""

from __future__ import annotations

import re

from icalendar.prop import vInline

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# RFC 5545 TEXT excludes control characters other than HTAB; LF is handled
# above and CR/NEL are already turned into LF by then.
_TEXT_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PARAMETER_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_PARAMETER_TRAILING = re.compile(r"[\s\\]+$")
# A URI has no whitespace or controls; percent-encoding them keeps the
# property on one line whatever the caller passes.
_URI_UNSAFE = re.compile("[\x00-\x20\x7f-\x9f\u2028\u2029]")
_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+")


def escape_text(text: str) -> str:
    r"""Escape a string as an RFC 5545 TEXT value that stays on its own line.

    Backslash, semicolon and comma are backslash-escaped, every kind of line
    break becomes ``\n`` and other control characters are dropped.
    """
    # Lone surrogates cannot be encoded as UTF-8; replace them instead of
    # failing a whole feed over one bad character.
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = _TEXT_FORBIDDEN.sub("", _LINE_BREAK.sub("\n", text))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def text_value(text: str) -> vInline:
    """Wrap already-escaped TEXT so icalendar writes it verbatim."""
    return vInline(escape_text(text))


def parameter_text(text: str) -> str:
    """Flatten a name used as a parameter value (CN, LABEL) onto one line.

    Without a trailing backslash, which would end up escaping what follows the value.
    """
    return _PARAMETER_TRAILING.sub("", " ".join(_PARAMETER_FORBIDDEN.sub(" ", text).split()))


def safe_uri(uri: str) -> str:
    """Percent-encode whitespace and controls, which no URI contains."""
    return _URI_UNSAFE.sub(lambda match: f"%{ord(match.group()):02X}", uri)


def mailto(email: str, who: str) -> str:
    """Return a ``mailto:`` cal-address, refusing anything that is not one address."""
    if not _EMAIL.fullmatch(email):
        raise ValueError(f"{who} email {email!r} is not a single email address.")
    return f"mailto:{email}"

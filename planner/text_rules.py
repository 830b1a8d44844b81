r"""The one rule for text people send, for forms and the API alike.

Text is stored and shown as it was typed, so what may be typed is decided once, here:

* **Control characters** (C0 ``U+0000``–``U+001F``, ``U+007F`` and C1 ``U+0080``–
  ``U+009F``) are refused everywhere, except a tab and line breaks in multi-line text
  (descriptions, comments, reasons). PostgreSQL cannot store ``U+0000`` at all; the
  others would reach emails, calendar files and CSV cells, where they mean something.
* **Lone surrogates** (``U+D800``–``U+DFFF`` on their own, which JSON's ``\ud800``
  escapes can produce) are not text: nothing can encode them.
* **Web addresses** (an event's join link) are absolute ``http://`` or ``https://``
  addresses with a host, and without white space, quotes or the other characters an
  address never holds unencoded (``< > \ ^ ` { | }``).

The WTForms fields (``planner.form_base``), the API's shapes (``planner.api.shapes``)
and the request guards (``planner.security``) all ask these functions.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask_babel import gettext as _

# Never allowed: C0 controls but tab, line feed and carriage return; DEL and C1; the
# surrogate range (a well-formed str holds surrogates only when they are lone).
_ALWAYS_REFUSED = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_MULTI_LINE_REFUSED = re.compile(f"[{_ALWAYS_REFUSED}]")
_SINGLE_LINE_REFUSED = re.compile(f"[{_ALWAYS_REFUSED}\t\n\r]")
# What an address never holds unencoded (RFC 3986), besides controls and spaces.
_NOT_IN_ADDRESSES = re.compile(r"""[\s"'<>\\^`{|}\x00-\x1f\x7f-\x9f]""")


def forbidden_character(value: str, *, multiline: bool = False) -> str | None:
    r"""The first character of ``value`` that the text rule refuses, or ``None``.

    ``multiline`` allows a tab and line breaks (``\t``, ``\n``, ``\r``).
    """
    pattern = _MULTI_LINE_REFUSED if multiline else _SINGLE_LINE_REFUSED
    found = pattern.search(value)
    return found.group() if found else None


def character_name(character: str) -> str:
    """How a refused character is named in a message: "a line break", "U+0000"..."""
    if character in "\r\n":
        return _("a line break")
    if character == "\t":
        return _("a tab")
    return f"U+{ord(character):04X}"


def forbidden_message(character: str, field: str | None = None) -> str:
    """The message for a refused character, naming the field when there is one."""
    if field:
        return _(
            "%(field)s contains a character that cannot be used here (%(character)s). "
            "Remove it and try again.",
            field=field,
            character=character_name(character),
        )
    return _(
        "This contains a character that cannot be used here (%(character)s). "
        "Remove it and try again.",
        character=character_name(character),
    )


def is_web_address(value: str) -> bool:
    """Whether ``value`` (surrounding spaces aside) is a usable http(s) address."""
    address = value.strip(" ")
    if not address or _NOT_IN_ADDRESSES.search(address):
        return False
    try:
        parts = urlsplit(address)
        port_is_valid = parts.port is None or parts.port > 0
    except ValueError:  # a port that is not a number, a malformed [IPv6] host
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port_is_valid


def web_address_message(field: str | None = None) -> str:
    """The message for an address that ``is_web_address`` refuses."""
    if field:
        return _(
            "%(field)s must be an http:// or https:// address, without spaces, quotes "
            "or line breaks.",
            field=field,
        )
    return _(
        "Enter an http:// or https:// address, without spaces, quotes or line breaks "
        "(copy it from the browser's address bar)."
    )

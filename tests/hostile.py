"""Hostile text for the property tests, what the app must refuse, and how outputs are read.

``hostile_text()`` draws what an attacker types into a text field: markup and
attribute breakers, header and iCalendar injection, spreadsheet formulas, control
characters, lone surrogates, very long strings, mixed scripts with combining marks,
direction overrides and invisible characters, glued together.

``refused()`` is the text rule of issue 12, written down independently of the app so
that the tests check the app against it: control characters (C0, DEL, C1) and lone
surrogates are refused in every text field; tab and line breaks only in one-line
fields (a title, a name), not in multi-line ones (a description, a comment).

The readers below are what the tests look at outputs with: every ``<script>`` and
event handler of a page, the cells of a CSV file, the events of an iCalendar file, the
headers of an email as a mail client parses them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser

from hypothesis import strategies as st
from icalendar import Calendar
from markupsafe import escape

from planner.calendars.cache import clear_caches
from planner.extensions import db, limiter

MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)' x='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "<iframe src=//evil.example>",
    "<style>*{display:none}</style>",
    "{{ 7*7 }}",
    "{% raw %}",
    "${7*7}",
    "&lt;script&gt;",
    "&#x3C;script&#x3E;",
    "<!--",
    "]]>",
    "`",
]
HEADER_INJECTION = [
    "\r\nBcc: victim@example.org",
    "\nSubject: spoofed",
    "\r\n\r\n<html>body</html>",
    "\rX-Injected: 1",
    "%0d%0aSet-Cookie: x=1",
]
ICALENDAR = [
    "\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT",
    "\nEND:VCALENDAR",
    "END:VCALENDAR",
    "BEGIN:VALARM",
    ";",
    ",",
    "\\",
    "\\n",
    "\\;",
    ":",
    '"',
    "^",
    "DESCRIPTION:injected",
    "\n ",
]
FORMULAS = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1:A9)",
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "\t=1",
    "\r=1",
    '"',
    '""',
    "a,b",
]
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]
C1_CONTROLS = ["\x80", "\x85", "\x9b", "\x9f"]
BREAKS = ["\t", "\n", "\r", "\r\n"]
LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
SCRIPTS = [
    "デンマーク大使館",
    "日本橋ライフサイエンスビルディング",
    "ｶﾀｶﾅ",
    "مؤتمر الصحة الرقمية",
    "שלום",
    "Ærø – Øresund",
    "Zoë Ångström",
    "한국어",
    "ภาษาไทย",
    "👩‍🔬🧬",
    "🇯🇵🇩🇰",
    "e\u0301\u0302\u0303\u0304",
    "Z\u0334\u0321\u031ba\u0337l\u0338g\u0335o\u0336",
]
INVISIBLE = [
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u2060",
    "\ufeff",
    "\u00a0",
    "\u3000",
    "\u2028",
    "\u2029",
]
PIECES = (
    MARKUP
    + HEADER_INJECTION
    + ICALENDAR
    + FORMULAS
    + CONTROLS
    + C1_CONTROLS
    + BREAKS
    + LONE_SURROGATES
    + SCRIPTS
    + INVISIBLE
)
# Long enough to pass every length limit of the app (the longest is a description's).
LONG = 100_000

# The text rule: never in any text (C0 but tab and line breaks, DEL, C1, surrogates)...
_ALWAYS_REFUSED = frozenset(
    [chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"]
    + [chr(code) for code in range(0x7F, 0xA0)]
)
# ... and in one-line text, tab and line breaks too.
_REFUSED_IN_A_LINE = frozenset("\t\n\r")


def refused(text: str, *, multiline: bool = False) -> bool:
    """Whether the text rule refuses ``text`` (``multiline``: a description, a comment)."""
    for character in text:
        if character in _ALWAYS_REFUSED or 0xD800 <= ord(character) <= 0xDFFF:
            return True
        if not multiline and character in _REFUSED_IN_A_LINE:
            return True
    return False


def acceptable(text: str, max_length: int, *, multiline: bool = False, required: bool = False):
    """Whether a field of at most ``max_length`` characters must accept ``text``.

    ``required``: a blank text (only white space) is refused too.
    """
    if refused(text, multiline=multiline) or len(text) > max_length:
        return False
    return bool(text.strip()) or not required


@st.composite
def hostile_text(draw: st.DrawFn, *, long: bool = True) -> str:
    """A string glued from hostile pieces and random text; sometimes 100 kB of it.

    Random text (``st.text``) brings characters nobody thought of; the pieces bring
    the ones attackers use. ``long=False`` leaves out the 100 kB strings (for
    fields whose outputs the test reads).
    """
    piece = st.sampled_from(PIECES) | st.text(max_size=12)
    text = "".join(draw(st.lists(piece, min_size=1, max_size=6)))
    if long and draw(st.integers(0, 9)) == 0:
        text = (text or "x") * (LONG // max(len(text), 1) + 1)
    return text


def clean_hostile_text() -> st.SearchStrategy[str]:
    """Hostile text the text rule lets through in a one-line field (markup, scripts...)."""
    pieces = [piece for piece in PIECES if not refused(piece)]
    return st.lists(st.sampled_from(pieces), min_size=1, max_size=5).map("".join)


# -- One example at a time ------------------------------------------------------------


@contextmanager
def each_example_undone() -> Iterator[None]:
    """Run one Hypothesis example on the database as the test made it, then undo it.

    A SAVEPOINT inside the test's rolled-back transaction (``tests/database.py``), and
    empty rate-limit counters and calendar caches: every example meets the same start,
    so a failure replays and shrinks exactly. The test's own session keeps no SAVEPOINT
    of its own across the boundary (committed before, rolled back after), so the two
    stay nested the right way round; its objects are reloaded when next used.
    """
    db.session.commit()
    savepoint = db.session.get_bind().begin_nested()
    limiter.reset()
    clear_caches()
    try:
        yield
    finally:
        db.session.rollback()
        savepoint.rollback()
        db.session.expire_all()
        clear_caches()


# -- Reading the outputs --------------------------------------------------------------


class _PageScan(HTMLParser):
    """Every script, style, handler and script address of a page, as a browser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note a script not from /static/, an embedding element, a handler or style."""
        if tag == "script":
            self._in_script = True
            if not (dict(attrs).get("src") or "").startswith("/static/"):
                self.problems.append(f"<script> without a /static/ src: {attrs}")
        if tag in ("style", "iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{name}= on <{tag}>")
            address = "".join((value or "").split()).lower()
            if name in ("href", "src", "action", "formaction") and address.startswith(
                ("javascript:", "data:text/html", "vbscript:")
            ):
                self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        """Leave a script."""
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        """Note the text of an inline script."""
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data[:80]!r}")


def page_problems(html: str) -> list[str]:
    """What a page would run that is not the app's own: scripts, handlers, styles."""
    scan = _PageScan()
    scan.feed(html)
    scan.close()
    return scan.problems


def shown_escaped(text: str, html: str) -> bool:
    """Whether ``text`` appears in ``html`` exactly as the templates escape it."""
    return str(escape(text)) in html


def csv_rows(data: bytes) -> list[list[str]]:
    """The rows of a CSV export (UTF-8 with a byte-order mark, as Excel wants it)."""
    assert data.startswith(b"\xef\xbb\xbf"), "the CSV export lost its byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_spreadsheet_cell(text: str) -> str:
    """What a cell holding ``text`` must read: a formula-looking text gets an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def calendar_events(data: bytes) -> list:
    """The VEVENTs of an iCalendar file, parsed by the icalendar library.

    Every ``BEGIN:VEVENT`` line of the raw (unfolded) file must be one parsed event, and
    there is one ``END:VCALENDAR`` line, the last: text that started a line of its own
    would show up as one line more.
    """
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    lines = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == len(events), data[:3000]
    assert lines.count(b"END:VCALENDAR") == 1 and lines[-2:] == [b"END:VCALENDAR", b""]
    return events


def parsed_email(message: EmailMessage) -> EmailMessage:
    """``message`` as a mail client reads it: serialized to bytes and parsed back."""
    return message_from_bytes(message.as_bytes(), policy=policy.default)


EMAIL_HEADERS = {
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
}


def header_problems(message: EmailMessage) -> list[str]:
    """Headers a mail client would read that the app did not write, or lines broken."""
    received = parsed_email(message)
    problems = [f"unexpected header {name}" for name in received if name not in EMAIL_HEADERS]
    for name, value in received.items():
        if "\r" in str(value) or "\n" in str(value):
            problems.append(f"line break in {name}: {value!r}")
    if len(received.get_all("To") or []) != 1 or len(received.get_all("Subject") or []) != 1:
        problems.append("not exactly one To and one Subject")
    return problems

"""planner.core.rich_text: Markdown descriptions as sanitized HTML, and back as plain text.

The worst texts the length limit allows (the ones that made Python-Markdown spend half
a minute per view) each render, and their HTML is sanitized: only the allowed tags and
attributes, no raw HTML, nesting capped. A CPU-time alarm guards against a hang (it
fires only after seconds; nothing here asserts on speed: bench/bench_markdown.py
times these cases).
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.rich_text import (
    ALLOWED_TAGS,
    MAX_NESTING,
    html_to_text,
    markdown_to_text,
    render_html,
)
from planner.limits import DESCRIPTION_MAX

ALLOWED_ATTRIBUTES = {"a": {"href", "title", "rel"}, "ol": {"start"}}
LINK_REL = "noopener noreferrer nofollow"
VOID = {"br", "hr"}


def _fit(unit: str, length: int = DESCRIPTION_MAX) -> str:
    """``unit`` repeated to exactly ``length`` characters."""
    return (unit * (length // len(unit) + 1))[:length]


# The worst cases found so far, each as long as the limit allows.
WORST_CASES = {
    "open brackets": "[" * 9999,
    "balanced brackets": "[" * 5000 + "]" * 5000,
    "stars": "*" * 9999,
    "underscore runs": "_a" * 5000,
    "nested quotes": "> " * 5000,
    "nested quotes with text": "> " * 4999 + "x",
    "quotes without spaces": " >>" * 3333,
    "quote markers": ">" * 9999,
    "quote markers in a list": "- " + ">" * 9997 + "x",
    "quote markers in a list in a quote": _fit("> - " + ">" * 100 + "\n"),
    "nested bullets on one line": "- " * 4999 + "x",
    "nested numbers on one line": "1. " * 3333 + "x",
    "quotes in lists": "> - " * 2499 + "x",
    "indented lists": "".join("  " * depth + "- x\n" for depth in range(98)),
    "link chain": "[a](b)" * 1500,
    "link chain to the limit": _fit("[a](b)"),
    "open link destinations": _fit("[a]("),
    "links in links": "[" * 3000 + "a](b)" * 1000,
    "backticks": "`" * 9999,
    "alternating backticks": _fit("`a"),
    "less-than": "<" * 9999,
    "tag openers": _fit("<a"),
    "tags": _fit("<b>"),
    "autolinks": _fit("<http://a>"),
    "almost emails": _fit("<a@a-"),
    "almost schemes": _fit("<a:"),
    "escaped less-than": _fit("\\<"),
    "backslashes": "\\" * 9999 + "<",
    "image openers": "![" * 5000,
    "emphasis mix": _fit("*a_"),
    "emphasis and strong": _fit("**a*"),
    "nested emphasis": "*" * 4999 + "a" + "*" * 4999,
    "emphasis runs": _fit("*a"),
    "setext headings": _fit("a\n=\n"),
    "code fences": _fit("```\n"),
    "entities": _fit("&#"),
    "reference definitions": _fit("[a]: b\n"),
    "mixed": _fit("> - *[a](<b>)* `c` <d> ![e](f)\n"),
    "line breaks": _fit("a  \n"),
    "newlines": "\n" * 9999,
}


@contextmanager
def cpu_alarm(seconds: float) -> Iterator[None]:
    """Fail instead of hanging when the body uses more than ``seconds`` of CPU."""

    def fail(signum: int, frame: object) -> None:
        raise AssertionError(f"still rendering after {seconds} s of CPU")

    previous = signal.signal(signal.SIGPROF, fail)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


class _Structure(HTMLParser):
    """Every tag, attribute and the deepest nesting of a fragment of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.deepest = 0
        self.closed_badly = False
        self.comments = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)
            self.deepest = max(self.deepest, len(self.open))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.closed_badly = True

    def handle_comment(self, data: str) -> None:
        self.comments += 1


def assert_sanitized(html: str) -> _Structure:
    """Only allowed tags and attributes, links marked and safe, nesting capped."""
    structure = _Structure()
    structure.feed(html)
    structure.close()
    for tag, attributes in structure.tags:
        assert tag in ALLOWED_TAGS, tag
        assert set(attributes) <= ALLOWED_ATTRIBUTES.get(tag, set()), (tag, attributes)
        if tag == "a":
            assert attributes["rel"] == LINK_REL
            href = attributes.get("href") or ""
            scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", href)
            assert scheme is None or scheme[1].lower() in {"http", "https", "mailto"}, href
    assert not structure.open and not structure.closed_badly, "unbalanced tags"
    assert structure.comments == 0
    assert structure.deepest <= MAX_NESTING
    lowered = html.lower()
    assert "<script" not in lowered and "<style" not in lowered
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered)
    assert not re.search(r"<[^>]*\sstyle\s*=", lowered)
    return structure


@pytest.mark.parametrize("text", list(WORST_CASES.values()), ids=list(WORST_CASES))
def test_each_worst_case_renders_sanitized_html_and_text(text: str) -> None:
    assert len(text) <= DESCRIPTION_MAX
    with cpu_alarm(5):
        html = render_html(text)
        plain = html_to_text(html)
    assert_sanitized(html)
    # The calendar text shows what was typed, and no markup of ours leaks into it.
    assert plain.count("<") <= text.count("<")


def test_open_brackets_read_as_brackets() -> None:
    assert render_html("[" * 9999) == "<p>" + "[" * 9999 + "</p>"


def test_a_long_link_chain_keeps_every_link_and_marks_each() -> None:
    html = render_html("[a](https://x.example/b)" * 1500)
    assert html.count(f'<a href="https://x.example/b" rel="{LINK_REL}">a</a>') == 1500


def test_five_thousand_nested_quotes_stop_at_the_cap_and_keep_their_text() -> None:
    html = render_html("> " * 4999 + "deepest words")
    assert html.count("<blockquote>") == html.count("</blockquote>") == MAX_NESTING
    assert "deepest words" in html
    assert markdown_to_text("> " * 4999 + "deepest words") == "deepest words"


def test_ten_thousand_quote_markers_stop_at_the_cap() -> None:
    html = render_html(">" * 9998 + "x")
    closing = "</blockquote>\n" * MAX_NESTING
    assert html == "<blockquote>\n" * MAX_NESTING + "x\n" + closing.strip()


def test_deep_lists_stop_at_the_cap_and_keep_their_text() -> None:
    html = render_html("- " * 4999 + "last item")
    structure = assert_sanitized(html)
    assert structure.deepest == MAX_NESTING
    assert "last item" in html


def test_raw_html_is_shown_as_typed_never_interpreted() -> None:
    typed = '<script>alert("x")</script> <b onclick="x()">bold?</b> <div style="a">'
    html = render_html(typed)
    assert "<script" not in html and "<b" not in html and "<div" not in html
    assert markdown_to_text(typed) == typed
    assert render_html("x < y and <3") == "<p>x &lt; y and &lt;3</p>"


def test_a_pasted_html_block_keeps_its_text() -> None:
    assert markdown_to_text("<div>\nPasted from an email\n</div>") == (
        "<div>\nPasted from an email\n</div>"
    )


def test_autolinks_still_link() -> None:
    html = render_html("Write to <team@link-j.example> or see <https://link-j.example/p>.")
    assert f'<a href="mailto:team@link-j.example" rel="{LINK_REL}">team@link-j.example</a>' in (
        html
    )
    assert f'<a href="https://link-j.example/p" rel="{LINK_REL}">' in html


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("\\<b>", "<b>"),  # an escaped "<" reads as text
        ("\\\\<b>", "\\<b>"),  # an escaped backslash, then a "<" that is not HTML either
        ("`<b>`", "<b>"),  # code shows what was typed
        ("`\\<b>`", "\\<b>"),  # backslashes are literal in code
        ("\\\\\\<b>", "\\<b>"),  # three: a backslash, then an escaped "<"
        ("\\\\\\\\<b>", "\\\\<b>"),  # four: two backslashes
        ("a\\\\<https://x.example>", "a\\https://x.example"),  # then an autolink
        ("a\\<https://x.example>", "a<https://x.example>"),  # an escaped autolink is text
    ],
)
def test_backslashes_before_less_than_read_as_commonmark_says(typed: str, shown: str) -> None:
    assert markdown_to_text(typed) == shown


@pytest.mark.parametrize(
    "link", ["[x](javascript:alert(1))", "[x](vbscript:msgbox)", "[x](data:text/html,hi)"]
)
def test_unsafe_link_schemes_lose_their_address(link: str) -> None:
    html = render_html(link)
    assert_sanitized(html)
    assert "script:" not in html and "data:" not in html


def test_the_page_keeps_paragraphs_lists_emphasis_and_links() -> None:
    text = (
        "Join **Anna Berg** for *two* cities.\n\n- Tokyo\n- Copenhagen\n\n"
        "3. third\n4. fourth\n\n> Quoted.\n\n`code` and [Programme](https://x.example/p)"
    )
    assert render_html(text) == (
        "<p>Join <strong>Anna Berg</strong> for <em>two</em> cities.</p>\n"
        "<ul>\n<li>Tokyo</li>\n<li>Copenhagen</li>\n</ul>\n"
        '<ol start="3">\n<li>third</li>\n<li>fourth</li>\n</ol>\n'
        "<blockquote>\n<p>Quoted.</p>\n</blockquote>\n"
        f'<p><code>code</code> and <a href="https://x.example/p" rel="{LINK_REL}">'
        "Programme</a></p>"
    )


def test_headings_sit_below_the_pages_own_and_images_read_as_their_alt_text() -> None:
    html = render_html("# Programme\n\n## Day one\n\n#### Notes\n\n###### Small\n\n![Map](m.png)")
    assert html == (
        "<h3>Programme</h3>\n<h3>Day one</h3>\n<h4>Notes</h4>\n<h4>Small</h4>\n<p>Map</p>"
    )


def test_plain_text_keeps_bullets_numbers_and_link_addresses() -> None:
    text = (
        "Join **Anna Berg** for *two* cities.\n\n- Tokyo\n- Copenhagen\n  - Nørrebro\n\n"
        "2. second\n3. third\n\nLine one  \nline two\n\n[Programme](https://x.example/p?a=1&b=2) "
        "and <https://x.example/q> and <team@link-j.example>"
    )
    assert markdown_to_text(text) == (
        "Join Anna Berg for two cities.\n\n- Tokyo\n- Copenhagen\n  - Nørrebro\n\n"
        "2. second\n3. third\n\nLine one\nline two\n\n"
        "Programme (https://x.example/p?a=1&b=2) and https://x.example/q and team@link-j.example"
    )


def test_a_loose_list_reads_one_item_a_line() -> None:
    assert markdown_to_text("- one\n\n- two\n\n  more about two") == (
        "- one\n- two\n\nmore about two"
    )


def test_empty_and_blank_descriptions_render_nothing() -> None:
    assert render_html("") == render_html("  \n\n ") == ""
    assert html_to_text("") == ""


@pytest.mark.parametrize("odd", ["\ud800 lone surrogate", "\x00 nul", "\uffff noncharacter"])
def test_characters_cmark_cannot_take_are_replaced_not_fatal(odd: str) -> None:
    html = render_html(odd)
    assert_sanitized(html)
    assert odd.split(" ", 1)[1] in html


# Text made of what Markdown reacts to, so the examples exercise the parser's edges.
MARKDOWN_PIECES = st.sampled_from(
    [
        "[", "]", "(", ")", "!", "*", "_", "`", "<", ">", "\\", "-", "#", "=", "&", ":",
        '"', "'", " ", "  ", "\n", "\n\n", "|", "~", "+", "1.", "a", "é", "東京",
        "[a](b)", "<http://x>", "<a@b.c>", "> ", "- ", "    ", "&amp;", "&#", "<b>",
        "javascript:", "</", "<!--", "-->", "<script>", "\t",
    ]
)  # fmt: skip
MARKDOWN_TEXT = st.lists(MARKDOWN_PIECES, max_size=300).map("".join)
REPEATED_TEXT = st.builds(
    lambda unit, count: (unit * count)[:DESCRIPTION_MAX],
    MARKDOWN_TEXT.filter(bool),
    st.integers(min_value=1, max_value=DESCRIPTION_MAX),
)
ANY_TEXT = st.text(max_size=2000)


@settings(max_examples=150, deadline=None)
@given(st.one_of(MARKDOWN_TEXT, REPEATED_TEXT, ANY_TEXT))
def test_any_text_up_to_the_limit_renders_to_sanitized_html(text: str) -> None:
    with cpu_alarm(5):
        html = render_html(text)
        plain = html_to_text(html)
    assert_sanitized(html)
    assert isinstance(plain, str)


WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöåÆ日本語", min_size=1, max_size=12),
    min_size=1,
    max_size=40,
).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(WORDS)
def test_words_without_markup_read_back_as_written(text: str) -> None:
    assert markdown_to_text(text) == text
    assert render_html(text) == f"<p>{text}</p>"

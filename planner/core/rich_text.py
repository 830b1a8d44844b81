"""Markdown descriptions as sanitized HTML, and that HTML as plain text, in linear time.

A description is rendered once, when it is saved, and the HTML is stored beside the
text (see ``Event``); pages read the stored HTML, and calendars read it as plain text
(:func:`html_to_text`). Rendering must still be cheap for every text the forms accept:
one hostile description re-rendered on each view used to hold a worker for half a
minute ("[" * 9999 made Python-Markdown backtrack). So each step costs time in
proportion to the text (bench/bench_markdown.py times the worst cases):

1. Raw HTML is not Markdown we accept: every ``<`` that does not open an autolink
   (``<https://…>``, ``<name@example.org>``) is hidden behind a placeholder before
   parsing and comes back as ``&lt;``. What was typed is shown as typed, nothing is
   interpreted, and the parser never builds an HTML block.
2. cmark-gfm (GitHub's CommonMark parser, through ``cmarkgfm``) parses in linear time;
   it is tested against the pathological inputs of the CommonMark suite (nested
   brackets, emphasis runs, deep block quotes). Only the CommonMark core is used, not
   the GFM extensions.
3. Its output is regular (every tag it writes is closed, "<" and ">" escaped
   elsewhere), so nesting is capped at ``MAX_NESTING`` by counting tags: deeper
   markup is kept as its text. The sanitizer's cost grows with the square of the
   depth, and 10,000 nested block quotes fit in the length limit. Headings are
   moved to the two levels a description may use, images become their alt text.
4. nh3 (ammonia) then keeps only the tags below, ``http``/``https``/``mailto`` links,
   and marks links ``rel="noopener noreferrer nofollow"``.
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat
from operator import getitem

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

# Elements inside elements, counted from the description's top level. A real
# description needs a handful (a quote holding a list holding a link in bold).
MAX_NESTING = 16

# What a description may use; everything else (scripts, styles, event handlers,
# images from elsewhere) is removed by nh3 before the HTML reaches a page.
ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "ul",
        "ol",
        "li",
        "a",
        "code",
        "pre",
        "blockquote",
        "h3",
        "h4",
        "hr",
    }
)

# Noncharacters, never meaningful in a description: one stands in for a hidden "<",
# the other for a pair of backslashes while escaped "<" are found.
_PLACEHOLDER = "\uffff"
_BACKSLASH_PAIR = "\ufffe"
# A hidden "<" that opens an autolink comes back before parsing. Each candidate stops
# at the next "<" or ">", so checking every "<" of a text stays linear.
_AUTOLINK = re.compile(
    r"\uffff(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>\uffff]*>"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>)"
)
# How a tag cmark writes changes the depth, by its first two characters: a closing tag
# ("/p") ends an element, a void one ("br />", "hr />", "img …") none, any other opens
# one.
_TAG_KEY = slice(0, 2)
_STEPS = {"/" + letter: -1 for letter in "abcdefghijklmnopqrstuvwxyz"} | {
    "br": 0,
    "hr": 0,
    "im": 0,
}
# The tags cmark writes, for counting depth; it escapes "<" and ">" in text and in
# attribute values. Consecutive block quotes are one token: cmark nests them without
# limit (its lists stop at 100 levels), and ">" * 9999 is then two tokens, not 20,000.
_TOKEN = re.compile(r"((?:<blockquote>\n)+|(?:</blockquote>\n)+|<[^>]*>)")
_IMAGE = re.compile(r'<img src="[^"]*" alt="([^"]*)"[^>]*>')
# The page's own headings are h1 and h2; a description's "#" and "##" sit below them,
# and its smallest headings are h4 (cmark writes headings without attributes).
_HEADING_LEVELS = {"h1": "h3", "h2": "h3", "h5": "h4", "h6": "h4"}
_HREF = re.compile(r'\bhref="[^"]*"')

_SANITIZER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={"a": {"href", "title"}, "ol": {"start"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
)


def _hide_raw_html(text: str) -> str:
    """Replace every ``<`` that would start raw HTML by the placeholder.

    A "<" after an odd number of backslashes is escaped, and CommonMark shows it as
    text anyway: it stays (in code, where backslashes are literal, both show). Pairing
    backslashes from the left of each run, as ``str.replace`` does, finds those.
    """
    for noncharacter in (_PLACEHOLDER, _BACKSLASH_PAIR):
        text = text.replace(noncharacter, "\ufffd")
    text = text.replace("<", _PLACEHOLDER)
    if "\\" in text:
        text = text.replace("\\\\", _BACKSLASH_PAIR).replace("\\" + _PLACEHOLDER, "\\<")
        text = text.replace(_BACKSLASH_PAIR, "\\\\")
    return _AUTOLINK.sub("<", text)


def _restore_hidden(html: str) -> str:
    """Show each placeholder as the "<" it stood for (escaped, or percent-encoded in URLs)."""
    if "%EF%BF%BF" in html:  # a "<" inside a link's address, percent-encoded by cmark
        html = _HREF.sub(lambda match: match[0].replace("%EF%BF%BF", "%3C"), html)
    return html.replace(_PLACEHOLDER, "&lt;")


def _cap_nesting(html: str) -> str:
    """Drop the tags of elements nested deeper than ``MAX_NESTING``, keeping their text.

    cmark's output is well formed, so an element's depth is the running count of
    opening minus closing tags, and an element is kept exactly when its depth is at
    most ``MAX_NESTING`` (its ancestors, being shallower, are kept too). A run of
    identical tags counts as one token: of an opening run the first (shallowest) tags
    are kept, of a closing run as many, since its tags are alike.
    """
    pieces = html.split("<")[1:]  # one per tag: cmark's output starts with one
    if len(pieces) <= MAX_NESTING:
        return html  # too few elements to nest that deep
    # The depth after each tag, counted with C-level maps: a long text holds 5,000 tags.
    steps = map(_STEPS.get, map(getitem, pieces, repeat(_TAG_KEY)), repeat(1))
    if max(accumulate(steps)) <= MAX_NESTING:
        return html
    parts = _TOKEN.split(html)
    tokens = parts[1::2]
    steps = [
        -token.count("<") if token[1] == "/" else 0 if token[-2] == "/" else token.count("<")
        for token in tokens
    ]
    depths = list(accumulate(steps))  # after each token
    kept = [parts[0]]
    for token, step, after, text in zip(tokens, steps, depths, parts[2::2], strict=True):
        if step == 0:
            kept.append(token)  # a void element (<br />, <hr />) nests nothing
        else:
            # The run's elements are one per depth between "before" and "after".
            shallower = min(after, after - step)
            keep = max(0, min(abs(step), MAX_NESTING - shallower))
            kept.append(token[: len(token) // abs(step) * keep])
        kept.append(text)
    return "".join(kept)


def _tidy_elements(html: str) -> str:
    """Images as their alt text; headings at the two levels a description may use."""
    if "<img " in html:
        html = _IMAGE.sub(r"\1", html)
    for heading, level in _HEADING_LEVELS.items():
        html = html.replace(f"<{heading}>", f"<{level}>").replace(f"</{heading}>", f"</{level}>")
    return html


def render_html(text: str) -> str:
    """A Markdown description as sanitized HTML (empty text gives "")."""
    if not text or not text.strip():
        return ""
    # A lone surrogate (possible in JSON) cannot be encoded for cmark: it reads "?".
    source = _hide_raw_html(text).encode("utf-8", "replace").decode("utf-8")
    # Not CMARK_OPT_UNSAFE: raw HTML (there is none left) and javascript: links are
    # dropped by cmark too, before nh3 looks.
    html = cmarkgfm.cmark.markdown_to_html(source, options=Options.CMARK_OPT_VALIDATE_UTF8)
    return _SANITIZER.clean(_restore_hidden(_tidy_elements(_cap_nesting(html)))).strip()


# The sanitizer's output, read back for plain text. Its attribute values are quoted and
# may hold ">" (never '"'); its text escapes "<", ">" and "&".
_ATTRIBUTES = r'(?:[^>"]|"[^"]*")*'
_LINK = re.compile(rf"<a({_ATTRIBUTES})>(.*?)</a>", re.DOTALL)
# The usual links, rewritten without a Python call each (1,500 fit in a description):
# an autolink reads as its address, a plain named link as "text (address)".
_AUTOLINK_ELEMENT = re.compile(r'<a href="(?:mailto:)?([^"]*)" rel="[^"]*">\1</a>')
_NAMED_LINK = re.compile(r'<a href="([^"]+)" rel="[^"]*">([^<]*)</a>')
_LINK_HREF = re.compile(r'\bhref="([^"]*)"')
# A list tag with the whitespace before it (the line breaks between items); the
# look-behind starts a match only at the beginning of a run of whitespace.
_LIST_TAG = re.compile(r"(?<!\s)\s*<(/?)(ul|ol|li)((?: start=\"\d+\")?)>")
# A loose list's items hold paragraphs; the item's line is its first paragraph.
_ITEM_OPENING_PARAGRAPH = re.compile(r"<li>\s*<p>")
_ITEM_CLOSING_PARAGRAPH = re.compile(r"</p>\s*</li>")
_BLOCK_TAG = re.compile(r"</?(?:p|pre|blockquote|h3|h4)>|<hr>")
_LINE_BREAK = re.compile(r"<br>\n?")
_ANY_TAG = re.compile(rf"<{_ATTRIBUTES}>")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"(?<![ \t\xa0])[ \t\xa0]+$", re.MULTILINE)
# The only entities the sanitizer writes; "&amp;" last, so "&amp;lt;" reads "&lt;".
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&nbsp;", "\xa0"), ("&amp;", "&"))


def _unescape(text: str) -> str:
    """Undo the sanitizer's escaping (``html.unescape`` calls Python once per entity)."""
    for entity, character in _ENTITIES:
        text = text.replace(entity, character)
    return text


def _link_text(match: re.Match[str]) -> str:
    """A link as "text (url)", or only the text when it is the address itself."""
    attributes, inner = match.groups()
    href = _LINK_HREF.search(attributes)
    shown = _unescape(_ANY_TAG.sub("", inner))
    address = _unescape(href[1]) if href else ""
    if not address or shown in (address, address.removeprefix("mailto:")):
        return inner
    # Escaped again: the address joins the text, which is unescaped once at the end.
    return f"{inner} ({address.replace('&', '&amp;').replace('<', '&lt;')})"


def _lists_as_text(html: str) -> str:
    """Each list item on its own line, "- " or "1. ", nested lists indented."""
    counters: list[int] = []  # one per open list: the last number, or -1 for bullets

    def replace(match: re.Match[str]) -> str:
        closing, tag, start = match.groups()
        if tag == "li":
            if closing:
                return ""
            if counters and counters[-1] >= 0:
                counters[-1] += 1
            bullet = f"{counters[-1]}. " if counters and counters[-1] >= 0 else "- "
            return "\n" + "  " * max(len(counters) - 1, 0) + bullet
        if closing:
            if counters:
                counters.pop()
            return "" if counters else "\n\n"  # a nested list ends inside its item
        first = int(start[8:-1]) - 1 if start and len(start) < 20 else 0
        counters.append(first if tag == "ol" else -1)
        return "" if len(counters) > 1 else "\n\n"

    return _LIST_TAG.sub(replace, html)


def html_to_text(html: str) -> str:
    """Sanitized description HTML (from :func:`render_html`) as plain text.

    For calendar files and calendar links: ``**bold**`` reads ``bold``, lists keep
    their bullets (and numbers), a link reads "text (url)". The HTML is the
    sanitizer's own output, so regular expressions read it exactly, and each pass
    is linear (this runs whenever a calendar file or link is built).
    """
    if not html:
        return ""
    text = _NAMED_LINK.sub(r"\2 (\1)", _AUTOLINK_ELEMENT.sub(r"\1", html))
    text = _LINK.sub(_link_text, text)
    text = _ITEM_CLOSING_PARAGRAPH.sub("</li>", _ITEM_OPENING_PARAGRAPH.sub("<li>", text))
    text = _lists_as_text(text)
    text = _LINE_BREAK.sub("\n", _BLOCK_TAG.sub("\n\n", text))
    text = _unescape(_ANY_TAG.sub("", text))
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def markdown_to_text(text: str) -> str:
    """A Markdown description as plain text: :func:`render_html`, then :func:`html_to_text`."""
    return html_to_text(render_html(text))

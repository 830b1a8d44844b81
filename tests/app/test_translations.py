"""The Japanese catalog is complete: every interface string in the code is translated."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "planner" / "translations" / "ja" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalog() -> dict[str, str]:
    """Each msgid and its translation; a plural's forms each map to the one Japanese form."""
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    found = {}
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # Japanese has a single plural form
            for form in message.id:
                found[form] = message.string[0] if message.string else ""
        else:
            found[message.id] = message.string
    return found


def _source_messages() -> set[str]:
    method_map = [
        ("planner/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map=method_map,
        keywords={"_": None, "_l": None, "gettext": None, "ngettext": (1, 2)},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_interface_string_has_a_japanese_translation() -> None:
    catalog = _catalog()
    untranslated = sorted(m for m in _source_messages() if not catalog.get(m))
    assert untranslated == [], "run `make messages` and translate: " + "; ".join(untranslated)


def test_translations_keep_every_placeholder() -> None:
    for source, translated in _catalog().items():
        if translated:
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translated)), (
                source
            )


def test_translations_are_japanese_not_copies_of_the_english() -> None:
    copies = [
        source
        for source, translated in _catalog().items()
        if translated == source and re.search(r"[a-z]{4}", source)
    ]
    assert copies == []

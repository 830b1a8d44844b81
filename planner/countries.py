"""Countries: the ISO 3166-1 alpha-2 codes we store, and their names in the reader's language.

Registrations store a code (``DK``); people choose from names in their language
(Babel's CLDR territory names), sorted for that language. The API takes codes and
refuses anything that is not one.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale
from wtforms.fields.choices import SelectChoice

from planner.labels import NOT_GIVEN

# CLDR territories with two-letter codes that are not ISO 3166-1 countries: groupings
# (EU, UN...), placeholders and pseudo-locales, and the exceptionally reserved codes.
_NOT_COUNTRIES = frozenset(
    {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "AC", "CP", "DG", "EA", "IC", "TA"}
)
# The countries of the co-hosting partners, offered first so they are one step away.
PARTNER_COUNTRIES = ("JP", "DK", "SE")


@cache
def country_codes() -> frozenset[str]:
    """Every code a registration may store (XK, Kosovo, included as CLDR has it)."""
    return frozenset(
        code
        for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


def _sort_key(name: str) -> str:
    """Accents do not move a name to the end: "Åland" sorts with "A"."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold() or name


def country_name(code: str, locale: str) -> str:
    """The country's name in ``locale`` ("デンマーク"), or the code when unknown."""
    return Locale.parse(locale).territories.get(code, code)


@cache
def _sorted_names(locale: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale).territories
    pairs = [(code, names.get(code, code)) for code in country_codes()]
    # English sorts without accents; Japanese by its kana (names in kanji follow them,
    # as CLDR has no readings; the partner countries are offered first anyway).
    key = (lambda pair: pair[1]) if locale == "ja" else (lambda pair: _sort_key(pair[1]))
    return tuple(sorted(pairs, key=key))


def country_choices(locale: str) -> list[SelectChoice]:
    """The country menu in ``locale``: not given, the partners' countries, then the rest."""
    names = dict(_sorted_names(locale))
    partners = [SelectChoice(code, names[code]) for code in PARTNER_COUNTRIES]
    others = [
        SelectChoice(code, name)
        for code, name in _sorted_names(locale)
        if code not in PARTNER_COUNTRIES
    ]
    return [SelectChoice("", NOT_GIVEN), *partners, *others]

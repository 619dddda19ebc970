"""Numbers and money in the visitor's language, from Babel's CLDR data. Korean and English happen to group
digits alike; keeping the choice here is what lets a city add a language that does not."""

from __future__ import annotations

from babel.numbers import format_currency, format_decimal
from django.utils.translation import get_language


def locale_name() -> str:
    return "ko_KR" if (get_language() or "ko").startswith("ko") else "en_US"


def number(value) -> str:
    return format_decimal(value, locale=locale_name())


def money(value, currency: str = "KRW") -> str:
    return format_currency(value, currency, locale=locale_name())

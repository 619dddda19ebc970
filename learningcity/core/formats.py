"""Numbers and money in the visitor's language, from Babel's CLDR data. Korean and English happen to group
digits alike; Vietnamese, German or French do not, which is why the locale follows the request's language."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils.translation import get_language, to_locale


def locale_name() -> str:
    """The CLDR locale of the current language (ko, en, vi, zh_Hans…); English when CLDR has none."""
    name = to_locale(get_language() or settings.LANGUAGE_CODE)
    try:
        return str(Locale.parse(name))
    except (UnknownLocaleError, ValueError):
        return "en"


def number(value) -> str:
    return format_decimal(value, locale=locale_name())


def money(value, currency: str = "KRW") -> str:
    return format_currency(value, currency, locale=locale_name())

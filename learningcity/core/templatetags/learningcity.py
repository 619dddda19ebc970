"""Template helpers shared by every app."""

from __future__ import annotations

import json

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from learningcity.core import formats

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(value) -> str:
    """A JSON-LD data block. Escaped like json_script so text in it can never close the script element."""
    if not value:
        return ""
    text = json.dumps(value, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.filter
def local_name(obj) -> str:
    """An object's name in the current language (objects with a name(language) method, or name_ko/name_en)."""
    if obj is None:
        return ""
    if hasattr(obj, "name") and callable(obj.name):
        return obj.name(get_language())
    return getattr(obj, "name_ko" if (get_language() or "ko").startswith("ko") else "name_en", str(obj))


@register.filter
def won(value) -> str:
    """Money in the city's currency, formatted for the current language."""
    try:
        return formats.money(float(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def number(value) -> str:
    try:
        return formats.number(value)
    except (TypeError, ValueError):
        return escape(value)


@register.simple_tag
def query_with(query: str, **params) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    from django.http import QueryDict

    q = QueryDict(query, mutable=True)
    for key, value in params.items():
        q[key] = value
    return q.urlencode()

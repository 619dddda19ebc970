"""Cleaning imported text: HTML becomes plain text, so nothing a source sends can reach a page as markup.

Pages escape everything anyway (Django autoescaping, JSON-LD escaped for script blocks); this is the second
line of defence and keeps the catalogue plain: paragraphs and line breaks become newlines, script and style
contents are dropped, entities are decoded once.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section"}
_DROP = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
_TAG = re.compile(r"</?[a-zA-Z!][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _DROP:
            self.dropping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _DROP:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.dropping:
            self.parts.append(data)


def has_markup(value: str) -> bool:
    return bool(_TAG.search(value or ""))


def plain_text(value: str | None, *, multiline: bool = True, _depth: int = 0) -> str:
    """`value` without HTML: tags removed (script/style with their content), entities decoded, spaces tidied."""
    if not value:
        return ""
    text = value
    if has_markup(text):
        parser = _Text()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
        # A second pass: decoded entities such as "&lt;script&gt;" are now text that looks like a tag. It stays
        # text (pages escape it), but we do not keep tag-like text in a catalogue field either.
        if _depth == 0 and has_markup(text):
            return plain_text(text, multiline=multiline, _depth=1)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    if not multiline:
        return re.sub(r"\s+", " ", text).strip()
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def clean_field(value: str | None, *, field: str, multiline: bool = False, note=None, max_length: int | None = None) -> str:
    """plain_text plus a note (via `note(field, message)`) when markup was removed or the text was cut."""
    text = plain_text(value, multiline=multiline)
    if note and value and has_markup(value):
        note(field, "HTML markup removed; imported as plain text")
    if max_length and len(text) > max_length:
        if note:
            note(field, f"cut to {max_length} characters (was {len(text)})")
        text = text[: max_length - 1].rstrip() + "…"
    return text

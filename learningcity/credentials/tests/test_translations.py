"""Korean is complete: every string of the credentials app has a translation, none fuzzy, placeholders kept."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[1] / "locale" / "ko" / "LC_MESSAGES" / "django.po"


def test_every_string_is_translated():
    catalogue = read_po(PO.open("rb"), locale="ko")
    missing = [m.id for m in catalogue if m.id and (not m.string or not all(m.string if isinstance(m.string, tuple)
                                                                           else [m.string]))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not missing and not fuzzy, (missing, fuzzy)


def test_placeholders_survive_translation():
    import re

    catalogue = read_po(PO.open("rb"), locale="ko")
    for m in catalogue:
        if not m.id or isinstance(m.id, tuple):
            continue
        assert set(re.findall(r"%\(\w+\)s", m.id)) == set(re.findall(r"%\(\w+\)s", m.string)), m.id

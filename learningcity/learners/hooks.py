"""How other apps contribute to a person's passport, their "everything stored about me" download and account
erasure, without learners importing them.

    # in another app's AppConfig.ready() (credentials does this):
    from learningcity.learners import hooks
    hooks.register_passport_section("credentials", passport_section)   # fn(user) -> PassportSection | None
    hooks.register_personal_data("credentials", personal_data)         # fn(user) -> dict (JSON-serialisable)
    hooks.register_eraser("credentials", erase)                        # fn(user) -> None, inside the erasure

Sections appear on the passport page, in its print view, its JSON export and its timeline. Erasers run inside
the erasure's transaction, before the account is deleted: if one fails, nothing is erased.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

logger = logging.getLogger("learningcity.learners")


@dataclass
class PassportItem:
    title: str
    date: datetime.date | None
    kind: str  # "enrolment", "completion", "self-reported", "credential", "statement", ...
    detail: str = ""
    url: str = ""
    hours: float = 0.0
    setting: str = ""  # catalogue.vocab.Setting code, when known
    isced_field: str = ""  # ISCED-F 2013 broad field code, when known
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class PassportSection:
    key: str
    title: str
    items: list[PassportItem]
    counts_hours: bool = True  # whether the items' hours add to the passport's totals


PassportSectionFn = Callable[[Any], "PassportSection | None"]

_sections: dict[str, PassportSectionFn] = {}
_personal_data: dict[str, Callable[[Any], dict[str, Any]]] = {}
_erasers: dict[str, Callable[[Any], None]] = {}


def register_passport_section(key: str, fn: PassportSectionFn) -> None:
    _sections[key] = fn


def register_personal_data(key: str, fn: Callable[[Any], dict[str, Any]]) -> None:
    _personal_data[key] = fn


def register_eraser(key: str, fn: Callable[[Any], None]) -> None:
    _erasers[key] = fn


def passport_sections(user) -> list[PassportSection]:
    sections = []
    for key, fn in sorted(_sections.items()):
        section = fn(user)
        if section is not None and section.items:
            sections.append(section)
    return sections


def personal_data(user) -> dict[str, Any]:
    return {key: fn(user) for key, fn in sorted(_personal_data.items())}


def run_erasers(user) -> list[str]:
    """Call every registered eraser (inside the caller's transaction); returns their keys."""
    for key, fn in sorted(_erasers.items()):
        fn(user)
    return sorted(_erasers)

"""ESCO skills (data/esco_skills.csv.gz, © European Union): look-up and search for achievement alignment."""

from __future__ import annotations

import csv
import gzip
import io
from functools import lru_cache
from pathlib import Path

ESCO_FILE = Path(__file__).resolve().parent / "data" / "esco_skills.csv.gz"
SKILL_PREFIX = "http://data.europa.eu/esco/skill/"


@lru_cache(maxsize=1)
def skills() -> dict[str, str]:
    """ESCO URI → description (loaded once per process, ~14k rows)."""
    with gzip.open(ESCO_FILE, "rt", encoding="utf-8") as fh:
        return {row["id"]: row["description"] for row in csv.DictReader(io.TextIOWrapper(fh.buffer, "utf-8"))
                if row.get("id", "").startswith(SKILL_PREFIX)}


def skill_label(uri: str) -> str | None:
    """A short label: the description's first words up to where the first word comes back (the alternative
    labels usually start again with the same verb), at most six words."""
    description = skills().get(uri)
    if description is None:
        return None
    words = description.split()
    stem = words[0][:-1] if words[0].endswith("e") else words[0]
    for n in range(2, min(7, len(words))):
        if words[n] == words[0] or (words[n].startswith(stem) and words[n].endswith("ing")):
            return " ".join(words[:n])
    return " ".join(words[:4]) + ("…" if len(words) > 4 else "")


def skill_search(query: str, *, limit: int = 20) -> list[tuple[str, str, str]]:
    """(uri, label, description) of skills whose description holds every word of `query`."""
    terms = [t.lower() for t in query.split() if t.strip()]
    if not terms:
        return []
    out = []
    for uri, description in skills().items():
        text = description.lower()
        if all(t in text for t in terms):
            out.append((uri, skill_label(uri) or uri, description))
            if len(out) >= limit:
                break
    return out


def unknown_skills(uris: list[str]) -> list[str]:
    known = skills()
    return [u for u in uris if u not in known]

"""What a load or import did, row by row: the report every loader and importer ends with.

A rejected row names its file, line (or item), field and reason, so a person can fix the source. Notes are
rows that were used but adjusted (a messy district name cleaned, a missing coordinate placed at the district
centre); they are reported, never silent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class RowIssue:
    file: str
    line: int | str
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where} [{self.field}] {self.reason}" if self.field else f"{where} {self.reason}"


@dataclass
class Report:
    title: str
    counts: Counter = field(default_factory=Counter)
    rejected: list[RowIssue] = field(default_factory=list)
    notes: list[RowIssue] = field(default_factory=list)

    def count(self, outcome: str, n: int = 1) -> None:
        self.counts[outcome] += n

    def reject(self, file: str, line: int | str, field_name: str, reason: str) -> None:
        self.rejected.append(RowIssue(file, line, field_name, reason))
        self.counts["rejected"] += 1

    def note(self, file: str, line: int | str, field_name: str, reason: str) -> None:
        self.notes.append(RowIssue(file, line, field_name, reason))

    def merge(self, other: "Report") -> None:
        self.counts.update(other.counts)
        self.rejected.extend(other.rejected)
        self.notes.extend(other.notes)

    def summary(self) -> str:
        parts = [f"{k} {v:,}" for k, v in sorted(self.counts.items())]
        return f"{self.title}: " + (", ".join(parts) if parts else "nothing to do")

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "counts": dict(self.counts),
            "rejected": [vars(r) for r in self.rejected],
            "notes": [vars(n) for n in self.notes],
        }

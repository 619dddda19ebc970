"""What a load or import did, row by row: the report every loader and importer ends with.

A rejected row names its file, line (or item), field and reason, so a person can fix the source. Notes are
rows that were used but adjusted (a messy district name cleaned, a missing coordinate placed at the district
centre); they are reported, never silent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


class LoadError(Exception):
    """A file the loader cannot use at all (wrong columns, wrong encoding, cut short). The load stops and,
    being one transaction, leaves nothing behind; the message says which file and what to do."""

    def __init__(self, file: str, line: int | str, reason: str):
        self.file, self.line, self.reason = file, line, reason
        super().__init__(f"{file}:{line}: {reason}")


def read_csv(path, *, required: tuple[str, ...], encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    """Rows of a CSV file as dicts, or a LoadError naming the file when it cannot be read as the expected one."""
    import csv

    try:
        with open(path, encoding=encoding, newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise LoadError(path.name, 1, f"missing column(s) {', '.join(missing)}; is this the right file?")
            rows = []
            for row in reader:
                if None in row or any(row.get(c) is None for c in required):
                    raise LoadError(path.name, reader.line_num, "the row does not have the header's columns; "
                                    "the file may be cut short or corrupted")
                rows.append(row)
            return rows
    except UnicodeDecodeError as exc:
        raise LoadError(path.name, "?", f"not {encoding} text ({exc.reason}); save it as UTF-8") from exc
    except FileNotFoundError as exc:
        raise LoadError(str(path), "-", "file not found") from exc


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

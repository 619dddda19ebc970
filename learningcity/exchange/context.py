"""What an importer gets to work with: the report, options, and the two atomic helpers.

- `ctx.unit()`: one all-or-nothing unit (a file, or one page of a feed). It commits only when no row in it
  was rejected (unless `skip_invalid`), and never on a dry run.
- `ctx.row(file, line)`: one row inside a unit, in a savepoint. A `ValidationError` from a service, a
  `RowRejected` from the importer, or a value that cannot be read rejects the row with file, line, field and
  reason; whatever the row had written is undone.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from decimal import InvalidOperation
from typing import Any, Iterator

from django.core.exceptions import ValidationError
from django.db import transaction

from learningcity.core.permissions import Actor
from learningcity.core.problems import field_errors
from learningcity.core.reports import Report
from learningcity.exchange.sources import DEFAULT_MAX_BYTES


class RowRejected(Exception):
    def __init__(self, field_name: str, reason: str):
        super().__init__(reason)
        self.field, self.reason = field_name, reason


class _Rollback(Exception):
    def __init__(self, outcome: str):
        self.outcome = outcome


@dataclass
class ImportReport(Report):
    """A `core.reports.Report` with how the import ended (`outcome`, see `ImportRun.Outcome`) and why."""

    outcome: str = ""
    message: str = ""
    import_run_id: int | None = None

    def total(self, suffix: str) -> int:
        return sum(n for key, n in self.counts.items() if key.endswith(" " + suffix))

    def as_dict(self) -> dict:
        return super().as_dict() | {"outcome": self.outcome, "message": self.message}


@dataclass
class ImportContext:
    report: ImportReport
    provider: Any = None
    by: Actor = None
    dry_run: bool = False
    skip_invalid: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    progress: Any = lambda *a: None
    options: dict = field(default_factory=dict)
    units_committed: int = 0
    units_rolled_back: int = 0
    last_outcome: str = ""
    on_rollback: list = field(default_factory=list)  # caches to clear when a unit is undone
    providers_seen: dict = field(default_factory=dict)  # pk → Provider, for importers that find the provider

    def record_provider(self) -> Any:
        """The provider an import run belongs to: the one given, or the only one the file named."""
        if self.provider is not None:
            return self.provider
        if len(self.providers_seen) != 1:
            return None
        # A provider first made by a row that was later rolled back does not exist any more.
        from learningcity.catalogue.models import Provider

        return Provider.objects.filter(pk=next(iter(self.providers_seen))).first()

    @contextlib.contextmanager
    def unit(self) -> Iterator[None]:
        from learningcity.exchange.models import ImportRun

        mark = len(self.report.rejected)
        try:
            with transaction.atomic():
                yield
                if len(self.report.rejected) > mark and not self.skip_invalid:
                    raise _Rollback(ImportRun.Outcome.ROLLED_BACK)
                if self.dry_run:
                    raise _Rollback(ImportRun.Outcome.DRY_RUN)
        except _Rollback as stop:
            self.units_rolled_back += 1
            self.last_outcome = stop.outcome
            self._forget()
            return
        except BaseException:
            self._forget()
            raise
        self.units_committed += 1
        self.last_outcome = (ImportRun.Outcome.SAVED_PARTLY if len(self.report.rejected) > mark
                             else ImportRun.Outcome.SAVED)

    @contextlib.contextmanager
    def row(self, file: str, line: int | str) -> Iterator[None]:
        try:
            with transaction.atomic():  # a savepoint: a bad row leaves nothing behind
                yield
        except RowRejected as exc:
            self._forget()
            self.report.reject(file, line, exc.field, exc.reason)
        except ValidationError as exc:
            self._forget()
            for error in field_errors(exc):
                self.report.reject(file, line, error["field"], error["message"])
        except (ValueError, InvalidOperation, OverflowError) as exc:
            self._forget()
            self.report.reject(file, line, "", f"could not read the row: {exc}")

    def note(self, file: str, line: int | str, field_name: str, reason: str) -> None:
        self.report.note(file, line, field_name, reason)

    def _forget(self) -> None:
        for cache in self.on_rollback:
            cache.clear()

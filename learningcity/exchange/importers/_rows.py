"""Reading cells: CSV rows with their columns checked, and dates, times and amounts with errors that name the
column and say what was expected (a row with an impossible date is rejected, never guessed)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from learningcity.exchange.context import RowRejected
from learningcity.exchange.sources import SourceError

csv.field_size_limit(1024 * 1024)  # one cell up to 1 MB; larger cells are an error, not a hang


def csv_rows(text: str, name: str, required: tuple[str, ...], *, hint: str = "") -> list[tuple[int, dict[str, str]]]:
    """(line, row) pairs, rows as dicts of stripped strings, `line` the file line where the row starts (a
    quoted cell may span lines). Blank rows are skipped. Missing header columns fail the whole file."""
    first_line = text.split("\n", 1)[0]
    # The header decides the delimiter (Excel in some locales writes ";", "Unicode text" uses tabs).
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise SourceError(f"{name} is empty: it has no header row and no data.")
    except csv.Error as exc:
        raise SourceError(f"{name}: not a readable CSV file ({exc}).")
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceError(
            f"{name}: required column(s) missing: {', '.join(missing)}"
            + (f"; {hint}" if hint else "") + f" Found: {', '.join(h for h in header if h)[:300]}."
        )
    rows = []
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(c.strip() for c in cells):
                continue
            cells = cells + [""] * (len(header) - len(cells))
            rows.append((line, {h: c.strip() for h, c in zip(header, cells) if h}))
    except csv.Error as exc:
        raise SourceError(f"{name}, line {reader.line_num}: broken CSV ({exc}). Check quotes in that line.")
    if not rows:
        raise SourceError(f"{name} has a header but no data rows.")
    return rows


_DATE_FORMATS = ("%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y%m%d")


def parse_date(value: str | None, column: str) -> datetime.date | None:
    value = (value or "").strip().rstrip(".")
    if not value:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}", value):
        raise RowRejected(column, f"impossible date {value!r}: that day does not exist")
    raise RowRejected(column, f"unreadable date {value!r}: write it as YYYY-MM-DD")


def parse_time(value: str | None, column: str) -> datetime.time | None:
    value = (value or "").strip()
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?", value)
    if not match:
        raise RowRejected(column, f"unreadable time {value!r}: write it as HH:MM (24-hour clock)")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour == 24 and minute == 0:
        return datetime.time(23, 59)
    if hour > 23 or minute > 59:
        raise RowRejected(column, f"impossible time {value!r}")
    return datetime.time(hour, minute)


def parse_amount(value: str | None, column: str) -> Decimal:
    value = (value or "").strip().replace(",", "").replace("원", "").replace("₩", "")
    if not value:
        return Decimal(0)
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise RowRejected(column, f"not an amount: {value!r} (digits only, e.g. 30000)")
    if amount < 0 or not amount.is_finite():
        raise RowRejected(column, f"an amount cannot be negative: {value!r}")
    return amount


def parse_int(value: str | None, column: str, *, low: int = 0, high: int = 1_000_000) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"-?\d+", value):
        raise RowRejected(column, f"not a whole number: {value!r}")
    number = int(value)
    if not low <= number <= high:
        raise RowRejected(column, f"{number} is outside {low}–{high}")
    return number


TRUE = {"y", "yes", "true", "1", "예", "네", "o"}
FALSE = {"n", "no", "false", "0", "아니오", "아니요", "x", ""}


def parse_bool(value: str | None, column: str) -> bool:
    value = (value or "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise RowRejected(column, f"expected Y or N, got {value!r}")


def parse_list(value: str | None) -> list[str]:
    return [part.strip() for part in re.split(r"[;|,]", value or "") if part.strip()]

"""What a run offers, worked out from its catalogue fields: its seats and its hours of learning."""

from __future__ import annotations

import datetime

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def parse_time(value) -> datetime.time | None:
    if value is None or isinstance(value, datetime.time):
        return value
    return datetime.time.fromisoformat(str(value))


def run_seats(capacity: int | None, venue_capacity: int | None) -> int:
    """Seats a run offers: its own capacity; if it has none ("no limit"), its venue's seats; else 0 (unknown)."""
    if capacity:
        return int(capacity)
    return int(venue_capacity or 0)


def run_hours(*, start: datetime.date, end: datetime.date, start_time: datetime.time | None,
              end_time: datetime.time | None, weekdays: list[str]) -> float:
    """Hours of learning a run offers: session length × number of sessions (its weekdays between start and end,
    every day when none are listed), the same rule as `OpportunityRun.total_hours` but counted arithmetically."""
    if not (start_time and end_time) or end < start:
        return 0.0
    length = (datetime.datetime.combine(start, end_time) - datetime.datetime.combine(start, start_time))
    hours = max(length.total_seconds() / 3600, 0.0)
    days = {WEEKDAYS.index(d) for d in weekdays if d in WEEKDAYS}
    span = (end - start).days + 1
    if not days:
        sessions = span
    else:
        full_weeks, rest = divmod(span, 7)
        sessions = full_weeks * len(days)
        first = start.weekday()
        sessions += sum(1 for i in range(rest) if (first + i) % 7 in days)
    return round(hours * min(sessions, 1000), 2)

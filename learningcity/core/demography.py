"""Age bands and their arithmetic. Population is counted in 5-year bands ("0-4" … "95-99", "100+")."""

from __future__ import annotations

import datetime

AGE_BANDS: tuple[str, ...] = tuple(f"{a}-{a + 4}" for a in range(0, 100, 5)) + ("100+",)

# Life stages the pages use to browse and summarise: (key, first age, last age or None).
LIFE_STAGES: tuple[tuple[str, int, int | None], ...] = (
    ("children", 0, 12),
    ("youth", 13, 24),
    ("adults", 25, 64),
    ("older", 65, None),
)


def band_bounds(band: str) -> tuple[int, int | None]:
    if band.endswith("+"):
        return int(band[:-1]), None
    low, high = band.split("-")
    return int(low), int(high)


def band_of_age(age: int) -> str:
    if age < 0:
        raise ValueError("age cannot be negative")
    return "100+" if age >= 100 else AGE_BANDS[age // 5]


def age_from_birth_year(birth_year: int, today: datetime.date | None = None) -> int:
    """Age reached this year (the platform stores birth year only, so this is the age at year end)."""
    return (today or datetime.date.today()).year - birth_year


def bands_overlapping(age_min: int | None, age_max: int | None) -> list[str]:
    """Bands that share at least one year with [age_min, age_max] (None = unbounded)."""
    low = age_min if age_min is not None else 0
    high = age_max if age_max is not None else 10_000
    out = []
    for band in AGE_BANDS:
        b_low, b_high = band_bounds(band)
        if b_low <= high and (b_high is None or b_high >= low):
            out.append(band)
    return out

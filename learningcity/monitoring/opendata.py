"""The open-data table: aggregates by area × age band × sex with small-cell suppression.

Counts of people (and of their enrolments and records) go through `suppression.suppress` metric by metric.
A rate is published only when every count it is computed from is published: with public population
denominators, a published rate would otherwise give its suppressed numerator back. Population and supply
(counts of courses and seats, not people) are published as they are.
"""

from __future__ import annotations

from learningcity.core.demography import AGE_BANDS
from learningcity.monitoring.indicators.common import ALL, RATES, SEXES, Cube
from learningcity.monitoring.suppression import suppress

PERSON_COUNTS = ("learners", "enrolments", "completed", "finished", "records", "records_formal",
                 "records_non_formal", "records_informal", "completed_learning", "recognised", "active_learners")
PUBLIC_COUNTS = ("population", "opportunities", "runs", "seats", "seat_hours", "venues")
PUBLIC_RATES = [r for r, n, d, _ in RATES if n not in PERSON_COUNTS and d not in PERSON_COUNTS]
PERSON_RATES = [(r, n, d) for r, n, d, _ in RATES if n in PERSON_COUNTS or d in PERSON_COUNTS]


def open_rows(cube: Cube, *, city_code: str, district_codes: list[str], k: int) -> dict:
    areas = [*district_codes, city_code]
    bands = [*AGE_BANDS, ALL]
    sexes = [*SEXES, ALL]
    dims = (areas, bands, sexes)
    totals = (city_code, ALL, ALL)
    hidden: dict[str, set] = {}
    for metric in PERSON_COUNTS:
        values = {(a, b, s): int(cube.get((a, b, s), {}).get(metric) or 0)
                  for a in areas for b in bands for s in sexes}
        hidden[metric] = suppress(values, dims=dims, totals=totals, k=k)
    rows = []
    for a in areas:
        for b in bands:
            for s in sexes:
                metrics = cube.get((a, b, s), {})
                row: dict = {"area": a, "age_band": b, "sex": s}
                for m in PUBLIC_COUNTS:
                    if m in metrics:
                        row[m] = metrics[m]
                for m in PUBLIC_RATES:
                    if metrics.get(m) is not None:
                        row[m] = metrics[m]
                suppressed = []
                for m in PERSON_COUNTS:
                    if (a, b, s) in hidden[m]:
                        row[m] = None
                        suppressed.append(m)
                    else:
                        row[m] = int(metrics.get(m) or 0)
                for rate, numerator, denominator in PERSON_RATES:
                    inputs_hidden = any(x in PERSON_COUNTS and (a, b, s) in hidden[x] for x in (numerator, denominator))
                    row[rate] = None if inputs_hidden else metrics.get(rate)
                    if inputs_hidden:
                        suppressed.append(rate)
                row["suppressed"] = suppressed
                rows.append(row)
    return {"k": k, "rows": rows,
            "suppressed_cells": {m: len(cells) for m, cells in hidden.items()}}

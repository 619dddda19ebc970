"""Participation, completion, the learning mix, recognition and recorded activity: person-level sources.

All are **administrative** figures from platform records of consenting learners, never survey rates.
A learner belongs to their home district and to the age band of the age they reach in the reference year
(the platform keeps birth year only); rows without a city district, birth year or sex are left out of the
cube (and counted in the snapshot's input counts).

In the 12-month window [reference − 1 year + 1 day, reference]:
- enrolments: enrolments made in the window whose status shows the person took part
  (`COUNTED`: enrolled, completed, not_completed, withdrawn; waiting lists and cancellations are not
  participation). The learners app records a person who leaves a run as `cancelled` whenever they leave, so
  today no enrolment arrives as `withdrawn`: someone who drops out mid-run counts as not participating;
- learners: distinct learners with at least one such enrolment;
- participation_rate = learners / population × 100; enrolments_per_1000 = enrolments / population × 1000;
- completion_rate = completed / finished × 100 where finished = completed + not_completed + withdrawn;
- records = counted enrolments + self-reported learning dated in the window; the mix is the share of each
  setting (formal, non-formal, informal; an enrolment takes its opportunity's setting);
- recognition_rate = recognised / completed_learning × 100: completed enrolments with a credential (issued,
  or awarded by the opportunity on completion) plus self-reported learning marked recognised, over completed
  enrolments plus self-reported learning;
- active_learners: distinct learners with at least one (non-voided) xAPI statement in the 12 calendar months
  ending with the reference month (statement figures are monthly: they come from the mirror's incremental
  learner × month rollup); active_rate = active_learners / population × 100;
  recorded_hours = Σ statement durations / 3600.
"""

from __future__ import annotations

import datetime

import duckdb

from learningcity.monitoring.engine import month_window, window
from learningcity.monitoring.indicators.common import Cube, band_sql, cube_rows

COUNTED = ("enrolled", "completed", "not_completed", "withdrawn")
COUNT_METRICS = ("learners", "enrolments", "completed", "finished", "records", "records_formal",
                 "records_non_formal", "records_informal", "completed_learning", "recognised", "active_learners",
                 "statements", "recorded_hours")
FINISHED = ("completed", "not_completed", "withdrawn")


def _person_filter(alias: str = "") -> str:
    p = f"{alias}." if alias else ""
    return (f"{p}district_code IN (SELECT code FROM district_codes) AND {p}sex IN ('M', 'F') "
            f"AND {p}birth_year IS NOT NULL")


def compute(con: duckdb.DuckDBPyConnection, *, reference_date: datetime.date, city_code: str,
            district_codes: list[str]) -> Cube:
    start, end = window(reference_date)
    con.execute("CREATE OR REPLACE TEMP TABLE district_codes AS SELECT unnest($codes) AS code",
                {"codes": district_codes or [""]}).fetchall()
    params = {"start": start, "end": end, "year": reference_date.year}
    band = band_sql("$year - birth_year")
    counted = ", ".join(f"'{s}'" for s in COUNTED)
    finished = ", ".join(f"'{s}'" for s in FINISHED)
    cube: Cube = {}

    enrol_sql = f"""
    WITH e AS (
      SELECT e.*, {band} AS age_band, coalesce(r.setting, 'unknown') AS setting,
             coalesce(r.credential, false) AS awards
      FROM enrolments e LEFT JOIN runs r ON r.id = e.run_id
      WHERE {_person_filter('e')} AND CAST(e.enrolled_at AS DATE) BETWEEN $start AND $end
        AND e.status IN ({counted})
    ), s AS (
      SELECT s.*, {band} AS age_band FROM self_reports s
      WHERE {_person_filter('s')} AND s.learned_on BETWEEN $start AND $end
    ), records AS (
      SELECT district_code, age_band, sex, learner_key, setting, 1 AS is_enrolment,
             status = 'completed' AS completed, status IN ({finished}) AS finished,
             status = 'completed' AND (credential_issued OR awards) AS recognised
      FROM e
      UNION ALL
      SELECT district_code, age_band, sex, learner_key, setting, 0, true, false, recognised FROM s
    ), per_learner AS (
      -- One row per learner first (a learner has one home district, band and sex), so the CUBE below
      -- counts distinct learners with count(*) instead of count(DISTINCT) over every grouping set.
      SELECT district_code, age_band, sex, learner_key,
             count(*) FILTER (WHERE is_enrolment = 1) AS enrolments,
             count(*) FILTER (WHERE is_enrolment = 1 AND completed) AS completed,
             count(*) FILTER (WHERE finished) AS finished,
             count(*) AS records,
             count(*) FILTER (WHERE setting = 'formal') AS formal,
             count(*) FILTER (WHERE setting = 'non_formal') AS non_formal,
             count(*) FILTER (WHERE setting = 'informal') AS informal,
             count(*) FILTER (WHERE completed) AS completed_learning,
             count(*) FILTER (WHERE recognised) AS recognised
      FROM records GROUP BY ALL
    ), fine AS (
      -- The finest cells first (about a thousand rows); every count is additive over them, so the CUBE of
      -- margins runs over those rows instead of every learner.
      SELECT district_code, age_band, sex, count(*) FILTER (WHERE enrolments > 0) AS learners,
             sum(enrolments) AS enrolments, sum(completed) AS completed, sum(finished) AS finished,
             sum(records) AS records, sum(formal) AS formal, sum(non_formal) AS non_formal,
             sum(informal) AS informal, sum(completed_learning) AS completed_learning, sum(recognised) AS recognised
      FROM per_learner GROUP BY ALL
    )
    SELECT district_code, age_band, sex, sum(learners), sum(enrolments), sum(completed), sum(finished),
           sum(records), sum(formal), sum(non_formal), sum(informal), sum(completed_learning), sum(recognised)
    FROM fine GROUP BY CUBE(district_code, age_band, sex)
    """
    metrics = ["learners", "enrolments", "completed", "finished", "records", "records_formal",
               "records_non_formal", "records_informal", "completed_learning", "recognised"]
    cube.update(cube_rows(con, enrol_sql, params, city_code=city_code, metrics=metrics))

    learner_months(con, reference_date=reference_date)
    activity_sql = f"""
    WITH s AS (
      SELECT learner_key, sum(n) AS n, sum(seconds) AS seconds FROM window_months GROUP BY learner_key
    ), l AS (
      SELECT l.*, {band} AS age_band FROM learners l WHERE {_person_filter('l')}
    ), fine AS (
      SELECT l.district_code, l.age_band, l.sex, count(*) AS learners, sum(s.n) AS n, sum(s.seconds) AS seconds
      FROM s JOIN l ON l.learner_key = s.learner_key GROUP BY ALL
    )
    SELECT district_code, age_band, sex, sum(learners), sum(n), round(sum(seconds) / 3600.0, 2)
    FROM fine GROUP BY CUBE(district_code, age_band, sex)
    """
    for key, values in cube_rows(con, activity_sql, {"year": reference_date.year}, city_code=city_code,
                                 metrics=["active_learners", "statements", "recorded_hours"]).items():
        cube.setdefault(key, {}).update(values)
    zeros = metrics + ["active_learners", "statements", "recorded_hours"]
    for values in cube.values():
        for m in zeros:
            v = values.get(m)
            values[m] = 0 if v is None else (float(v) if m == "recorded_hours" else int(v))
    return cube


def learner_months(con: duckdb.DuckDBPyConnection, *, reference_date: datetime.date) -> None:
    """TEMP VIEW window_months: the mirror's learner × month rollup restricted to the 12 calendar months
    ending with the reference month (statement figures are monthly; see engine.month_window)."""
    first, last = month_window(reference_date)
    con.execute(f"""
    CREATE OR REPLACE TEMP VIEW window_months AS
    SELECT learner_key, month, n, seconds FROM learner_months
    WHERE month BETWEEN DATE '{first.isoformat()}' AND DATE '{last.isoformat()}' AND n > 0
    """).fetchall()


def monthly_activity(con: duckdb.DuckDBPyConnection, *, reference_date: datetime.date,
                     city_code: str) -> list[dict]:
    """Statements and active learners per month, city and districts, by age band and sex (the core
    aggregation the benchmark compares with hand-written DuckDB). Needs `learner_months` (compute() makes it):
    each of its rows is one learner in one month, so counting rows counts distinct learners."""
    band = band_sql("$year - birth_year")
    sql = f"""
    WITH l AS (SELECT l.*, {band} AS age_band FROM learners l WHERE {_person_filter('l')}),
    fine AS (
      SELECT lm.month, l.district_code, l.age_band, l.sex, sum(lm.n) AS n, count(*) AS learners
      FROM window_months lm JOIN l ON l.learner_key = lm.learner_key GROUP BY ALL
    )
    SELECT strftime(month, '%Y-%m') AS m, district_code, age_band, sex, sum(n), sum(learners) FROM fine
    GROUP BY GROUPING SETS ((month, district_code, age_band, sex), (month, district_code), (month))
    ORDER BY m
    """
    return [{"month": m, "area": d or city_code, "band": b or "all", "sex": s or "all", "statements": int(n),
             "active_learners": int(a)}
            for m, d, b, s, n, a in con.execute(sql, {"year": reference_date.year}).fetchall()]

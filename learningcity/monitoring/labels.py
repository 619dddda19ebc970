"""Names of metrics, measures and sexes as people read them (translated), in one place for pages, reports
and downloads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

METRICS = {
    "population": _("Inhabitants"),
    "opportunities": _("Opportunities"),
    "runs": _("Runs"),
    "seats": _("Seats"),
    "seat_hours": _("Seat-hours"),
    "venues": _("Venues"),
    "active_venues": _("Venues with a run"),
    "opportunities_per_1000": _("Opportunities per 1,000"),
    "runs_per_1000": _("Runs per 1,000"),
    "seats_per_1000": _("Seats per 1,000"),
    "seat_hours_per_1000": _("Seat-hours per 1,000"),
    "venues_per_10000": _("Venues per 10,000"),
    "learners": _("Learners"),
    "enrolments": _("Enrolments"),
    "completed": _("Completed"),
    "finished": _("Finished (completed or not)"),
    "participation_rate": _("Participation rate (administrative, %)"),
    "enrolments_per_1000": _("Enrolments per 1,000"),
    "completion_rate": _("Completion rate (%)"),
    "active_learners": _("Learners with recorded activity"),
    "active_rate": _("Recorded activity rate (administrative, %)"),
    "statements": _("Learning records (xAPI statements)"),
    "recorded_hours": _("Recorded learning hours"),
    "records": _("Learning records"),
    "records_formal": _("Formal records"),
    "records_non_formal": _("Non-formal records"),
    "records_informal": _("Informal records"),
    "mix_formal": _("Formal (%)"),
    "mix_non_formal": _("Non-formal (%)"),
    "mix_informal": _("Informal (%)"),
    "completed_learning": _("Completed learning"),
    "recognised": _("Recognised with a credential"),
    "recognition_rate": _("Recognition rate (%)"),
    "rating_mean": _("Mean rating (1–5)"),
    "ratings": _("Ratings"),
    "listings": _("Published listings"),
    "stale": _("Stale listings"),
    "stale_share": _("Stale listings (%)"),
    "sex_ratio_participation": _("Female/male participation ratio"),
    "age_ratio_participation": _("Band/all-ages participation ratio"),
    "access_runs": _("Access to course seats (2SFCA, per 1,000)"),
    "venues_access": _("Access to venue seats (2SFCA, per 1,000)"),
}

SEXES = {"all": _("Both sexes"), "M": _("Male"), "F": _("Female")}

MEASURES = {"venues": _("Library and venue seats, all ages")}


def metric(code: str) -> str:
    from learningcity.monitoring import framework

    if code in METRICS:
        return str(METRICS[code])
    ext = framework.external_indicators().get(code)
    if ext:
        from django.utils.translation import get_language

        return ext["name_ko"] if (get_language() or "ko").startswith("ko") else ext["name_en"]
    return code


def measure(code: str) -> str:
    if code in MEASURES:
        return str(MEASURES[code])
    if code == "all":
        return str(_("Course seats, all ages"))
    return str(_("Course seats for ages %(band)s") % {"band": code})

"""The city's CSV template that any provider can fill in: one place that defines its columns.

The importer (`importers/csv_template.py`), the downloadable template (`/feeds/template.csv`) and the field
guide page (`/feeds/template/`) all read `COLUMNS`, so they can never disagree. One row is one dated run of a
course; rows sharing a `course_id` are runs of the same course.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: object  # lazy translation
    example: str
    group: str = "course"


COLUMNS: tuple[Column, ...] = (
    Column("course_id", True, _("Your own stable id for the course. Rows with the same id are runs of one "
                                "course; keep it the same in every file so updates replace instead of "
                                "duplicate."), "pottery-101"),
    Column("run_id", False, _("Your id for this dated run. Empty: the start date is used."), "2026-spring"),
    Column("title", True, _("The course title, plain text (HTML is removed)."), "Beginners' pottery"),
    Column("description", False, _("What people will learn, plain text. Line breaks are kept."),
           "Hand-building and glazing for complete beginners."),
    Column("topics", False, _("Topic codes separated by ';' (see the list below)."), "arts-crafts"),
    Column("kind", False, _("course, event, library_programme, workplace_training, online_course or "
                            "peer_learning. Empty: course."), "course"),
    Column("setting", False, _("formal, non_formal or informal. Empty: non_formal."), "non_formal"),
    Column("age_min", False, _("Youngest age admitted (0–120). Empty: no lower limit."), "16"),
    Column("age_max", False, _("Oldest age admitted (0–120). Empty: no upper limit."), ""),
    Column("target_groups", False, _("Target group codes separated by ';' (see below)."), "adults;older_adults"),
    Column("languages", False, _("ISO 639-1 language codes separated by ';'. Empty: ko."), "ko;en"),
    Column("cost", False, _("Price in won, digits only. Empty or 0: free."), "30000"),
    Column("delivery_mode", False, _("in_person, online or blended. Empty: in_person."), "in_person"),
    Column("accessibility", False, _("Accessibility codes separated by ';' (see below)."), "wheelchair;hearing_loop"),
    Column("family_friendly", False, _("Y if families or generations learn together."), "N"),
    Column("workplace", False, _("Y if it is for or in the workplace."), "N"),
    Column("credential_awarded", False, _("Certificate or credit people receive, if any."), ""),
    Column("url", False, _("The course's own web page (https://…)."), "https://example.org/pottery"),
    Column("enrolment_method", False, _("How to enrol, in a few words."), "Online, first come first served"),
    Column("start_date", True, _("First day, YYYY-MM-DD."), "2026-03-03", "run"),
    Column("end_date", False, _("Last day, YYYY-MM-DD. Empty: the same day."), "2026-05-26", "run"),
    Column("start_time", False, _("Start time, HH:MM (24-hour clock)."), "19:00", "run"),
    Column("end_time", False, _("End time, HH:MM."), "21:00", "run"),
    Column("weekdays", False, _("Days it meets, separated by ';': MO TU WE TH FR SA SU or 월 화 수 목 금 토 일. "
                                "Empty: every day between the dates."), "TU", "run"),
    Column("capacity", False, _("Number of places. Empty: no limit."), "12", "run"),
    Column("enrolment_opens", False, _("First day of enrolment, YYYY-MM-DD."), "2026-02-01", "run"),
    Column("enrolment_closes", False, _("Last day of enrolment, YYYY-MM-DD."), "2026-02-25", "run"),
    Column("instructor", False, _("Who teaches."), "Kim Min-ji", "run"),
    Column("online_url", False, _("Address of the online session (online and blended runs)."), "", "run"),
    Column("venue_name", False, _("Where it happens (in-person and blended runs)."), "Mapo Community Centre",
           "venue"),
    Column("venue_address", False, _("Street address of the venue."), "서울특별시 마포구 월드컵로 212", "venue"),
    Column("district", False, _("District name (Korean or English). Needed when there are no coordinates."),
           "마포구", "venue"),
    Column("latitude", False, _("Latitude (WGS84, decimal degrees). With longitude, it decides the district."),
           "37.5663", "venue"),
    Column("longitude", False, _("Longitude (WGS84, decimal degrees)."), "126.9019", "venue"),
    Column("room", False, _("Room inside the venue."), "Studio 2", "run"),
)
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
NAMES = tuple(c.name for c in COLUMNS)


def template_csv() -> str:
    """The template file: the header and one example row (providers delete the example)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(NAMES)
    writer.writerow([c.example for c in COLUMNS])
    return out.getvalue()

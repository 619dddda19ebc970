"""The narrow statement read monitoring follows: who (a platform account or a user's email), what, when, how
long, and which statement a voiding statement voids."""

from __future__ import annotations

from datetime import datetime, timezone

from django.conf import settings

from learningcity.core.services import user_create
from learningcity.lrs.selectors import statements_for_statistics
from learningcity.lrs.selectors.statistics import duration_seconds
from learningcity.lrs.services import statements_store
from learningcity.lrs.tests.conftest import make_statement, new_id

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def rows_after(position: int) -> list[tuple]:
    return statements_for_statistics(after_id=position, limit=1000)


def last_stored() -> int:
    from learningcity.lrs.models import Statement

    return Statement.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_actors_become_learner_keys_when_they_are_platform_people(lrs_client):
    person = user_create(email="Mina.Kim@example.org", password="a-long-password-1", by=None)
    position = last_stored()
    platform = make_statement(actor={"objectType": "Agent",
                                     "account": {"homePage": settings.BASE_URL, "name": str(person.pk)}},
                              timestamp="2026-03-01T09:30:00+09:00", result={"duration": "PT1H30M"})
    by_email = make_statement(actor={"objectType": "Agent", "mbox": "mailto:mina.kim@example.org"})
    stranger = make_statement()
    foreign_account = make_statement(actor={"objectType": "Agent",
                                            "account": {"homePage": "https://lms.example", "name": str(person.pk)}})
    statements_store(statements=[platform, by_email, stranger, foreign_account], client=lrs_client, version="1.0.3")
    rows = rows_after(position)
    assert [r[1] for r in rows] == [person.pk, person.pk, None, None]
    first = rows[0]
    assert first[2] == "http://adlnet.gov/expapi/verbs/completed"
    assert first[3] == datetime(2026, 3, 1, 0, 30, tzinfo=timezone.utc) and first[4] == 5400
    assert [r[0] for r in rows] == sorted(r[0] for r in rows) and all(r[0] > position for r in rows)
    assert rows_after(rows[-1][0]) == []
    assert len(statements_for_statistics(after_id=position, limit=2)) == 2


def test_a_voiding_statement_names_the_stored_id_it_voids(lrs_client):
    target = make_statement(id=new_id())
    statements_store(statements=[target], client=lrs_client, version="1.0.3")
    target_row = rows_after(last_stored() - 1)[0]
    voiding = make_statement(verb={"id": VOIDED, "display": {"en-US": "voided"}},
                             object={"objectType": "StatementRef", "id": target["id"]})
    statements_store(statements=[voiding], client=lrs_client, version="1.0.3")
    row = rows_after(target_row[0])[-1]
    assert row[2] == VOIDED and row[5] == target_row[0]


def test_durations():
    assert duration_seconds("PT1H") == 3600
    assert duration_seconds("P1DT2M3.9S") == 86523
    assert duration_seconds("P2W") == 1209600
    assert duration_seconds("P1M") == 0  # months have no fixed length
    assert duration_seconds(None) == 0 and duration_seconds("soon") == 0


def test_large_batches_are_read_in_chunks(lrs_client, monkeypatch):
    """SQLite caps the variables of one statement: lookups go in chunks, with the same answer."""
    from learningcity.lrs.selectors import statistics

    position = last_stored()
    statements_store(statements=[make_statement() for _ in range(7)], client=lrs_client, version="1.0.3")
    whole = rows_after(position)
    monkeypatch.setattr(statistics, "IN_CHUNK", 2)
    assert rows_after(position) == whole and len(whole) == 7

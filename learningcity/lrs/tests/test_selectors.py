"""Reads: every statement filter, across several buckets (BUCKET_BITS is shrunk so a few dozen statements
span many), paging, ordering and the StatementRef filter rule."""

from __future__ import annotations

import time

import orjson
import pytest

from learningcity.lrs.selectors import StatementQuery, statements_for_agent, statements_query
from learningcity.lrs.selectors import statements as statement_reads
from learningcity.lrs.services import statements_store
from learningcity.lrs.storage import statements as storage
from learningcity.lrs.tests.conftest import make_statement, new_id

ALICE = {"objectType": "Agent", "mbox": "mailto:alice@example.org"}
BOB = {"objectType": "Agent", "mbox": "mailto:bob@example.org"}
COURSE = "https://learning.example/courses/pottery"
# A verb no other data uses, so verb-only queries see this test's statements alone.
ATTENDED = "https://learning.example/verbs/attended-in-selector-tests"


@pytest.fixture(autouse=True)
def small_buckets(monkeypatch):
    monkeypatch.setattr(storage, "BUCKET_BITS", 2)
    monkeypatch.setattr(statement_reads, "BUCKET_BITS", 2)


def store(client, statements):
    return statements_store(statements=statements, client=client, version="1.0.3")


def ids(query: StatementQuery) -> list[str]:
    payloads, _ = statements_query(query)
    return [orjson.loads(p)["id"] for p in payloads]


@pytest.fixture
def corpus(lrs_client):
    """Alice's statements interleaved with others over many 4-statement buckets."""
    mine = []
    for n in range(30):
        others = store(lrs_client, [make_statement(), make_statement()])
        if n % 3 == 0:
            mine += store(lrs_client, [make_statement(actor=ALICE, verb={"id": ATTENDED})])
        del others
    return mine


def test_agent_filter_walks_all_buckets_newest_first(corpus):
    assert ids(StatementQuery(agent=ALICE)) == list(reversed(corpus))
    assert ids(StatementQuery(agent=ALICE, ascending=True)) == corpus


def test_verb_and_agent_combined(corpus, lrs_client):
    store(lrs_client, [make_statement(actor=ALICE)])  # Alice, other verb
    assert ids(StatementQuery(agent=ALICE, verb=ATTENDED)) == list(reversed(corpus))
    assert ids(StatementQuery(verb=ATTENDED)) == list(reversed(corpus))


def test_paging_is_stable_and_complete(corpus, lrs_client):
    seen, query = [], StatementQuery(agent=ALICE, limit=3)
    while query is not None:
        payloads, query = statements_query(query)
        seen += [orjson.loads(p)["id"] for p in payloads]
        store(lrs_client, [make_statement(actor=ALICE, verb={"id": ATTENDED})])  # newer ones must not leak in
    assert seen == list(reversed(corpus))


def test_object_agent_and_related_agents(lrs_client):
    [as_object] = store(lrs_client, [make_statement(object=BOB)])
    [as_instructor] = store(lrs_client, [make_statement(context={"instructor": BOB})])
    assert ids(StatementQuery(agent=BOB)) == [as_object]
    assert ids(StatementQuery(agent=BOB, related_agents=True)) == [as_instructor, as_object]
    group = {"objectType": "Group", "mbox": "mailto:alice@example.org"}
    assert ids(StatementQuery(agent=group)) == []  # a Group is not the Agent with the same mbox


def test_activity_related_activities_and_registration(lrs_client):
    registration = new_id()
    [direct] = store(lrs_client, [make_statement(object={"id": COURSE})])
    [in_context] = store(
        lrs_client,
        [
            make_statement(
                context={"registration": registration, "contextActivities": {"parent": {"id": COURSE}}}
            )
        ],
    )
    [sub] = store(
        lrs_client,
        [
            make_statement(
                object={
                    "objectType": "SubStatement",
                    "actor": ALICE,
                    "verb": {"id": ATTENDED},
                    "object": {"id": COURSE},
                }
            )
        ],
    )
    assert ids(StatementQuery(activity=COURSE)) == [direct]
    assert ids(StatementQuery(activity=COURSE, related_activities=True)) == [sub, in_context, direct]
    assert ids(StatementQuery(registration=registration)) == [in_context]
    assert ids(StatementQuery(agent=ALICE)) == []  # sub-statement actors only count as related
    assert ids(StatementQuery(agent=ALICE, related_agents=True)) == [sub]


def test_since_until_use_stored_time(lrs_client):
    [first] = store(lrs_client, [make_statement(actor=ALICE)])
    time.sleep(0.01)
    middle = int(time.time() * 1_000_000)
    time.sleep(0.01)
    [second] = store(lrs_client, [make_statement(actor=ALICE)])
    assert ids(StatementQuery(agent=ALICE, since_us=middle)) == [second]
    assert ids(StatementQuery(agent=ALICE, until_us=middle)) == [first]
    assert ids(StatementQuery(since_us=middle)) == [second]


def test_voided_are_hidden_but_statements_targeting_them_match(lrs_client):
    [target] = store(lrs_client, [make_statement(actor=ALICE, verb={"id": ATTENDED})])
    [voiding] = store(
        lrs_client,
        [
            make_statement(
                actor=BOB,
                verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
                object={"objectType": "StatementRef", "id": target},
            )
        ],
    )
    [referring] = store(
        lrs_client, [make_statement(actor=BOB, object={"objectType": "StatementRef", "id": voiding})]
    )
    # The voided statement is gone from filters; what targets it (recursively) matches its verb and actor.
    assert ids(StatementQuery(verb=ATTENDED)) == [referring, voiding]
    assert ids(StatementQuery(agent=ALICE)) == [referring, voiding]


def test_mine_restricts_to_the_clients_own_statements(lrs_client, db):
    from learningcity.lrs.services import client_create

    other, _ = client_create(name="other", scopes=["statements/write"], by=None)
    [own] = store(lrs_client, [make_statement()])
    store(other, [make_statement()])
    assert ids(StatementQuery(mine=lrs_client.authority)) == [own]


def test_statements_for_agent_returns_parsed_statements(lrs_client):
    store(lrs_client, [make_statement(actor=ALICE) for _ in range(3)])
    found = statements_for_agent(ALICE, limit=2)
    assert len(found) == 2 and all(s["actor"]["mbox"] == ALICE["mbox"] for s in found)

"""Erasing an agent: every statement about them (as actor, object, context agent, or through a StatementRef),
the voiding records, their documents and their interned identifiers go; everyone else's stay."""

from __future__ import annotations

import json

from learningcity.core.models import AuditEntry
from learningcity.lrs.models import Agent, Document, Statement, Voiding
from learningcity.lrs.services import agent_erase
from learningcity.lrs.tests.conftest import make_statement, new_id

ME = {"objectType": "Agent", "mbox": "mailto:erase.me@example.org"}
OTHER = {"objectType": "Agent", "mbox": "mailto:keep.me@example.org"}


def test_agent_erase_deletes_everything_about_the_agent_only(xapi):
    mine, voided, about_me, ref = new_id(), new_id(), new_id(), new_id()
    theirs, theirs_with_me_as_instructor = new_id(), new_id()
    statements = [
        make_statement(id=mine, actor=ME),
        make_statement(id=voided, actor=ME),
        make_statement(id=new_id(), actor=ME, verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
                       object={"objectType": "StatementRef", "id": voided}),
        make_statement(id=about_me, actor=OTHER, object=ME),
        make_statement(id=theirs, actor=OTHER),
        make_statement(id=theirs_with_me_as_instructor, actor=OTHER, context={"instructor": ME}),
    ]
    assert xapi.post("/xapi/statements", statements).status_code == 200
    assert xapi.post("/xapi/statements", [make_statement(id=ref, actor=OTHER, object={
        "objectType": "StatementRef", "id": mine})]).status_code == 200
    document = xapi.put("/xapi/agents/profile?" + "&".join([
        "agent=" + json.dumps(ME), "profileId=prefs"]), {"lang": "ko"}, headers={"If-None-Match": "*"})
    assert document.status_code == 204, document.content
    assert Document.objects.count() == 1

    counts = agent_erase(agents=[ME], by=None)
    assert counts == {"statements": 6, "documents": 1, "agents": 1}
    remaining = {str(s.statement_id) for s in Statement.objects.all()}
    assert remaining == {theirs}
    assert not Voiding.objects.exists()
    assert not Agent.objects.filter(ifi__contains="erase.me").exists()
    assert Agent.objects.filter(ifi__contains="keep.me").exists()
    assert not Document.objects.exists()
    entry = AuditEntry.objects.get(action="lrs.agent.erase")
    assert "erase.me" not in json.dumps(entry.detail)
    # The agent can come back later as a new person: new statements are stored and found.
    assert xapi.post("/xapi/statements", [make_statement(actor=ME)]).status_code == 200
    found = xapi.get("/xapi/statements", {"agent": json.dumps(ME)}).json()["statements"]
    assert len(found) == 1


def test_erasing_an_unknown_agent_does_nothing(xapi):
    assert xapi.post("/xapi/statements", [make_statement(actor=OTHER)]).status_code == 200
    assert agent_erase(agents=[ME], by=None) == {"statements": 0, "documents": 0, "agents": 0}
    assert Statement.objects.count() == 1

"""The `learningcity lrs client ...` command and the admin pages for clients."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from learningcity.core.services import user_create
from learningcity.lrs.models import Client
from learningcity.lrs.services import client_authenticate


def run(*args: str) -> str:
    out = StringIO()
    call_command("lrs", *args, stdout=out)
    return out.getvalue()


def test_create_list_revoke(db):
    output = run("client", "create", "--name", "Museum app", "--scopes", "statements/write,define")
    lines = dict(line.split(": ", 1) for line in output.splitlines() if ": " in line)
    client = client_authenticate(key=lines["key"], secret=lines["secret"])
    assert client.scopes == ["statements/write", "define"]
    assert "Museum app" in run("client", "list")
    run("client", "revoke", lines["key"])
    assert "Museum app" not in run("client", "list")
    assert "revoked" in run("client", "list", "--all")


def test_bad_input_is_a_command_error(db):
    with pytest.raises(CommandError):
        run("client", "create", "--name", "x", "--scopes", "everything")
    with pytest.raises(CommandError):
        run("client", "revoke", "nope")


def test_admin_creates_a_client_and_shows_the_secret_once(db, client):
    office = user_create(
        email="office@example.org", password="a-long-password-1", is_staff=True, is_superuser=True
    )
    client.force_login(office)
    response = client.post(
        "/admin/lrs/client/add/", {"name": "Kiosk", "scope_choices": ["statements/write"]}, follow=True
    )
    assert response.status_code == 200
    created = Client.objects.get(name="Kiosk")
    assert created.scopes == ["statements/write"] and created.created_by == office
    shown = [str(m) for m in response.context["messages"]]
    assert any(created.key in m and "secret" in m for m in shown)
    assert client.get(f"/admin/lrs/client/{created.pk}/change/").status_code == 200
    assert client.get("/admin/lrs/statement/").status_code == 200

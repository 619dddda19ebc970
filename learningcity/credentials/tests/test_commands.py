"""The management commands: verify files, rotate a key."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from learningcity.credentials import baking
from learningcity.credentials.verification import credential_verify


def test_verify_command(issued, tmp_path, capsys):
    good = tmp_path / "badge.png"
    good.write_bytes(baking.bake_png(baking.badge_png("#123456"), issued.document))
    call_command("credentials_verify", str(good))
    assert "verified" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**issued.document, "name": "x"}))
    with pytest.raises(SystemExit):
        call_command("credentials_verify", str(bad))


def test_rotate_key_command(issued, gangnam_issuer, capsys):
    call_command("credentials_rotate_key", gangnam_issuer.slug)
    assert "now signing with z6Mk" in capsys.readouterr().out
    assert credential_verify(issued.document).verified
    with pytest.raises(CommandError, match="No issuer"):
        call_command("credentials_rotate_key", "nobody")

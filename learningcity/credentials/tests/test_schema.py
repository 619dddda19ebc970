"""External check: issued credentials validate against 1EdTech's OB 3.0 AchievementCredential JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from learningcity.credentials import services

SCHEMA = json.loads((Path(__file__).parent / "data" / "ob_v3p0_achievementcredential_schema.json").read_text())


def _validate(document):
    validator = jsonschema.Draft201909Validator(SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_schema_is_the_1edtech_one():
    assert SCHEMA["$id"].startswith("https://purl.imsglobal.org/spec/ob/v3p0/schema/")
    assert "credentialSubject" in SCHEMA["required"]


def test_issued_credential_validates(issued):
    _validate(issued.document)


def test_credential_with_validity_end_and_city_issuer_validates(city_issuer, learner):
    from datetime import timedelta

    from django.utils import timezone

    festival = services.achievement_create(issuer=city_issuer, by=None, name="Festival volunteer",
                                           description="Volunteered at the learning festival.",
                                           criteria="Two shifts.", achievement_type="CommunityService")
    issued = services.credential_issue(achievement=festival, recipient=learner, by=None,
                                       valid_until=timezone.now() + timedelta(days=365))
    _validate(issued.document)


def test_the_schema_catches_a_broken_credential(issued):
    broken = {k: v for k, v in issued.document.items() if k != "credentialSubject"}
    with pytest.raises(AssertionError):
        _validate(broken)

"""Credentials fixtures: an encryption key for issuers' signing keys, issuers, an achievement, a credential."""

from __future__ import annotations

import base64

import pytest

TEST_KEK = base64.urlsafe_b64encode(b"k" * 32).decode()


@pytest.fixture(autouse=True)
def key_encryption_key(settings, tmp_path):
    """Signing keys are sealed with a test key (and any file-stored key lands in a temporary folder)."""
    settings.KEY_ENCRYPTION_KEY = TEST_KEK
    settings.VAR_DIR = tmp_path
    return TEST_KEK


@pytest.fixture(autouse=True)
def english():
    """Messages asserted in tests are the English source strings (pages still follow the request's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def gangnam_issuer(gangnam):
    from learningcity.credentials.services import issuer_create

    return issuer_create(by=None, provider=gangnam, name="Gangnam-gu Lifelong Learning")


@pytest.fixture
def gangnam_admin(gangnam):
    from learningcity.testing import factories

    return factories.staff(gangnam, role="admin")


@pytest.fixture
def other_issuer(other_provider):
    from learningcity.credentials.services import issuer_create

    return issuer_create(by=None, provider=other_provider)


@pytest.fixture
def city_issuer(db):
    from learningcity.credentials.services import issuer_ensure_city

    return issuer_ensure_city(by=None)


@pytest.fixture
def gangnam_course(gangnam):
    return gangnam.opportunities.filter(status="published").order_by("pk").first()


@pytest.fixture
def achievement(gangnam_issuer, gangnam_course):
    from learningcity.credentials.services import achievement_create

    return achievement_create(
        issuer=gangnam_issuer, by=None, name="Smartphone basics", description="Uses a smartphone for daily life.",
        criteria="Attend the course and show three everyday tasks on a phone.", achievement_type="Badge",
        skills=["http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"], isced_fields=["06"],
        opportunities=[gangnam_course])


@pytest.fixture
def issued(achievement, learner, gangnam_staff):
    from learningcity.credentials.services import credential_issue

    return credential_issue(achievement=achievement, recipient=learner, by=gangnam_staff)

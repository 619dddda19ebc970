"""Who may read and who may write, for every API operation in the served OpenAPI schema and every named page.

The tables in `permission_table.py` classify each route: the set of roles allowed to read (GET) and, where the route writes, the
set allowed to write (POST/PATCH/DELETE, with a real body where one is cheap). Every other role must be refused
(401, 403, 404, or a redirect to sign in), and nobody ever gets a 5xx. A route nobody classified fails
`test_every_route_is_classified`: whoever adds an endpoint or page decides who may use it, here.

Object routes point at Gangnam-gu's *draft* records, at its published runs with people on them, and at the
learner's own credential, enrolments and passport entry (see `matrix_world`), so "other_staff" and
"other_learner" are the crossings: another provider's staff editing Gangnam-gu's run, opportunity, venue,
issuer or achievement, or reading its roster, marking attendance or completion, answering its reviews; one
learner reaching another's credential, enrolment or self-reported learning. "provider_admin" is
Gangnam-gu's admin (issuers are managed by a provider's admins, run by all its staff). Each role's request runs
in its own savepoint, so one role's write never changes what the next role sees; each test is one transaction.
"""

from __future__ import annotations

import fnmatch
from typing import Any, Callable

import pytest
from django.db import transaction

from learningcity.platform.tests.matrix_world import ROLES, World, as_json
from learningcity.platform.tests.permission_table import (
    API, ERASE, EVERYONE, FAMILIES, NOBODY, OFFICE, PAGES, Rule, api_operations, fill_api_path, named_routes,
    page_params,
)

# --- running one route for every role -----------------------------------------------------------------------

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


def outcome(response) -> str:
    status = response.status_code
    if status >= 500:
        return "error"
    if status in (401, 403, 404):
        return "refused"
    if 300 <= status < 400 and response.get("Location", "").split("?")[0].endswith(LOGIN_PATHS):
        return "refused"
    if status < 400 or status == 400:  # 400: the permission check passed, the body did not (forms re-rendered)
        return "allowed"
    return f"unexpected {status}"


# A public read is asked by these roles only (the matrix is about refusals; a public page is public).
PUBLIC_SAMPLE = ("anonymous", "learner", "other_staff")


def each_role(world: World, send: Callable[[str], Any], probe: Callable[[World], Any] | None = None,
              roles: tuple[str, ...] = ROLES) -> dict:
    """Each role's outcome, every request inside a savepoint rolled back afterwards."""
    seen = {}
    for role in roles:
        sid = transaction.savepoint()
        try:
            before = probe(world) if probe else None
            response = send(role)
            seen[role] = outcome(response)
            if probe and seen[role] == "allowed" and probe(world) == before:
                seen[role] = "refused"  # answered politely, changed nothing
            if seen[role] == "error":
                seen[role] += f" {response.status_code}: {response.content[:300]!r}"
        finally:
            transaction.savepoint_rollback(sid)
    return seen


def expected(allowed: frozenset, roles: tuple[str, ...] = ROLES) -> dict[str, str]:
    return {role: "allowed" if role in allowed else "refused" for role in roles}


def roles_for(rule: Rule, allowed: frozenset) -> tuple[str, ...]:
    if rule.roles:
        return rule.roles
    return PUBLIC_SAMPLE if allowed == EVERYONE else ROLES


def world_needs(request) -> set[str]:
    """What the `world` fixture (conftest) must add for this test's route."""
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    rule = API.get(params.get("operation")) or PAGES.get(params.get("name")) or Rule()
    return {need for need in ("credentials", "search", "snapshot") if getattr(rule, need)}


# --- tests --------------------------------------------------------------------------------------------------

def test_every_route_is_classified():
    """A new API operation or page fails here until someone writes down who may use it."""
    unclassified_api = [op for op in api_operations() if op not in API]
    names = [n for n in named_routes() if not any(fnmatch.fnmatch(n, f) for f in FAMILIES)]
    unclassified_pages = [n for n in names if n not in PAGES]
    assert not unclassified_api and not unclassified_pages, (
        "Classify these routes in test_permission_matrix.py (who may read, who may write):\n"
        + "\n".join(unclassified_api + unclassified_pages))
    operations, routes = set(api_operations()), named_routes()
    gone = [k for k in API if k not in operations] + [k for k in PAGES if k not in routes]
    assert not gone, f"these classified routes no longer exist: {gone}"


@pytest.mark.parametrize("operation", sorted(API))
def test_api_operation(operation, world):
    rule = API[operation]
    method, path = operation.split(" ", 1)
    url = fill_api_path(path, world)
    body = rule.body(world) if rule.body else {}

    def send(role):
        client = world.api_client(role)
        if method == "GET":
            return client.get(url)
        return getattr(client, method.lower())(url, **as_json(body))

    allowed = rule.read if method == "GET" else rule.write
    roles = roles_for(rule, allowed)
    assert each_role(world, send, rule.probe, roles) == expected(allowed, roles), f"{operation} ({rule.why})" if rule.why else operation


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page(name, world):
    from django.urls import reverse

    rule = PAGES[name]
    url = reverse(name, kwargs=page_params(name, world))
    failures = []
    if rule.read is not None:
        roles = roles_for(rule, rule.read)
        seen = each_role(world, lambda role: world.page_client(role).get(url), roles=roles)
        if seen != expected(rule.read, roles):
            failures.append(f"GET {url}: {seen}")
    if rule.write is not None:
        body = rule.body(world) if rule.body else {}
        roles = roles_for(rule, rule.write)
        seen = each_role(world, lambda role: world.page_client(role).post(url, body), rule.probe, roles)
        if seen != expected(rule.write, roles):
            failures.append(f"POST {url}: {seen}")
    assert not failures, "\n".join(failures)


def test_an_erasure_is_undone_before_the_next_role(world):
    """Erasing one's account is a row like any other: the allowed roles really erase (the probe sees a person
    fewer), each inside its savepoint. Here, that the erasure was whole while it lasted and that the world is
    whole again after it, for the next role and the next test."""
    from learningcity.core.models import User

    learner = world.people["learner"]

    def erase_then_look(role):
        response = world.api_client(role).delete("/api/v1/me", **as_json(ERASE))
        assert response.status_code == 204, response.content
        assert not User.objects.filter(pk=learner.pk).exists()
        assert not world.enrolment.__class__.objects.filter(user_id=learner.pk).exists()
        assert world.api_client(role).get("/api/v1/me/profile").status_code == 401  # the token went too
        return response

    assert each_role(world, erase_then_look, roles=("learner",)) == {"learner": "allowed"}
    assert User.objects.filter(pk=learner.pk).exists()
    mine = world.api_client("learner").get("/api/v1/me/enrolments")
    assert mine.status_code == 200 and mine.json()["count"] == 2
    roster = world.api_client("staff").get(f"/api/v1/runs/{world.live_run.pk}/roster").json()
    assert learner.pk in {entry["user_id"] for entry in roster["entries"]}
    seen = each_role(world, lambda role: world.page_client(role).post("/account/erase/", ERASE),
                     probe=lambda w: User.objects.count(), roles=("learner", "staff"))
    assert seen == {"learner": "allowed", "staff": "allowed"}
    assert world.page_client("learner").get("/passport/").status_code == 200


# --- route families -----------------------------------------------------------------------------------------

def admin_urls() -> list[str]:
    """The admin's front page, and each model's list and the change page of one record."""
    from django.contrib import admin

    urls = ["/admin/"]
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name
        urls.append(f"/admin/{app}/{name}/")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            urls.append(f"/admin/{app}/{name}/{obj.pk}/change/")
    return sorted(set(urls))


ADMIN_ROLES = ("anonymous", "learner", "provider_admin", "city_office", "admin")
# Groups and the learning records (xAPI statements and documents: personal data) are the site admin's alone.
SITE_ADMIN_ONLY = ("/admin/auth/", "/admin/lrs/")


def test_admin_is_for_the_city_office_and_site_admins(world):
    """Django's admin is the city office's back room (and the site admin's); nobody else sees a record in it.
    Read-only records (audit entries, credentials, statements) are refused to everyone's "add" page: not
    asked here, as every admin page is refused to everyone outside `allowed` whichever it is."""
    wrong = []
    for url in admin_urls():
        seen = each_role(world, lambda role: world.page_client(role).get(url), roles=ADMIN_ROLES)
        allowed = frozenset({"admin"}) if url.startswith(SITE_ADMIN_ONLY) else OFFICE
        if seen != expected(allowed, ADMIN_ROLES):
            wrong.append(f"GET {url}: {seen}")
    assert not wrong, "\n".join(wrong)


def test_xapi_takes_only_its_own_credentials(world):
    """The LRS answers 401 to everyone without an xAPI client's credentials: a site session or an API token
    of the platform is not one."""

    for path in ("/xapi/statements", "/xapi/activities/state", "/xapi/agents", "/xapi/activities"):
        by_session = each_role(world, lambda role: world.page_client(role).get(
            path, HTTP_X_EXPERIENCE_API_VERSION="1.0.3"))
        by_token = each_role(world, lambda role: world.api_client(role).get(
            path, HTTP_X_EXPERIENCE_API_VERSION="1.0.3"))
        assert by_session == by_token == expected(NOBODY), path
    assert world.page_client("anonymous").get("/xapi/about").status_code == 200

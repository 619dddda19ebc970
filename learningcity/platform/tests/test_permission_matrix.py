"""Who may read and who may write, for every API operation in the served OpenAPI schema and every named page.

The tables below classify each route: the set of roles allowed to read (GET) and, where the route writes, the
set allowed to write (POST/PATCH/DELETE, with a real body where one is cheap). Every other role must be refused
(401, 403, 404, or a redirect to sign in), and nobody ever gets a 5xx. A route nobody classified fails
`test_every_route_is_classified`: whoever adds an endpoint or page decides who may use it, here.

Object routes point at Gangnam-gu's *draft* records and at the learner's own credential (see `matrix_world`),
so "other_staff" and "other_learner" are the crossings: another provider's staff editing Gangnam-gu's run,
opportunity, venue, issuer or achievement; one learner reaching another's credential. "provider_admin" is
Gangnam-gu's admin (issuers are managed by a provider's admins, run by all its staff). Each role's request runs
in its own savepoint, so one role's write never changes what the next role sees; each test is one transaction.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any, Callable

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from learningcity.platform.management.commands.openapi import generated_schema
from learningcity.platform.tests.matrix_world import ROLES, TODAY, World, as_json, vc_body

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
GANGNAM = frozenset({"staff", "provider_admin", "city_office", "admin"})  # Gangnam-gu's people, and the city
OFFICE = frozenset({"city_office", "admin"})
OWNER = frozenset({"learner"})  # the learner whose credential (or token) it is
# Gangnam-gu's issuer acts for Gangnam-gu alone: its members issue and revoke, its admins manage it; the city
# office does not sign in a provider's name (credentials.permissions).
ISSUER_STAFF = frozenset({"staff", "provider_admin"})
ISSUER_ADMIN = frozenset({"provider_admin"})
NOBODY = frozenset()


@dataclass(frozen=True)
class Rule:
    """Who may read (GET) and who may write (the route's write method) one route."""

    read: frozenset | None = EVERYONE  # None: the route has no GET
    write: frozenset | None = None  # None: the route does not write
    body: Callable[[World], Any] | None = None  # the write's body (JSON for the API, form fields for pages)
    credentials: bool = False  # needs the issuer, achievement and credential in the world
    snapshot: bool = False  # needs computed indicators (else the honest answer is 404 for everyone)
    search: bool = False  # needs the demo city's search index (else 503, "being prepared")
    # For views that answer a refused write with a message and a redirect: a probe of the state the write
    # changes. Then "allowed" means the state changed, "refused" that it did not (whatever the status).
    probe: Callable[[World], Any] | None = None
    roles: tuple[str, ...] = ()  # only these roles (a slow page: its refusals, and one role it is for)
    why: str = ""


# --- the API ------------------------------------------------------------------------------------------------

def _opportunity_body(w: World) -> dict:
    return {"provider_id": w.gangnam.pk, "title": "Matrix course", "kind": "course", "setting": "non_formal",
            "delivery_mode": "in_person"}


def _run_body(w: World) -> dict:
    return {"venue_id": w.venue.pk, "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat()}


def _venue_body(w: World) -> dict:
    return {"provider_id": w.gangnam.pk, "name": "Matrix room", "district": "gangnam-gu"}


API: dict[str, Rule] = {
    # geography, catalogue reads and open data: public
    **{f"GET /api/v1/{p}": Rule() for p in (
        "districts", "districts.geojson", "districts/{slug}", "neighbourhoods", "opportunities", "providers",
        "providers/{slug}", "topics", "venues", "venues/{pk}", "open-data/snapshots")},
    "GET /api/v1/search": Rule(search=True),
    **{f"GET /api/v1/open-data/{p}": Rule(snapshot=True) for p in (
        "access", "access.geojson", "framework", "indicators", "indicators.csv")},
    # a draft is seen by its provider's staff and the city only
    "GET /api/v1/opportunities/{pk}": Rule(read=GANGNAM),
    "GET /api/v1/opportunities/{pk}/jsonld": Rule(read=GANGNAM),
    "GET /api/v1/runs/{pk}": Rule(read=GANGNAM),
    "POST /api/v1/opportunities": Rule(read=None, write=GANGNAM, body=_opportunity_body),
    "PATCH /api/v1/opportunities/{pk}": Rule(read=None, write=GANGNAM, body=lambda w: {"title": "Taken"}),
    "DELETE /api/v1/opportunities/{pk}": Rule(read=None, write=GANGNAM),
    "POST /api/v1/opportunities/{pk}/publish": Rule(read=None, write=GANGNAM),
    "POST /api/v1/opportunities/{pk}/archive": Rule(read=None, write=GANGNAM),
    "POST /api/v1/opportunities/{pk}/runs": Rule(read=None, write=GANGNAM, body=_run_body),
    "PATCH /api/v1/runs/{pk}": Rule(read=None, write=GANGNAM, body=lambda w: {"room": "Taken"}),
    "DELETE /api/v1/runs/{pk}": Rule(read=None, write=GANGNAM),
    "POST /api/v1/runs/{pk}/publish": Rule(read=None, write=GANGNAM),
    "POST /api/v1/runs/{pk}/archive": Rule(read=None, write=GANGNAM),
    "POST /api/v1/runs/{pk}/cancel": Rule(read=None, write=GANGNAM),
    "POST /api/v1/venues": Rule(read=None, write=GANGNAM, body=_venue_body),
    "PATCH /api/v1/venues/{pk}": Rule(read=None, write=GANGNAM, body=lambda w: {"name": "Taken"}),
    # VC-API: verifying is for anyone; issuing and revoking are for the issuer's own staff
    "POST /api/v1/credentials/verify": Rule(
        read=None, write=EVERYONE, credentials=True, body=lambda w: {"verifiableCredential": w.credential.document}),
    "POST /api/v1/presentations/verify": Rule(
        read=None, write=EVERYONE, body=lambda w: {"verifiablePresentation": {"type": ["VerifiablePresentation"]}},
        why="a presentation that does not verify is a 400 with the reasons: anyone may ask"),
    "POST /api/v1/credentials/issue": Rule(read=None, write=ISSUER_STAFF, credentials=True, body=vc_body),
    "POST /api/v1/credentials/status": Rule(
        read=None, write=ISSUER_STAFF, credentials=True,
        body=lambda w: {"credentialId": w.credential.credential_id,
                        "credentialStatus": [{"type": "BitstringStatusListEntry", "status": True}]}),
}


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def api_operations() -> list[str]:
    schema = generated_schema()
    return sorted(f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops)


def fill_api_path(path: str, w: World) -> str:
    if "{pk}" in path:
        pk = w.run.pk if path.startswith("/api/v1/runs/") else (
            w.venue.pk if path.startswith("/api/v1/venues/") else w.opportunity.pk)
        path = path.replace("{pk}", str(pk))
    if path.startswith("/api/v1/providers/"):
        path = path.replace("{slug}", w.gangnam.slug)
    return path.replace("{slug}", "gangnam-gu")


# --- pages --------------------------------------------------------------------------------------------------

PUBLIC_PAGE = Rule()
SIGNED_IN_PAGE = Rule(read=SIGNED_IN)
OFFICE_PAGE = Rule(read=OFFICE)
INDICATOR_PAGE = Rule(read=OFFICE, snapshot=True)

PAGES: dict[str, Rule] = {
    "catalogue:home": PUBLIC_PAGE, "catalogue:opportunity-list": PUBLIC_PAGE, "catalogue:provider-list": PUBLIC_PAGE,
    "catalogue:provider": PUBLIC_PAGE, "catalogue:district-list": PUBLIC_PAGE, "catalogue:district": PUBLIC_PAGE,
    "catalogue:venue": PUBLIC_PAGE,
    "catalogue:opportunity": Rule(read=GANGNAM, why="a draft"),
    "catalogue:run": Rule(read=GANGNAM, why="a draft run"),
    "catalogue:manage": Rule(read=SIGNED_IN, why="lists the providers one works for (none for a learner)"),
    "catalogue:manage-provider": Rule(read=GANGNAM),
    "catalogue:manage-opportunity-create": Rule(read=GANGNAM, write=GANGNAM, body=lambda w: {
        "title": "Matrix course", "kind": "course", "setting": "non_formal", "delivery_mode": "in_person"}),
    "catalogue:manage-venue-create": Rule(read=GANGNAM, write=GANGNAM, body=lambda w: {
        "name": "Matrix room", "district": "gangnam-gu"}),
    "catalogue:manage-venue": Rule(read=GANGNAM, write=GANGNAM, body=lambda w: {
        "name": "Taken", "district": "gangnam-gu"}),
    "catalogue:manage-opportunity": Rule(read=GANGNAM, write=GANGNAM, body=lambda w: {
        "title": "Taken", "kind": "course", "setting": "non_formal", "delivery_mode": "in_person"}),
    "catalogue:manage-opportunity-action": Rule(read=None, write=GANGNAM),
    "catalogue:manage-run-create": Rule(read=GANGNAM, write=GANGNAM, body=lambda w: {
        "venue": w.venue.pk, "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat()}),
    "catalogue:manage-run": Rule(read=GANGNAM, write=GANGNAM, body=lambda w: {
        "venue": w.venue.pk, "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat(), "room": "Taken"}),
    "catalogue:manage-run-action": Rule(read=None, write=GANGNAM),
    "core:login": Rule(write=EVERYONE, body=lambda w: {"username": "nobody@example.org", "password": "wrong"},
                       why="a wrong password re-renders the form"),
    "core:logout": Rule(read=None, write=EVERYONE),
    "core:account": SIGNED_IN_PAGE,
    "core:token-revoke": Rule(read=None, write=OWNER, why="the learner's own token"),
    "core:about-data": PUBLIC_PAGE,
    "set_language": Rule(read=EVERYONE, write=EVERYONE, body=lambda w: {"language": "en", "next": "/"}),
    "search:page": Rule(search=True),
    "exchange:dataset": PUBLIC_PAGE, "exchange:topics": PUBLIC_PAGE, "exchange:template": PUBLIC_PAGE,
    "exchange:template-csv": PUBLIC_PAGE, "exchange:feed": PUBLIC_PAGE,
    "exchange:opportunities-csv": PUBLIC_PAGE,
    "exchange:health": OFFICE_PAGE, "exchange:import-run": OFFICE_PAGE,
    "exchange:run-calendar": Rule(read=GANGNAM, why="a draft run"),
    "exchange:personal-calendar": Rule(read=NOBODY, why="an unknown token: the token is the capability"),
    "monitoring:dashboard": INDICATOR_PAGE, "monitoring:access": INDICATOR_PAGE,
    "monitoring:framework": INDICATOR_PAGE, "monitoring:report": INDICATOR_PAGE,
    "monitoring:report-pdf": Rule(read=OFFICE, snapshot=True, roles=(
        "anonymous", "learner", "staff", "provider_admin", "other_staff", "city_office")), "monitoring:download": INDICATOR_PAGE,
    "monitoring:what-if": INDICATOR_PAGE,
    "monitoring:statistics": Rule(read=OFFICE, write=OFFICE, body=lambda w: {"indicator": "nonsense"}),
    "monitoring:statistic-delete": Rule(read=None, write=OFFICE),
    "monitoring:recompute": Rule(read=None, write=OFFICE),
    "monitoring:open-data": Rule(snapshot=True),
    "credentials:verify": Rule(write=EVERYONE, body=lambda w: {"credential": "{}"}),
    "credentials:issuer_list": PUBLIC_PAGE,
    **{f"credentials:{name}": Rule(credentials=True) for name in (
        "issuer", "issuer_document", "status_list", "achievement", "achievement_image", "shared",
        "shared_download")},
    "credentials:mine": SIGNED_IN_PAGE,
    # the recipient and the issuer's members see a credential; nobody else (the share link is for that)
    "credentials:credential": Rule(read=OWNER | ISSUER_STAFF, credentials=True),
    "credentials:download": Rule(read=OWNER | ISSUER_STAFF, credentials=True),
    "credentials:share": Rule(read=None, write=OWNER, credentials=True, body=lambda w: {"share": "0"},
                              probe=lambda w: _fresh(w.credential).share_token, why="only the recipient decides"),
    "credentials:imported": Rule(read=OWNER, credentials=True),
    "credentials:imported_delete": Rule(read=None, write=OWNER, credentials=True),
    "credentials:manage": Rule(read=SIGNED_IN, credentials=True, why="lists the issuers one acts for"),
    "credentials:manage_set_up": Rule(read=None, write=OFFICE, credentials=True,
                                      why="no provider given: the city's own issuer, for the city office"),
    "credentials:manage_issuer": Rule(read=ISSUER_STAFF, credentials=True),
    "credentials:manage_issuer_edit": Rule(read=ISSUER_ADMIN, write=ISSUER_ADMIN, credentials=True),
    "credentials:manage_key_rotate": Rule(read=None, write=ISSUER_ADMIN, credentials=True,
                                          probe=lambda w: w.issuer.keys.count()),
    "credentials:manage_achievement_create": Rule(read=ISSUER_ADMIN, write=ISSUER_ADMIN, credentials=True),
    "credentials:manage_achievement": Rule(read=ISSUER_STAFF, write=ISSUER_STAFF, credentials=True,
                                           why="members see it (and re-render the form); admins save"),
    "credentials:manage_award": Rule(read=ISSUER_STAFF, write=ISSUER_STAFF, credentials=True),
    "credentials:manage_rule_create": Rule(read=None, write=ISSUER_ADMIN, credentials=True,
                                           body=lambda w: {"trigger": "completed", "min_attendance": "80"},
                                           probe=lambda w: w.achievement.rules.count()),
    "credentials:manage_rule_delete": Rule(read=None, write=ISSUER_ADMIN, credentials=True,
                                           probe=lambda w: w.achievement.rules.count()),
    "credentials:manage_revoke": Rule(read=None, write=ISSUER_STAFF, credentials=True,
                                      probe=lambda w: _fresh(w.credential).revoked_at),
    # the API's own pages (every operation is in API above)
    "api:openapi-json": PUBLIC_PAGE, "api:openapi-view": PUBLIC_PAGE,
    "api:api-root": Rule(read=NOBODY, why="Ninja's root has nothing: 404 for everyone"),
}

# Route families classified as a whole: (pattern over the route name, why). Their members are checked in
# their own tests below, not here.
FAMILIES = {
    "api:*": "every API operation is checked through the OpenAPI table above",
    "lrs:*": "the xAPI has its own authentication (client credentials) and conformance suite; see test_xapi",
    "admin:*": "Django's admin: site admins only; see test_admin_is_for_site_admins",
}


def named_routes(resolver=None, namespace: str = "", prefix: str = "") -> dict[str, str]:
    """Every named URL pattern: qualified name → its route (regex or path syntax)."""
    found: dict[str, str] = {}
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            found.update(named_routes(p, ns, prefix + str(p.pattern)))
        elif isinstance(p, URLPattern) and p.name:
            found[":".join(filter(None, [namespace, p.name]))] = prefix + str(p.pattern)
    return found


def page_params(name: str, w: World) -> dict[str, Any]:
    o, run, venue = w.opportunity, w.run, w.venue
    c, a = w.credential, w.achievement
    params = {
        "catalogue:opportunity": {"pk": o.pk}, "catalogue:run": {"pk": run.pk}, "catalogue:venue": {"pk": venue.pk},
        "catalogue:provider": {"slug": w.gangnam.slug}, "catalogue:district": {"slug": "gangnam-gu"},
        "catalogue:manage-provider": {"slug": w.gangnam.slug},
        "catalogue:manage-opportunity-create": {"slug": w.gangnam.slug},
        "catalogue:manage-venue-create": {"slug": w.gangnam.slug}, "catalogue:manage-venue": {"pk": venue.pk},
        "catalogue:manage-opportunity": {"pk": o.pk}, "catalogue:manage-opportunity-action": {
            "pk": o.pk, "action": "publish"},
        "catalogue:manage-run-create": {"pk": o.pk}, "catalogue:manage-run": {"pk": run.pk},
        "catalogue:manage-run-action": {"pk": run.pk, "action": "cancel"},
        "core:token-revoke": {"pk": w.people["learner"].api_tokens.first().pk} if w.people["learner"] else {},
        "exchange:import-run": {"pk": _import_run_pk()}, "exchange:personal-calendar": {"token": "not-a-token"},
        "exchange:feed": {"feed": "runs"}, "exchange:run-calendar": {"pk": run.pk},
        "monitoring:download": {"what": "indicators", "fmt_name": "csv"},
        "monitoring:statistic-delete": {"pk": w.statistic.pk if w.statistic else 1},
    }
    if c is not None:
        params.update({
            "credentials:issuer": {"slug": w.issuer.slug}, "credentials:issuer_document": {"slug": w.issuer.slug},
            "credentials:status_list": {"slug": w.issuer.slug, "number": 1},
            "credentials:achievement": {"uuid": a.uuid}, "credentials:achievement_image": {"uuid": a.uuid, "fmt": "svg"},
            "credentials:shared": {"token": w.share_token},
            "credentials:shared_download": {"token": w.share_token, "fmt": "json"},
            "credentials:credential": {"uuid": c.uuid}, "credentials:download": {"uuid": c.uuid, "fmt": "json"},
            "credentials:share": {"uuid": c.uuid}, "credentials:imported": {"uuid": w.imported.uuid},
            "credentials:imported_delete": {"uuid": w.imported.uuid},
            "credentials:manage_issuer": {"slug": w.issuer.slug},
            "credentials:manage_issuer_edit": {"slug": w.issuer.slug},
            "credentials:manage_key_rotate": {"slug": w.issuer.slug},
            "credentials:manage_achievement_create": {"slug": w.issuer.slug},
            "credentials:manage_achievement": {"uuid": a.uuid}, "credentials:manage_award": {"uuid": a.uuid},
            "credentials:manage_rule_create": {"uuid": a.uuid}, "credentials:manage_rule_delete": {"pk": w.rule.pk},
            "credentials:manage_revoke": {"uuid": c.uuid},
        })
    return params.get(name, {})


def _import_run_pk() -> int:
    from learningcity.exchange.models import ImportRun

    run = ImportRun.objects.order_by("pk").first()
    return run.pk if run else 1


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

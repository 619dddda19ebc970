"""The permission table: for each API operation and named page, which roles may read and which may write, and
how each route's placeholders are filled from the `matrix_world`. `test_permission_matrix.py` runs it.

Add a row here when you add an endpoint or a page (the matrix fails until you do). Roles are in
`matrix_world.ROLES`; a row names the roles *allowed*, and every other role must be refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.urls import URLPattern, URLResolver, get_resolver

from learningcity.platform.management.commands.openapi import generated_schema
from learningcity.platform.tests.matrix_world import ROLES, TODAY, World, vc_body
from learningcity.testing.factories import PASSWORD

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
GANGNAM = frozenset({"staff", "provider_admin", "city_office", "admin"})  # Gangnam-gu's people, and the city
OFFICE = frozenset({"city_office", "admin"})
OWNER = frozenset({"learner"})  # the learner whose credential (token, enrolment, passport entry) it is
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


def _self_report_body(w: World) -> dict:
    return {"title": "Matrix reading", "learned_on": TODAY.isoformat(), "hours": "1.5", "setting": "informal"}


# Erasing one's account: every signed-in person may erase their own (each confirms with their password; the
# world's people all have the factories' one). Each role's erasure is rolled back with its savepoint.
ERASE = {"confirmation": PASSWORD}


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
    # learners: one's own enrolments, passport and account (`/me`: there is no way to name another person's)
    **{f"GET /api/v1/me/{p}": Rule(read=SIGNED_IN) for p in (
        "enrolments", "profile", "passport", "self-reported", "personal-data")},
    "POST /api/v1/me/enrolments": Rule(
        read=None, write=SIGNED_IN - OWNER, body=lambda w: {"run_id": w.open_run.pk},
        probe=lambda w: w.open_run.enrolments.count(),
        why="anyone signed in enrols themselves; the learner already has a place (400)"),
    "GET /api/v1/me/enrolments/{pk}": Rule(read=OWNER),
    "POST /api/v1/me/enrolments/{pk}/cancel": Rule(
        read=None, write=OWNER, probe=lambda w: _fresh(w.place).status,
        why="staff cancel on the roster page"),
    "POST /api/v1/me/enrolments/{pk}/review": Rule(read=None, write=OWNER,
                                                   body=lambda w: {"rating": 5, "text": "Clear and kind."},
                                                   probe=lambda w: _reviewed(w.enrolment)),
    "PATCH /api/v1/me/profile": Rule(read=None, write=SIGNED_IN, body=lambda w: {"display_name": "Matrix"}),
    "PUT /api/v1/me/consent": Rule(read=None, write=SIGNED_IN, body=lambda w: {"statistics_consent": True}),
    "POST /api/v1/me/self-reported": Rule(read=None, write=SIGNED_IN, body=_self_report_body,
                                          probe=lambda w: _self_reports()),
    "GET /api/v1/me/self-reported/{pk}": Rule(read=OWNER),
    "PATCH /api/v1/me/self-reported/{pk}": Rule(read=None, write=OWNER, body=lambda w: {"hours": "3"},
                                                probe=lambda w: _fresh(w.self_report).hours),
    "DELETE /api/v1/me/self-reported/{pk}": Rule(read=None, write=OWNER, probe=lambda w: _self_reports()),
    "DELETE /api/v1/me": Rule(read=None, write=SIGNED_IN, body=lambda w: ERASE, probe=lambda w: _people(),
                              why="erases the caller's own account"),
    # learners: the provider's side of a run (Gangnam-gu's people and the city office); reviews
    "GET /api/v1/runs/{pk}/roster": Rule(read=GANGNAM),
    "POST /api/v1/runs/{pk}/attendance": Rule(read=None, write=GANGNAM, body=lambda w: {
        "session_date": w.session_date.isoformat(),
        "marks": [{"enrolment_id": w.enrolment.pk, "present": True}]},
        probe=lambda w: w.enrolment.attendance.count()),
    "POST /api/v1/enrolments/{pk}/attendance": Rule(read=None, write=GANGNAM, body=lambda w: {
        "session_date": w.session_date.isoformat(), "present": True},
        probe=lambda w: w.enrolment.attendance.count()),
    "POST /api/v1/enrolments/{pk}/completion": Rule(
        read=None, write=GANGNAM, body=lambda w: {"completed": False},
        probe=lambda w: _fresh(w.enrolment).status),
    "GET /api/v1/runs/{pk}/reviews/all": Rule(read=GANGNAM, why="hidden reviews too"),
    "POST /api/v1/reviews/{pk}/reply": Rule(read=None, write=GANGNAM, body=lambda w: {"text": "Thank you."},
                                            probe=lambda w: _fresh(w.review).reply),
    "POST /api/v1/reviews/{pk}/hide": Rule(
        read=None, write=OFFICE, body=lambda w: {"reason": "Names a person."},
        probe=lambda w: _fresh(w.review).hidden),
    "GET /api/v1/runs/{pk}/reviews": Rule(why="a published run's visible reviews are public"),
}


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def api_operations() -> list[str]:
    schema = generated_schema()
    return sorted(f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops)


# Which record a `{pk}` names, by the path's beginning (the first that matches).
API_PK: list[tuple[str, Callable[[World], Any]]] = [
    ("/api/v1/me/enrolments/{pk}/cancel", lambda w: w.place),
    ("/api/v1/me/enrolments/", lambda w: w.enrolment),
    ("/api/v1/enrolments/", lambda w: w.enrolment),
    ("/api/v1/me/self-reported/", lambda w: w.self_report),
    ("/api/v1/reviews/", lambda w: w.review),
    ("/api/v1/runs/{pk}/r", lambda w: w.live_run),  # roster, reviews: a published run with people on it
    ("/api/v1/runs/{pk}/attendance", lambda w: w.live_run),
    ("/api/v1/runs/", lambda w: w.run),
    ("/api/v1/venues/", lambda w: w.venue),
    ("/api/v1/", lambda w: w.opportunity),
]


def fill_api_path(path: str, w: World) -> str:
    if "{pk}" in path:
        record = next(pick(w) for prefix, pick in API_PK if path.startswith(prefix))
        path = path.replace("{pk}", str(record.pk))
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
    # learners: enrolling and one's own enrolments
    "learners:my-enrolments": SIGNED_IN_PAGE,
    "learners:enrol": Rule(read=None, write=SIGNED_IN - OWNER, probe=lambda w: w.open_run.enrolments.count(),
                           why="the learner already has a place: told so, nothing changes"),
    "learners:enrolment-cancel": Rule(read=None, write=OWNER | GANGNAM, why="the person, or the run's staff",
                                      probe=lambda w: _fresh(w.place).status),
    "learners:review-create": Rule(read=OWNER, write=OWNER, body=lambda w: {"rating": "5", "text": "Clear."},
                                   probe=lambda w: _reviewed(w.enrolment)),
    # learners: the provider's side of a run
    "learners:roster": Rule(read=GANGNAM), "learners:roster-csv": Rule(read=GANGNAM),
    "learners:enrolment-complete": Rule(read=None, write=GANGNAM, body=lambda w: {"completed": "0"},
                                        probe=lambda w: _fresh(w.enrolment).status),
    "learners:attendance": Rule(read=None, write=GANGNAM, body=lambda w: {
        "session_date": w.session_date.isoformat(), f"present-{w.enrolment.pk}": "on"},
        probe=lambda w: w.enrolment.attendance.count()),
    "learners:review-reply": Rule(read=None, write=GANGNAM, body=lambda w: {"reply": "Thank you."},
                                  probe=lambda w: _fresh(w.review).reply),
    "learners:review-hide": Rule(read=None, write=OFFICE, body=lambda w: {"reason": "Names a person."},
                                 probe=lambda w: _fresh(w.review).hidden),
    # learners: one's account, passport and privacy (no URL names another person)
    "learners:signup": Rule(write=frozenset({"anonymous"}), probe=lambda w: _people(), body=lambda w: {
        "email": "newcomer@example.org", "password": "a-long-matrix-passphrase", "display_name": "Newcomer"},
        why="a signed-in person is sent to their passport"),
    "learners:profile": Rule(read=SIGNED_IN, write=SIGNED_IN, body=lambda w: {"display_name": "Matrix"}),
    "learners:consent": Rule(read=None, write=SIGNED_IN, body=lambda w: {"statistics_consent": "on"}),
    "learners:privacy": SIGNED_IN_PAGE, "learners:privacy-export": SIGNED_IN_PAGE,
    "learners:erase": Rule(read=SIGNED_IN, write=SIGNED_IN, body=lambda w: ERASE, probe=lambda w: _people(),
                           why="erases the caller's own account"),
    "learners:passport": SIGNED_IN_PAGE, "learners:passport-print": SIGNED_IN_PAGE,
    "learners:passport-export": SIGNED_IN_PAGE,
    "learners:calendar-renew": Rule(read=None, write=SIGNED_IN),
    "learners:self-report-create": Rule(read=SIGNED_IN, write=SIGNED_IN, body=_self_report_body,
                                        probe=lambda w: _self_reports()),
    "learners:self-report-edit": Rule(read=OWNER, write=OWNER, probe=lambda w: _fresh(w.self_report).title,
                                      body=lambda w: {**_self_report_body(w), "title": "Taken"}),
    "learners:self-report-delete": Rule(read=None, write=OWNER, probe=lambda w: _self_reports()),
}


def _reviewed(enrolment) -> bool:
    from learningcity.learners.models import Review

    return Review.objects.filter(enrolment=enrolment).exists()


def _people() -> int:
    from learningcity.core.models import User

    return User.objects.count()


def _self_reports() -> int:
    from learningcity.learners.models import SelfReportedLearning

    return SelfReportedLearning.objects.count()

# Route families classified as a whole: (pattern over the route name, why). Their members are checked in
# their own tests below, not here.
FAMILIES = {
    "api:*": "every API operation is checked through the OpenAPI table above",
    "lrs:*": "the xAPI has its own authentication (client credentials) and conformance suite; see test_xapi",
    "admin:*": "Django's admin: site admins only; see test_admin_is_for_site_admins",
}


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
        "learners:enrol": {"pk": w.open_run.pk}, "learners:enrolment-cancel": {"pk": w.place.pk},
        "learners:review-create": {"pk": w.enrolment.pk},
        "learners:enrolment-complete": {"pk": w.enrolment.pk},
        **{f"learners:{n}": {"pk": w.live_run.pk} for n in ("roster", "roster-csv", "attendance")},
        "learners:review-reply": {"pk": w.review.pk}, "learners:review-hide": {"pk": w.review.pk},
        "learners:self-report-edit": {"pk": w.self_report.pk},
        "learners:self-report-delete": {"pk": w.self_report.pk},
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

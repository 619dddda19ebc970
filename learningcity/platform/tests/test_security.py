"""Secure headers on every page, cookies and HTTPS settings as production sets them, CSRF on every form,
sign-in rate limiting shared by all server processes, and no secret in the repository."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from learningcity.config.env import BASE_DIR
from learningcity.platform.tests.permission_table import PAGES, page_params

FORM_POST = re.compile(r"<form\b[^>]*\bmethod=[\"']?post", re.I)
FORM_ACTION = re.compile(r"<form\b[^>]*\bmethod=[\"']?post[^>]*>", re.I)


def world_needs(request) -> set[str]:
    return {"credentials", "snapshot"}


def readable_pages(world) -> list[tuple[str, str]]:
    """(url, role) for every classified page someone may read, as one of the roles allowed to read it."""
    pages = []
    for name, rule in sorted(PAGES.items()):
        if not rule.read:
            continue
        role = next(r for r in ("admin", "provider_admin", "learner", "anonymous") if r in rule.read)
        pages.append((reverse(name, kwargs=page_params(name, world)), role))
    return pages


# --- headers ------------------------------------------------------------------------------------------------

def assert_secure_headers(response, url):
    csp = response.get("Content-Security-Policy", "")
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";") if d.strip())
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (url, csp)
    assert directives.get("script-src") == "'self'" and directives.get("style-src") == "'self'", (url, csp)
    assert directives.get("frame-ancestors") == "'none'" and directives.get("object-src") == "'none'", (url, csp)
    assert response.get("X-Frame-Options") == "DENY", url
    assert response.get("X-Content-Type-Options") == "nosniff", url
    assert response.get("Referrer-Policy") == "same-origin", url
    assert "Strict-Transport-Security" not in response, f"{url}: HSTS over plain HTTP"


def test_every_page_sends_the_secure_headers(world):
    checked = 0
    for url, role in readable_pages(world):
        response = world.page_client(role).get(url)
        assert response.status_code < 400, (url, role, response.status_code)
        assert_secure_headers(response, url)
        checked += 1
    for url in ("/api/v1/opportunities", "/api/v1/nowhere", "/no/such/page/", "/xapi/about"):
        assert_secure_headers(Client().get(url), url)
    assert checked > 40


# --- input no page can take ----------------------------------------------------------------------------------

def test_a_nul_character_in_any_address_is_a_400(world):
    # PostgreSQL cannot compare text holding NUL, so a filter like ?district=%00 was a 500 there (found by the
    # API fuzz test); one middleware refuses it for every page and API route, the LRS in its own parameters.
    checked = 0
    for url, role in readable_pages(world):
        client = world.page_client(role)
        response = client.get(url + "?q=%00&district=%00")
        assert response.status_code == 400, (url, response.status_code)
        assert "%00" in response.content.decode(), url
        checked += 1
    assert checked > 40
    api = Client().get("/api/v1/opportunities", {"district": "\x00"})
    assert api.status_code == 400 and api["Content-Type"] == "application/problem+json"
    assert "NUL" in api.json()["detail"]
    for url in ("/api/v1/providers/a%00b", "/api/v1/districts/%00", "/opportunities/%00/"):
        assert Client().get(url).status_code == 400, url
    korean = Client().get("/search/?q=%00", HTTP_ACCEPT_LANGUAGE="ko")
    assert korean.status_code == 400 and "주소에 NUL 문자" in korean.content.decode()
    assert Client().get("/api/v1/neighbourhoods", {"district": "jongno-gu"}).status_code == 200
    assert Client().get("/search/", {"q": "100%"}).status_code == 200  # a percent sign alone is fine


def _production(code: str, **env: str) -> dict:
    """Run `code` with the production settings (not the test ones) in a fresh interpreter; it prints JSON."""
    environ = {k: v for k, v in os.environ.items() if k not in ("LEARNINGCITY_TESTING", "LEARNINGCITY_DEBUG")}
    environ.update({"DJANGO_SETTINGS_MODULE": "learningcity.config.settings",
                    "LEARNINGCITY_SECRET_KEY": "x" * 50, "LEARNINGCITY_ALLOWED_HOSTS": "city.example", **env})
    script = "import django, json; django.setup()\nfrom django.conf import settings\n" + code
    result = subprocess.run([sys.executable, "-c", script], env=environ, capture_output=True, text=True,
                            cwd=BASE_DIR, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


REQUEST_OVER = """
from django.test import Client
c = Client(HTTP_HOST="city.example")
plain = c.get("/api/v1/openapi.json")
tls = c.get("/api/v1/openapi.json", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({"cookie_secure": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
                  "httponly": settings.SESSION_COOKIE_HTTPONLY, "samesite": [settings.SESSION_COOKIE_SAMESITE,
                  settings.CSRF_COOKIE_SAMESITE], "plain": [plain.status_code, plain.get("Location", ""),
                  plain.get("Strict-Transport-Security")], "tls": [tls.status_code,
                  tls.get("Strict-Transport-Security")]}))
"""


def test_https_deployment_sends_hsts_and_secure_cookies():
    seen = _production(REQUEST_OVER, LEARNINGCITY_HTTPS="1")
    assert seen["cookie_secure"] == [True, True] and seen["httponly"] is True
    assert seen["samesite"] == ["Lax", "Lax"]
    status, location, hsts = seen["plain"]
    assert status == 301 and location.startswith("https://city.example/") and hsts is None
    status, hsts = seen["tls"]
    assert status == 200 and hsts and "max-age=31536000" in hsts and "includeSubDomains" in hsts


def test_plain_http_deployment_sends_no_hsts():
    seen = _production(REQUEST_OVER, LEARNINGCITY_HTTPS="0")
    assert seen["plain"][0] == 200 and seen["plain"][2] is None and seen["tls"][1] is None
    assert seen["httponly"] is True and seen["samesite"] == ["Lax", "Lax"]


def test_session_cookie_is_httponly_and_samesite(db, learner):
    from learningcity.testing.factories import PASSWORD

    client = Client()
    page = client.get(reverse("core:login"))
    assert page.cookies["csrftoken"]["samesite"] == "Lax"
    response = client.post(reverse("core:login"), {"username": learner.email, "password": PASSWORD})
    assert response.status_code == 302
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"


# --- passwords ----------------------------------------------------------------------------------------------

def test_in_service_passwords_are_argon2_and_older_hashes_are_upgraded_at_sign_in(db, learner, settings):
    """Tests hash with MD5 (speed); the service with Argon2, and a PBKDF2 hash from before still signs in and is
    re-hashed with Argon2 as it does."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher

    from learningcity.testing.factories import PASSWORD

    assert django_settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert identify_hasher(learner.password).algorithm == "md5"
    settings.PASSWORD_HASHERS = django_settings.SERVICE_PASSWORD_HASHERS
    learner.password = PBKDF2PasswordHasher().encode(PASSWORD, "pbkdf2salt", iterations=1000)  # cheap, still PBKDF2
    learner.save(update_fields=["password"])
    response = Client().post(reverse("core:login"), {"username": learner.email, "password": PASSWORD})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert identify_hasher(learner.password).algorithm == "argon2"
    # argon2id at OWASP's minimum: 19 MiB, 2 passes, 1 lane (core/hashers.py says why not Django's defaults)
    assert "$argon2id$" in learner.password and "m=19456,t=2,p=1" in learner.password
    assert learner.check_password(PASSWORD) and not learner.check_password(PASSWORD + "x")


# --- CSRF ---------------------------------------------------------------------------------------------------

def test_every_form_post_needs_the_csrf_token(world):
    """Every page that renders a POST form refuses that form without its token (403), for the role that may use
    it; and every classified write route does too, whether or not a page shows its form."""
    posted = set()
    for url, role in readable_pages(world):
        response = world.page_client(role).get(url)
        if response.streaming or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode("utf-8", "replace")
        for tag in FORM_ACTION.findall(html):
            action = re.search(r"\baction=[\"']([^\"']*)", tag)
            target = (action.group(1) if action and action.group(1) else url).replace("&amp;", "&")
            posted.add((target, role))
    for name, rule in PAGES.items():
        if rule.write:
            role = next(r for r in ("admin", "provider_admin", "learner", "anonymous") if r in rule.write)
            posted.add((reverse(name, kwargs=page_params(name, world)), role))
    assert len(posted) > 30
    unprotected = []
    for target, role in sorted(posted):
        client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        if role != "anonymous":
            client.force_login(world.people[role])
        response = client.post(target, {"title": "x", "name": "x"})
        if response.status_code != 403:
            unprotected.append(f"{target} as {role}: {response.status_code}")
    assert not unprotected, "forms accepted without a CSRF token:\n" + "\n".join(unprotected)


def test_api_session_writes_need_csrf_but_tokens_do_not(world):
    """The API takes a session (then CSRF applies) or a bearer token (no cookie, so no CSRF)."""
    url = f"/api/v1/opportunities/{world.opportunity.pk}"
    by_session = Client(enforce_csrf_checks=True)
    by_session.force_login(world.people["staff"])
    refused = by_session.patch(url, data=json.dumps({"title": "Taken"}), content_type="application/json")
    assert refused.status_code in (401, 403)
    by_token = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {world.tokens['staff']}")
    accepted = by_token.patch(url, data=json.dumps({"title": "Taken"}), content_type="application/json")
    assert accepted.status_code == 200


# --- sign-in rate limiting ----------------------------------------------------------------------------------

@pytest.fixture
def login_rate(settings):
    settings.LOGIN_RATE = "3/5m"
    from django.core.cache import cache

    cache.clear()
    yield 3
    cache.clear()


def _sign_in(email, password, address="198.51.100.7"):
    return Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en").post(
        reverse("core:login"), {"username": email, "password": password})


def test_failed_sign_ins_are_limited_per_account(db, learner, login_rate):
    from learningcity.testing.factories import PASSWORD

    for _ in range(login_rate):
        assert "do not match" in _sign_in(learner.email, "wrong password").content.decode()
    refused = _sign_in(learner.email, PASSWORD, address="203.0.113.9")  # the right password, from elsewhere
    assert refused.status_code == 200 and "Too many failed attempts" in refused.content.decode()
    assert "_auth_user_id" not in refused.wsgi_request.session
    other = _sign_in(world_email := "someone-else@example.org", "wrong", address="203.0.113.9")
    assert "do not match" in other.content.decode(), world_email  # another account from elsewhere: not blocked


def test_failed_sign_ins_are_limited_per_address(db, learner, login_rate):
    from learningcity.testing.factories import PASSWORD

    for n in range(login_rate):
        _sign_in(f"guess{n}@example.org", "wrong password")
    refused = _sign_in(learner.email, PASSWORD)
    assert "Too many failed attempts" in refused.content.decode()
    assert _sign_in(learner.email, PASSWORD, address="192.0.2.1").status_code == 302


def test_a_successful_sign_in_does_not_reset_its_address_count(db, learner, login_rate):
    """Otherwise one could guess at others' accounts, sign in to one's own, and guess again."""
    from learningcity.testing.factories import PASSWORD

    for n in range(login_rate - 1):
        _sign_in(f"guess{n}@example.org", "wrong password")
    assert _sign_in(learner.email, PASSWORD).status_code == 302
    _sign_in("guess-last@example.org", "wrong password")
    assert "Too many failed attempts" in _sign_in("guess-more@example.org", "x").content.decode()


def test_the_count_is_shared_by_every_server_process(db, learner, login_rate):
    """The counter lives in the database cache (one table every process reads), not in a process's memory."""
    backend = django_settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache", backend
    _sign_in(learner.email, "wrong password")
    table = connection.ops.quote_name(django_settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")
        keys = [row[0] for row in cursor.fetchall()]
    assert sum("login-fail:account:" in k for k in keys) == 1 and sum("login-fail:address:" in k for k in keys) == 1


# --- secrets ------------------------------------------------------------------------------------------------

PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")
ASSIGNED_SECRET = re.compile(r"""(?i)\b(SECRET_KEY|KEY_ENCRYPTION_KEY|API_KEY|TOKEN)\s*=\s*["'][^"'\s]{16,}["']""")
# Test accounts' passwords are not secrets; a password in the product's own code would be.
ASSIGNED_PASSWORD = re.compile(r"""(?i)\bPASSWORD\s*=\s*["'][^"'\s]{8,}["']""")
NOT_PRODUCT = ("/tests/", "/testing/", "bench/")


UNTRACKED = {".git", ".venv", "node_modules", "var", "test-output", ".hypothesis", "learningcity.egg-info"}


def tracked_files() -> list:
    """The repository's files (git's list; every file outside the untracked folders when not a git checkout)."""
    try:
        out = subprocess.run(["git", "ls-files"], cwd=BASE_DIR, capture_output=True, text=True, check=True).stdout
        return [BASE_DIR / line for line in out.splitlines() if line]
    except (OSError, subprocess.CalledProcessError):
        return [p for p in BASE_DIR.rglob("*") if not UNTRACKED & set(p.relative_to(BASE_DIR).parts)]


def test_no_secret_is_in_the_repository():
    found = []
    for path in tracked_files():
        if path.suffix in (".png", ".jpg", ".mo", ".gz", ".zip", ".pdf", ".sqlite3", ".duckdb") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if PRIVATE_KEY.search(text):
            found.append(f"{path.relative_to(BASE_DIR)}: a private key")
        matches = list(ASSIGNED_SECRET.finditer(text))
        if not any(part in f"/{path.relative_to(BASE_DIR)}" for part in NOT_PRODUCT):
            matches += ASSIGNED_PASSWORD.finditer(text)
        found += [f"{path.relative_to(BASE_DIR)}: {m.group(0)[:60]}" for m in matches]
    assert not found, "secrets belong in the environment (var/secrets.env for the demo):\n" + "\n".join(found)


def test_settings_read_secrets_from_the_environment_and_refuse_to_start_without():
    from learningcity.config import env

    secret_names = {s.name for s in env.INVENTORY if s.secret}
    assert {"LEARNINGCITY_SECRET_KEY", "LEARNINGCITY_KEY_ENCRYPTION_KEY"} <= secret_names
    assert all(s.default == "" for s in env.INVENTORY if s.secret)
    environ = {k: v for k, v in os.environ.items()
               if k not in ("LEARNINGCITY_TESTING", "LEARNINGCITY_DEBUG", "LEARNINGCITY_SECRET_KEY")}
    result = subprocess.run([sys.executable, "-c", "import learningcity.config.settings"], cwd=BASE_DIR,
                            env=environ, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "LEARNINGCITY_SECRET_KEY is not set" in result.stderr


def test_the_demo_generates_its_own_secrets(tmp_path, monkeypatch):
    from learningcity.core.secrets import ensure_secrets_file

    def generate(folder):
        monkeypatch.setenv("LEARNINGCITY_VAR_DIR", str(folder))
        return dict(line.split("=", 1) for line in ensure_secrets_file().read_text().splitlines()
                    if line and not line.startswith("#"))

    first, second = generate(tmp_path / "a"), generate(tmp_path / "b")
    assert first["LEARNINGCITY_SECRET_KEY"] != second["LEARNINGCITY_SECRET_KEY"]
    assert first["LEARNINGCITY_KEY_ENCRYPTION_KEY"] != second["LEARNINGCITY_KEY_ENCRYPTION_KEY"]
    assert len(first["LEARNINGCITY_SECRET_KEY"]) >= 50
    assert oct((tmp_path / "a" / "secrets.env").stat().st_mode & 0o777) == "0o600"


def test_a_debug_server_signs_with_the_generated_key_across_processes(tmp_path):
    """Debug without a key uses var/secrets.env (generated once), so its worker processes and restarts agree."""
    environ = {k: v for k, v in os.environ.items() if k not in ("LEARNINGCITY_TESTING", "LEARNINGCITY_SECRET_KEY")}
    environ.update({"LEARNINGCITY_DEBUG": "1", "LEARNINGCITY_VAR_DIR": str(tmp_path),
                    "DJANGO_SETTINGS_MODULE": "learningcity.config.settings"})
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    keys = [subprocess.run([sys.executable, "-c", code], env=environ, cwd=BASE_DIR, capture_output=True, text=True,
                           timeout=120).stdout.strip() for _ in range(2)]
    assert keys[0] and keys[0] == keys[1] and len(keys[0]) >= 50
    assert f"LEARNINGCITY_SECRET_KEY={keys[0]}" in (tmp_path / "secrets.env").read_text()


def test_behind_a_proxy_the_count_is_per_client_not_per_proxy(db, learner, login_rate, settings):
    """One nginx in front: every connection comes from it; the address counted is the one it appended."""
    from learningcity.testing.factories import PASSWORD

    settings.PROXY_HOPS = 1

    def through_proxy(email, password, client, claimed=""):
        forwarded = f"{claimed}, {client}" if claimed else client
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded, HTTP_ACCEPT_LANGUAGE="en").post(
            reverse("core:login"), {"username": email, "password": password})

    for n in range(login_rate):  # one client guesses, each time claiming another address
        through_proxy(f"guess{n}@example.org", "wrong", "198.51.100.7", claimed=f"203.0.113.{n}")
    assert "Too many failed attempts" in through_proxy(learner.email, PASSWORD, "198.51.100.7").content.decode()
    assert through_proxy(learner.email, PASSWORD, "192.0.2.44").status_code == 302  # everyone else signs in

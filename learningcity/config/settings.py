"""Django settings. Every value that varies by deployment comes from `env.py`'s inventory, nowhere else."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from learningcity.config.env import BASE_DIR, env

TESTING = "pytest" in sys.modules or os.environ.get("LEARNINGCITY_TESTING") == "1"
DEBUG = env("LEARNINGCITY_DEBUG")
VAR_DIR = Path(env("LEARNINGCITY_VAR_DIR"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env("LEARNINGCITY_SECRET_KEY")
if not SECRET_KEY:
    if TESTING:
        # A key of this test process's own (a live test server is given one of its own in its environment).
        import secrets

        SECRET_KEY = secrets.token_urlsafe(50)
    elif DEBUG:
        # The same generated file the demo uses (var/secrets.env, never committed), so every worker process
        # and every restart of a debug server signs alike.
        from learningcity.core.secrets import generated_secret

        SECRET_KEY = generated_secret("LEARNINGCITY_SECRET_KEY")
    else:
        raise RuntimeError(
            "LEARNINGCITY_SECRET_KEY is not set. Run `learningcity demo` (which generates var/secrets.env) "
            "or set it in the environment."
        )

ALLOWED_HOSTS = env("LEARNINGCITY_ALLOWED_HOSTS") + (["testserver"] if TESTING else [])
BASE_URL = env("LEARNINGCITY_BASE_URL").rstrip("/")
CITY_NAME = env("LEARNINGCITY_CITY_NAME")
HTTPS = env("LEARNINGCITY_HTTPS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "learningcity.core",
    "learningcity.catalogue",
    "learningcity.search",
    "learningcity.exchange",
    "learningcity.learners",
    "learningcity.lrs",
    "learningcity.credentials",
    "learningcity.monitoring",
    "learningcity.platform",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "learningcity.core.middleware.SecureHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "learningcity.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "learningcity.config.urls"
WSGI_APPLICATION = "learningcity.config.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "catalogue:home"
LOGOUT_REDIRECT_URL = "catalogue:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "learningcity.core.context_processors.site",
                "learningcity.catalogue.context_processors.staff",
            ],
        },
    },
]


def _database() -> dict:
    url = env("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = _sqlite_options()
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "learningcity.sqlite3"),
        "OPTIONS": _sqlite_options(),
        # Keep connections across requests: a new SQLite connection re-reads the schema and re-registers
        # Django's SQL functions, which costs more than a small request's own work (LRS single POSTs).
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        # A file, not :memory:, so concurrency tests use real separate connections.
        "TEST": {"NAME": str(VAR_DIR / "test-learningcity.sqlite3")},
    }


def _sqlite_options() -> dict:
    # WAL lets readers run beside the writer; synchronous=NORMAL in WAL mode survives a process crash
    # (the OS holds the pages), which is the durability the LRS promises. IMMEDIATE transactions take the
    # write lock at BEGIN, so two writers queue on busy_timeout instead of failing on lock upgrade.
    return {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=30000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # The database cache is shared by every server process (login rate limits, stored pages).
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "learningcity_cache"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 (argon2id) first: OWASP's first recommendation for password storage, memory-hard, and far less CPU per
# sign-in than PBKDF2 at Django's 1,000,000 iterations (which dominated the load benchmark's p95). Django's other
# hashers follow, so existing hashes still verify; a PBKDF2 hash is re-hashed with Argon2 at its next sign-in.
SERVICE_PASSWORD_HASHERS = [
    "learningcity.core.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# Tests make hundreds of accounts: a fast hash there (test_security checks the service list above).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"] if TESTING else SERVICE_PASSWORD_HASHERS



def _languages(codes: list[str]) -> list[tuple[str, str]]:
    """(code, name) for each code Django knows; names come from Django's own catalogues, in every language."""
    from django.conf.locale import LANG_INFO

    unknown = [code for code in codes if code not in LANG_INFO]
    if unknown or not codes:
        raise RuntimeError(f"LEARNINGCITY_LANGUAGES: unknown language code(s) {unknown or codes}; use Django's "
                           "codes, e.g. ko,en,vi,zh-hans")
    return [(code, _(LANG_INFO[code]["name"])) for code in codes]


# A third language is a setting and catalogues, no code change (docs/languages.md).
LANGUAGES = _languages(env("LEARNINGCITY_LANGUAGES"))
LANGUAGE_CODE = LANGUAGES[0][0]
# Each app keeps its own catalogue in <app>/locale/ (found automatically); compile with
# `learningcity compile-translations`.
LOCALE_PATHS: list[Path] = []
TIME_ZONE = env("LEARNINGCITY_TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing root even when it serves from finders
# Front-end libraries come from npm (package.json), never copied into the repository.
STATICFILES_DIRS = [
    (prefix, BASE_DIR / "node_modules" / path)
    for prefix, path in (("vendor/leaflet", "leaflet/dist"), ("vendor/htmx", "htmx.org/dist"))
    if (BASE_DIR / "node_modules" / path).is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

EMAIL_BACKEND = env("LEARNINGCITY_EMAIL_BACKEND")
DEFAULT_FROM_EMAIL = env("LEARNINGCITY_DEFAULT_FROM_EMAIL")

# Security. CSP is set by core.middleware.SecureHeadersMiddleware (no inline scripts or styles anywhere).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
LOGIN_RATE = env("LEARNINGCITY_LOGIN_RATE")
PROXY_HOPS = env("LEARNINGCITY_PROXY_HOPS")

SEARCH_DIR = Path(env("LEARNINGCITY_SEARCH_DIR") or VAR_DIR / "search-index")
KEY_ENCRYPTION_KEY = env("LEARNINGCITY_KEY_ENCRYPTION_KEY")
SUPPRESSION_K = env("LEARNINGCITY_SUPPRESSION_K")

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "learningcity": {"handlers": ["console"], "level": env("LEARNINGCITY_LOG_LEVEL"), "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

NINJA_PAGINATION_MAX_LIMIT = 200

"""Every environment variable the platform reads, declared once: name, type, default and one line of help.

`docs/settings.md` is generated from this table (`learningcity settings --markdown`) and a test keeps the two
in step. Secrets come only from the environment; the demo writes its own into `var/secrets.env`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

BASE_DIR = Path(__file__).resolve().parents[2]


def _bool(value: str) -> bool:
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (1/0, true/false), got {value!r}")


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


@dataclass(frozen=True)
class Setting:
    name: str
    parse: Callable[[str], Any]
    default: str
    help: str
    secret: bool = False

    @property
    def type_name(self) -> str:
        return {str: "string", int: "integer", float: "number", _bool: "boolean", _list: "list"}.get(
            self.parse, "string"
        )


INVENTORY: tuple[Setting, ...] = (
    Setting("LEARNINGCITY_DEBUG", _bool, "false", "Django debug mode. Never on in production."),
    Setting(
        "LEARNINGCITY_SECRET_KEY",
        str,
        "",
        "Django secret key. Required unless debug or tests; `learningcity demo` generates one in var/secrets.env.",
        secret=True,
    ),
    Setting(
        "DATABASE_URL",
        str,
        "",
        "Database URL. Empty: embedded SQLite at var/learningcity.sqlite3. postgres://user@host:5432/name "
        "selects PostgreSQL.",
    ),
    Setting("LEARNINGCITY_VAR_DIR", str, str(BASE_DIR / "var"), "Folder for the SQLite file, search index, keys and uploads."),
    Setting(
        "LEARNINGCITY_ALLOWED_HOSTS",
        _list,
        "127.0.0.1,localhost",
        "Comma-separated host names the server answers to.",
    ),
    Setting(
        "LEARNINGCITY_BASE_URL",
        str,
        "http://127.0.0.1:8000",
        "Public base URL, used in feeds, JSON-LD ids, credentials and emails.",
    ),
    Setting("LEARNINGCITY_HTTPS", _bool, "false", "Served over HTTPS: turns on HSTS and secure cookies."),
    Setting("LEARNINGCITY_CITY_NAME", str, "Seoul", "The city's name as shown on pages."),
    Setting("LEARNINGCITY_TIME_ZONE", str, "Asia/Seoul", "The city's time zone (IANA name)."),
    Setting(
        "LEARNINGCITY_LANGUAGES",
        _list,
        "ko,en",
        "Languages offered, as Django language codes (e.g. ko,en,vi); the first is the default. Each needs its "
        "catalogues: see docs/languages.md.",
    ),
    Setting(
        "LEARNINGCITY_EMAIL_BACKEND",
        str,
        "django.core.mail.backends.console.EmailBackend",
        "Django email backend. The default prints mail to the console; no mail leaves the machine.",
    ),
    Setting("LEARNINGCITY_DEFAULT_FROM_EMAIL", str, "learning@localhost", "Sender address of platform mail."),
    Setting(
        "LEARNINGCITY_KEY_ENCRYPTION_KEY",
        str,
        "",
        "Key that encrypts issuers' signing keys at rest (urlsafe base64, 32 bytes). The demo generates one.",
        secret=True,
    ),
    Setting("LEARNINGCITY_SEARCH_DIR", str, "", "Search index folder. Empty: <var>/search-index."),
    Setting("LEARNINGCITY_LOG_LEVEL", str, "INFO", "Log level for the platform's own loggers."),
    Setting(
        "LEARNINGCITY_LOGIN_RATE",
        str,
        "10/5m",
        "Failed sign-ins allowed per account and address before sign-in is refused for a while (count/period).",
    ),
    Setting(
        "LEARNINGCITY_PROXY_HOPS",
        int,
        "0",
        "Reverse proxies in front of the server that append the client's address to X-Forwarded-For (1 for one "
        "nginx). 0: the connection's address is the client's. Sign-in limits count per client address.",
    ),
    Setting("LEARNINGCITY_SUPPRESSION_K", int, "10", "Open data: cells counting fewer than k people are suppressed."),
    Setting("LEARNINGCITY_WORKERS", int, "0", "Server worker processes. 0: twice the CPU count, plus one."),
    Setting(
        "LEARNINGCITY_SERVER",
        str,
        "gunicorn",
        "HTTP server behind `learningcity serve`: gunicorn, or granian (HTTP in Rust; measured 1.5 times the "
        "LRS's single-statement rate on 2 cores, see docs/lrs.md).",
    ),
)

_BY_NAME = {s.name: s for s in INVENTORY}


def env(name: str) -> Any:
    """The parsed value of a declared setting. Reading an undeclared name is a programming error."""
    setting = _BY_NAME[name]
    raw = os.environ.get(name, setting.default)
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from exc


def markdown() -> str:
    rows = ["| variable | type | default | what it does |", "|---|---|---|---|"]
    for s in INVENTORY:
        default = "(generated)" if s.secret else (f"`{s.default}`" if s.default else "(empty)")
        if s.name == "LEARNINGCITY_VAR_DIR":
            default = "`<repo>/var`"
        rows.append(f"| `{s.name}` | {s.type_name} | {default} | {s.help} |")
    return "\n".join(rows) + "\n"

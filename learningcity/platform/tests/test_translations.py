"""Korean is complete: every user-facing string of an app with a catalogue is extracted, translated, not fuzzy,
not stale, keeps its placeholders, and is the translation a visitor actually gets (not shadowed by Django's own
catalogues). Needs GNU gettext (`makemessages`, `msgfmt`), which CI installs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.utils import translation

from learningcity.config.env import BASE_DIR

PACKAGE = BASE_DIR / "learningcity"
# The apps with user-facing strings; a test below fails when an app has strings but is not listed here.
REQUIRED = ("core", "catalogue", "search", "exchange", "credentials", "monitoring", "learners")
APPS = sorted(set(REQUIRED) | {p.parts[-5] for p in PACKAGE.glob("*/locale/ko/LC_MESSAGES/django.po")})
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|%\([a-z_]+\)\.\d+f|\{[a-z_]+\}")


def po_path(app: str):
    return PACKAGE / app / "locale" / "ko" / "LC_MESSAGES" / "django.po"


def catalogue(path):
    with path.open("rb") as fh:
        return read_po(fh, locale="ko")


def keys(cat) -> set:
    return {(m.context, m.id) for m in cat if m.id}


@pytest.mark.parametrize("app", APPS)
def test_catalogue_is_current(app, tmp_path):
    """Extract the app's strings afresh into a copy; the committed catalogue must hold exactly those."""
    assert po_path(app).exists(), f"{app} has no Korean catalogue"
    copy = tmp_path / app
    shutil.copytree(PACKAGE / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["ko"], no_location=True, verbosity=0)
    finally:
        os.chdir(cwd)
    fresh, committed = keys(catalogue(copy / "locale/ko/LC_MESSAGES/django.po")), keys(catalogue(po_path(app)))
    missing, stale = fresh - committed, committed - fresh
    assert not missing, (f"{app}: strings not in the catalogue (run `learningcity makemessages -l ko` in "
                         f"learningcity/{app} and translate them): {sorted(m[1] for m in missing)[:20]}")
    assert not stale, f"{app}: strings no longer in the code (remove them): {sorted(m[1] for m in stale)[:20]}"


@pytest.mark.parametrize("app", APPS)
def test_every_string_is_translated(app):
    cat = catalogue(po_path(app))
    problems = []
    for m in cat:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        if "fuzzy" in m.flags:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        if any(set(PLACEHOLDER.findall(s)) != wanted for s in strings):
            problems.append(f"placeholders differ: {ids[0]!r} → {strings!r}")
        if not re.search(r"[가-힣]", " ".join(strings)) and not re.fullmatch(r"[A-Z]+|%\(\w+\)s[^ ]*", ids[0]) \
                and re.search(r"[a-z]", ids[0]):  # acronyms and symbols ("(VC-API)") stay as they are
            problems.append(f"not Korean: {ids[0]!r} → {strings!r}")
    assert not cat.obsolete, f"{app}: obsolete entries left in the catalogue"
    assert not problems, f"{app}:\n" + "\n".join(problems)


@pytest.mark.parametrize("app", APPS)
def test_msgfmt_accepts_the_catalogue(app, tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.fail("GNU gettext (msgfmt) is not installed: apt-get install gettext")
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(po_path(app))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("app", APPS)
def test_visitors_get_our_translation(app):
    """Django's own catalogues (admin, sessions…) and apps listed earlier in INSTALLED_APPS win for identical
    strings; ours must not be shadowed. (Run it for your app too: `REQUIRED` lists the apps that pass today.)"""
    shadowed = []
    with translation.override("ko"):
        for m in catalogue(po_path(app)):
            if m.id and isinstance(m.id, str) and m.string and not m.context:
                if translation.gettext(m.id) != m.string:
                    shadowed.append(f"{m.id!r}: {translation.gettext(m.id)!r} instead of {m.string!r}")
    assert not shadowed, "rename these strings (or give them a context):\n" + "\n".join(shadowed)


def test_plural_forms_render(db):
    with translation.override("ko"):
        assert translation.ngettext("%(n)s opportunity", "%(n)s opportunities", 3) % {"n": 3} == "강좌 3개"
    with translation.override("en"):
        assert translation.ngettext("%(n)s opportunity", "%(n)s opportunities", 1) % {"n": 1} == "1 opportunity"


# Apps whose catalogue is being written on another branch; each is listed until its catalogue lands.
PENDING: set[str] = set()
NO_STRINGS_OF_THEIR_OWN = {"config": "language names, translated by Django itself",
                           "platform": "command output for operators, in English"}
USES_GETTEXT = re.compile(r"gettext|\{% ?(translate|blocktranslate|trans|blocktrans)\b")


def test_every_app_with_strings_is_checked():
    """An app that shows people words keeps a Korean catalogue and is listed in REQUIRED (so the shadowing check
    runs for it too)."""
    with_strings = set()
    for path in PACKAGE.rglob("*"):
        if path.suffix in (".py", ".html", ".txt") and "/tests/" not in str(path) and "testing" not in path.parts:
            if USES_GETTEXT.search(path.read_text(encoding="utf-8", errors="ignore")):
                with_strings.add(path.relative_to(PACKAGE).parts[0])
    unchecked = with_strings - set(REQUIRED) - PENDING - set(NO_STRINGS_OF_THEIR_OWN)
    assert not unchecked, f"add these apps' catalogues and list them in REQUIRED: {sorted(unchecked)}"
    landed = {app for app in PENDING if po_path(app).exists()}
    assert not landed, f"{sorted(landed)} now have a catalogue: move them from PENDING to REQUIRED"

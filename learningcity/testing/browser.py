"""Real Chromium (Debian's) through Playwright, with axe-core from npm checking every page we visit.

`check_a11y(page)` runs axe-core at WCAG 2.2 A and AA and fails with a readable list of violations.
`shot(page, name)` saves a screenshot under test-output/screenshots/ for a person to look through.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from learningcity.config.env import BASE_DIR

CHROMIUM = "/usr/bin/chromium"
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = BASE_DIR / "test-output" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def check_a11y(page, *, context: str = "") -> None:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           AXE_TAGS)
    violations = result["violations"]
    if violations:
        lines = []
        for v in violations:
            targets = [", ".join(n["target"]) for n in v["nodes"][:5]]
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} → {targets}")
        raise AssertionError(f"axe-core found {len(violations)} violation(s) on {context or page.url}:\n"
                             + "\n".join(lines))


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (re.sub(r"[^\w.-]+", "_", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def console_errors(page) -> list[str]:
    return json.loads(page.evaluate("() => JSON.stringify(window.__errors || [])"))

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


def visit(page, path: str):
    """Open a page of the live city and wait until its scripts (maps) have run."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
    page.wait_for_load_state("networkidle")
    return response


def assert_fits_the_screen(page) -> None:
    """Nothing wider than the viewport (no sideways scrolling on a phone); wide tables scroll in their own box."""
    overflow = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
            if (el.closest('.table-scroll, .leaflet-container, .visually-hidden, .skip-link')) continue;
            const r = el.getBoundingClientRect();
            if (r.width > 0 && (r.right > width + 1 || r.left < -1)) out.push(el.tagName + (el.id ? '#' + el.id : '')
                + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''));
        }
        return {scroll: document.documentElement.scrollWidth - width, elements: out.slice(0, 8)};
    }""")
    assert overflow["scroll"] <= 1 and not overflow["elements"], f"{page.url} overflows: {overflow}"


def heading_levels(page) -> list[int]:
    return page.evaluate("() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
                         ".filter(h => h.getClientRects().length || h.closest('.visually-hidden'))"
                         ".map(h => Number(h.tagName[1]))")


def assert_headings_in_order(page) -> None:
    levels = heading_levels(page)
    assert levels and levels[0] == 1 and levels.count(1) == 1, f"{page.url}: {levels}"
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"{page.url}: heading levels skip: {levels}"


def assert_map_rendered(page, *, markers: bool | None = None) -> None:
    """Leaflet drew the city's district boundaries (and venue markers, when asked) from our own data."""
    page.wait_for_selector(".leaflet-overlay-pane path", state="attached", timeout=15_000)
    drawn = page.evaluate("() => [...document.querySelectorAll('.leaflet-overlay-pane path')]"
                          ".filter(p => (p.getAttribute('d') || '').length > 10).length")
    assert drawn >= 1, f"{page.url}: nothing drawn on the map"
    total = page.locator(".leaflet-overlay-pane path").count()
    assert total >= 25, f"{page.url}: only {total} shapes on the map (25 districts expected)"
    if markers:
        assert total > 25, f"{page.url}: no venue markers on the map"

"""A real browser for the end-to-end tests: Playwright driving Debian's Chromium (headless,
no sandbox, no background networking: the machine reaches no internet), screenshots kept as
test artifacts, and axe-core, injected into a page, to check it for accessibility."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from devstack.paths import REPO_ROOT, STATE_DIR

from tests.support import eventually

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", REPO_ROOT / ".state" / "test-artifacts"))
AXE = STATE_DIR / "node" / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def launched_chromium() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (make install puts it there)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


def screenshot(page: Any, folder: str, name: str) -> Path:
    path = ARTIFACTS / folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def serious_accessibility_violations(page: Any) -> list[str]:
    """What axe-core finds serious or critical on the page, one line each."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE} (make install puts it there)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


STALE = (
    "(document.getElementById('main') || document.body)"
    ".insertAdjacentHTML('beforeend', '<i id=kk-stale></i>')"
)
"""A marker in what htmx swaps (the page's <main>; the whole body when a page is swapped
whole): gone once the answer is in."""


def click_and_wait(page: Any, selector: str) -> None:
    """Clicks and waits for the page that answers, whether it came as a whole new document
    or (with JavaScript) swapped in by htmx: a marker put into the old page is gone then."""
    scripted = page.evaluate("() => typeof htmx !== 'undefined'")
    if scripted:
        page.evaluate(STALE)
    page.click(selector)
    if scripted:
        page.wait_for_function("() => !document.getElementById('kk-stale')")
    page.wait_for_load_state()


def tab_to(page: Any, selector: str, *, most: int = 80) -> None:
    """Presses Tab, as a keyboard user would, until the element ``selector`` names has the
    focus; fails if it is never reached (a control the keyboard cannot get to)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"{selector} was not reached by Tab in {most} presses")


def keyboard_submit(page: Any, selector: str) -> None:
    """Tabs to a form's button and presses Enter, then waits for the page that answers."""
    scripted = page.evaluate("() => typeof htmx !== 'undefined'")
    if scripted:
        page.evaluate(STALE)
    tab_to(page, selector)
    page.keyboard.press("Enter")
    if scripted:
        page.wait_for_function("() => !document.getElementById('kk-stale')")
    page.wait_for_load_state()


def signed_in(
    browser: Any, workspace: str, issuer: str, username: str, password: str, *,
    start: str = "/", **options: Any,
) -> Any:  # fmt: skip
    """A fresh browser that opened ``start`` and signed in through the identity provider's
    login page, as a person would; back on the workspace when it returns."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="el-GR", **options
    )
    page = context.new_page()
    page.goto(workspace + start)
    assert page.url.startswith(issuer), "a stranger is sent to sign in"
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#kc-login")
    page.wait_for_url(lambda url: url.startswith(workspace))
    page.wait_for_load_state()
    return page


def reloaded_until(page: Any, probe: Callable[[], bool], *, timeout: float = 30.0) -> None:
    """Reloads the page until ``probe`` holds: what a service learns from Kafka shows on its
    pages a moment later."""

    def reloaded() -> bool | None:
        page.reload()
        return probe() or None

    eventually(reloaded, timeout=timeout)


def signed_in_by_keyboard(browser: Any, workspace: str, username: str, password: str) -> Any:
    """A fresh browser that signs in typing only: the provider's page has the focus on the
    username field, Tab goes to the password, Enter signs in."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="el-GR").new_page()
    page.goto(workspace + "/")
    # the provider's page puts the focus on the username itself: typed before it has, the
    # first keys would be lost (a loaded machine shows it)
    page.wait_for_function("document.activeElement && document.activeElement.id === 'username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(workspace + "/")
    return page

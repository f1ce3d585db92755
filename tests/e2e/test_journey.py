"""A social worker's day, end to end on the real platform, twice more than the mouse-driven
journey in test_workspace: once by keyboard alone, once with JavaScript disabled. Sign in
at the identity provider → search → not found → open a file → log a request for
application support → tick the documents → submit → refer to a local body → as the body,
through its link page, accept and complete → the worklist and the centre's dashboard show
it. Each step is the same for both; only how a person works the page differs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import pytest
from servicekit.auth import Role

from tests.e2e.browsers import (
    click_and_wait,
    keyboard_submit,
    launched_chromium,
    reloaded_until,
    screenshot,
    signed_in,
    signed_in_by_keyboard,
    tab_to,
)
from tests.e2e.conftest import Platform
from tests.support import unique_birth_date, valid_amka

pytestmark = pytest.mark.e2e
CENTRE, MUNICIPALITY = "KK-6101", "6101"  # Kalymnos: the realm's kl.kalymnos works there


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_chromium()


class Hands(Protocol):
    """How a person works a page: every step of the day goes through one of these."""

    page: Any

    def fill(self, selector: str, text: str) -> None: ...
    def tick(self, selector: str) -> None: ...
    def choose(self, selector: str, value: str) -> None: ...
    def press(self, selector: str) -> None: ...


class Keyboard:
    """Tab to each control; type, Space to tick, arrows to choose, Enter to go."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def fill(self, selector: str, text: str) -> None:
        tab_to(self.page, selector)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def tick(self, selector: str) -> None:
        if self.page.locator(selector).get_attribute("type") == "radio":
            name = self.page.locator(selector).get_attribute("name")
            tab_to(self.page, f"input[name='{name}']")  # a radio group is one Tab stop
            for _ in range(30):  # arrows move within it, checking as they go
                if self.page.evaluate("(s) => document.activeElement.matches(s)", selector):
                    break
                self.page.keyboard.press("ArrowDown")
            if not self.page.is_checked(selector):
                self.page.keyboard.press("Space")
        else:
            tab_to(self.page, selector)
            self.page.keyboard.press("Space")
        assert self.page.is_checked(selector)

    def choose(self, selector: str, value: str) -> None:
        tab_to(self.page, selector)
        for _ in range(80):  # a closed list's options go by with the arrow keys
            if self.page.evaluate("() => document.activeElement.value") == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{value} is not among {selector}'s options")

    def press(self, selector: str) -> None:
        keyboard_submit(self.page, selector)


class NoScript:
    """A browser with JavaScript off: every link and form works as plain HTML."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def fill(self, selector: str, text: str) -> None:
        self.page.fill(selector, text)

    def tick(self, selector: str) -> None:
        self.page.check(selector)

    def choose(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)

    def press(self, selector: str) -> None:
        click_and_wait(self.page, selector)


def _local_body(platform: Platform, name: str) -> str:
    """A body of the centre's municipality, as its head registers one."""
    head = platform.headers(Role.CENTRE_HEAD, centre_id=CENTRE, municipality=MUNICIPALITY)
    body = {
        "code": f"local-{MUNICIPALITY}-{name.split()[-1].lower()}",
        "name_el": name,
        "name_en": name,
        "category": "social_grocery_pharmacy",
        "scope": "municipality",
        "area_code": MUNICIPALITY,
        "accepts_referrals": True,
        "contact": {"contact_phone": "22430 20000"},
    }
    made = platform.post("registry", "/bodies", body, head)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def _day(hands: Hands, body_hands: Hands, workspace: str, platform: Platform, tag: str) -> None:
    page = hands.page
    body_name = f"Κοινωνικό Παντοπωλείο Καλύμνου {tag}"
    body_id = _local_body(platform, body_name)
    continue_ = "main form[method=post] button[type=submit]"
    # search first: not found
    hands.press("nav a[href='/people/search']")
    born = unique_birth_date()
    year, month, day = born.split("-")
    hands.fill("#family_name", "Σταματίου")
    hands.fill("#given_name", "Ευδοκία")
    hands.fill("#birth_date-day", day)
    hands.fill("#birth_date-month", month)
    hands.fill("#birth_date-year", year)
    hands.press("form:has(input[value=names]) button[type=submit]")
    assert page.locator("#results h3").first.text_content() == "Δεν βρέθηκε φάκελος"
    # open a file, its question pages filled with the search terms
    hands.press("#results button")
    assert page.input_value("#family_name") == "Σταματίου"
    hands.fill("#amka", valid_amka())
    hands.tick("#sex")
    hands.press(continue_)
    assert page.url == workspace + "/people/new/residence"
    hands.press(continue_)
    hands.tick("input[name=vulnerable_groups][value=poverty]")
    hands.tick("#mgi_recipient")
    hands.press(continue_)
    hands.tick("#legal_basis")
    for purpose in ("case_management", "referral_sharing", "programme_applications"):
        hands.tick(f"input[name=purposes][value={purpose}]")
    hands.press(continue_)
    assert page.url == workspace + "/people/new/check"
    hands.press(continue_)
    assert page.text_content("h1") == "Ο φάκελος άνοιξε"
    hands.press("main li:first-child a[href^='/people/']")
    hands.tick("#reason")
    hands.press(continue_)
    assert page.text_content("h1") == "Σταματίου Ευδοκία"
    screenshot(page, "journey", f"file-{tag}")
    # a request for application support: documents ticked, the application submitted
    hands.press("a[href$='/requests/new']")
    hands.choose("#category", "application_support")
    hands.choose("#programme_id", platform.ids["programmes"]["eee"]["programme_id"])
    hands.press(continue_)
    assert page.text_content("h1") == "Υποστήριξη αίτησης"
    documents = page.locator("input[name=document]")
    for i in range(documents.count()):
        hands.tick(f"input[name=document][value='{documents.nth(i).get_attribute('value')}']")
    hands.press("form[action$='/documents'] button")
    hands.press("form[action$='/application'] button")
    assert page.locator("form[action$='/application']").count() == 0, "submitted"
    request_path = page.url.removeprefix(workspace)
    # a referral to the local body
    hands.press("a.govgr-back-link")
    hands.press("a[href$='/referrals/new']")
    hands.choose("#category", "social_grocery_pharmacy")
    hands.press("form.kk-filter button")
    hands.tick(f"input[name=body_id][value='{body_id}']")
    hands.choose("#service", "basic_goods")
    hands.fill("#note", "Οικογένεια με δύο παιδιά, χωρίς εισόδημα αυτόν τον μήνα.")
    hands.press(continue_)
    assert body_name in page.text_content("h1"), " ".join(page.text_content("main").split())[:500]
    body_page = page.input_value("#body-page")
    # the body answers on its page, signed in nowhere
    body = body_hands.page
    body.goto(body_page)
    assert body.text_content("h1") == "Απάντηση σε παραπομπή"
    body_hands.press("form[action$='/acceptance'] button")
    assert body.text_content("#done-title") == "Η αποδοχή καταγράφηκε"
    body_hands.press("form[action$='/service'] button")
    body_hands.tick("#outcome")
    body_hands.fill("#feedback", "Δόθηκαν τρόφιμα για έναν μήνα.")
    body_hands.press("form[action$='/completion'] button")
    assert "ευχαριστούμε" in body.text_content("#done-title")
    screenshot(body, "journey", f"answer-completed-{tag}")
    # the worklist lists the application to decide; the dashboard counts the referral
    hands.press("nav a[href='/']")
    reloaded_until(page, lambda: page.locator(f"a[href='{request_path}']").count() == 1)
    hands.press("nav a[href='/dashboards']")
    completed = "[data-breakdown=referrals_completed_by_outcome] tr[data-code=provided]"
    reloaded_until(page, lambda: page.locator(completed).count() == 1)
    screenshot(page, "journey", f"dashboard-{tag}")


def test_a_social_workers_day_by_keyboard_alone(
    browser: Any, workspace: str, platform: Platform
) -> None:
    password = platform.stack.secrets["KK_DEV_USERS_PASSWORD"]
    page = signed_in_by_keyboard(browser, workspace, "kl.kalymnos", password)
    body = browser.new_context(locale="el-GR").new_page()
    _day(Keyboard(page), Keyboard(body), workspace, platform, "keyboard")


def test_a_social_workers_day_without_javascript(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = signed_in(
        browser, workspace, platform.stack.issuer, "kl.kalymnos",
        platform.stack.secrets["KK_DEV_USERS_PASSWORD"], java_script_enabled=False,
    )  # fmt: skip
    assert page.evaluate("() => typeof htmx") == "undefined"
    body = browser.new_context(locale="el-GR", java_script_enabled=False).new_page()
    _day(NoScript(page), NoScript(body), workspace, platform, "noscript")

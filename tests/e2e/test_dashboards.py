"""The dashboards in a real browser: Playwright driving Debian's Chromium (headless, no
sandbox, no background networking: the machine has no internet) against the running
platform. Each dashboard is loaded, the language and the period are switched, the keyboard
reaches the controls, and a screenshot of each is kept as a test artifact."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from servicekit.auth import Role

from tests.e2e.browsers import ARTIFACTS, launched_chromium, screenshot
from tests.e2e.conftest import Platform
from tests.support import eventually, person

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "dashboards"
REGION, OTHER_REGION = "EL54", "EL62"  # Epirus, Ionian Islands: no other test goes there
MONTH = date.today().strftime("%Y-%m")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield from launched_chromium()


def _signed_in(browser: Any, platform: Platform, role: Role, **scope: str) -> Any:
    """A fresh browser context that signed in through the form, as a person would."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="el-GR")
    page = context.new_page()
    page.goto(platform.urls["reporting"] + "/dashboards")
    assert "/dashboards/sign-in" in page.url
    bearer = platform.headers(role, **scope)["Authorization"].removeprefix("Bearer ")
    page.fill("textarea[name=token]", bearer)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def _shot(page: Any, name: str) -> None:
    screenshot(page, "dashboards", name)


def _centres_in(platform: Platform, region: str) -> list[str]:
    admin = platform.headers(Role.ADMIN)
    centres = httpx.get(
        platform.urls["registry"] + "/centres", params={"region": region}, headers=admin
    ).json()
    return [str(c["centre_id"]) for c in centres]


def _centre_in(platform: Platform, region: str) -> str:
    return _centres_in(platform, region)[0]


def test_the_national_dashboard_in_greek_then_english_and_another_period(
    browser: Any, platform: Platform
) -> None:
    page = _signed_in(browser, platform, Role.MINISTRY_ANALYST)
    assert page.url.split("?")[0].endswith("/dashboards/national")
    assert page.get_attribute("html", "lang") == "el"
    assert page.text_content("h1") == "Εθνική εικόνα"
    assert "Στοιχεία έως" in page.text_content("[data-testid=as-of]")
    assert page.locator("svg.map path[data-code]").count() == 13
    assert page.locator("table tbody tr[data-code]").count() == 13
    assert page.locator("svg.chart").count() == 3
    # the keyboard: the first Tab reaches the skip link, and it leads to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#content"
    _shot(page, "national-el")

    page.click("[data-testid=language]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("h1") == "National overview"
    assert "Data as of" in page.text_content("[data-testid=as-of]")
    _shot(page, "national-en")

    page.fill("input[name=from]", "2025-01")
    page.fill("input[name=to]", "2025-06")
    page.select_option("select[name=indicator]", "share_answered_in_time")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "from=2025-01" in page.url
    assert "to=2025-06" in page.url
    assert page.get_attribute("html", "lang") == "en"  # the language stays
    assert page.input_value("input[name=from]") == "2025-01"
    header = page.locator("th[aria-sort=descending]").text_content()
    assert header == "Requests answered within 10 working days"
    assert page.locator("svg.chart").first.locator("rect").count() >= 0
    _shot(page, "national-en-2025-h1")

    # an impossible period is a page that says so, with its status
    page.goto(platform.urls["reporting"] + "/dashboards/national?from=2025-06&to=2025-01&lang=en")
    assert page.locator("[role=alert]").get_attribute("data-status") == "422"
    assert "starts after it ends" in page.text_content("[role=alert]")


def test_a_regional_observatory_sees_its_region_ranked_and_mapped_and_no_other(
    browser: Any, platform: Platform
) -> None:
    centre = _centre_in(platform, REGION)
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=centre)
    for _ in range(5):
        response = platform.post("intake", "/beneficiaries", person(centre), staff)
        assert response.status_code == 201
    platform.settle()
    page = _signed_in(browser, platform, Role.REGIONAL_OBSERVATORY, region=REGION)
    assert page.url.split("?")[0].endswith(f"/dashboards/regions/{REGION}")
    assert page.text_content("h1").startswith("Περιφέρεια: Ήπειρος")
    rows = page.locator("table tbody tr[data-code]")
    assert rows.count() == len(_centres_in(platform, REGION))  # every centre, ranked
    assert page.locator(f"tr[data-code='{centre}']").count() == 1
    assert page.locator("svg.map path[data-code]").count() == 18  # the municipalities of Epirus
    page.select_option("select[name=indicator]", "beneficiaries_new")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    first = rows.first.get_attribute("data-code")
    assert first == centre  # the only centre with 5 or more new files this month
    _shot(page, "region-el")

    page.goto(platform.urls["reporting"] + f"/dashboards/regions/{OTHER_REGION}")
    assert page.locator("[role=alert]").get_attribute("data-status") == "403"
    page.goto(platform.urls["reporting"] + "/dashboards/regions/EL99")
    assert page.locator("[role=alert]").get_attribute("data-status") == "404"


def test_a_centre_head_sees_exact_counts_and_overdue_numbers_without_names(
    browser: Any, platform: Platform
) -> None:
    centre = _centre_in(platform, OTHER_REGION)
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=centre)
    registered = platform.post("intake", "/beneficiaries", person(centre), staff)
    assert registered.status_code == 201
    eventually(
        lambda: platform.get(
            "reporting", f"/indicators/centres/{centre}/overview", Role.CENTRE_HEAD,
            centre_id=centre,
        ).json()["figures"]["beneficiaries_new"] not in (0, None),
        timeout=30,
    )  # fmt: skip
    page = _signed_in(browser, platform, Role.CENTRE_HEAD, centre_id=centre)
    assert page.url.split("?")[0].endswith(f"/dashboards/centres/{centre}")
    new = page.text_content("[data-metric=beneficiaries_new] .value")
    assert new is not None
    assert new != "<5"  # a centre's own view is exact
    assert int(new.replace(".", "")) >= 1
    assert page.locator("[data-testid=overdue] tr[data-kind]").count() == 2
    html = page.content()
    given = registered.json().get("given_name") or "—"
    assert given not in html
    _shot(page, "centre-el")
    page.click("[data-testid=language]")
    page.wait_for_load_state()
    assert page.locator("h2", has_text="Overdue now").count() == 1
    _shot(page, "centre-en")
    # and not another centre's
    page.goto(platform.urls["reporting"] + f"/dashboards/centres/{_centre_in(platform, REGION)}")
    assert page.locator("[role=alert]").get_attribute("data-status") == "403"


def test_a_bad_token_is_refused_at_sign_in(browser: Any, platform: Platform) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(platform.urls["reporting"] + "/dashboards/sign-in?lang=en")
    page.fill("textarea[name=token]", "not-a-token")
    page.click("button[type=submit]")
    assert "not valid" in page.text_content("[role=alert]")
    page.goto(platform.urls["reporting"] + "/dashboards/national")
    assert "/dashboards/sign-in" in page.url


def test_a_centre_s_annual_report_prints_and_downloads_as_pdf_and_csv(
    browser: Any, platform: Platform
) -> None:
    centre = _centre_in(platform, OTHER_REGION)
    year = date.today().year
    head = platform.headers(Role.CENTRE_HEAD, centre_id=centre)
    url = platform.urls["reporting"] + f"/reports/centres/{centre}/annual"
    as_csv = httpx.get(url, params={"year": year, "format": "csv"}, headers=head, timeout=10)
    assert as_csv.status_code == 200, as_csv.text
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    registered = next(
        r for r in rows
        if r["section"] == "monthly" and r["indicator"] == "beneficiaries_registered"
        and r["period"] == MONTH
    )  # fmt: skip
    overview = platform.get(
        "reporting", f"/indicators/centres/{centre}/monthly?from={MONTH}&to={MONTH}",
        Role.CENTRE_HEAD, centre_id=centre,
    ).json()  # fmt: skip
    expected = overview["indicators"]["beneficiaries_registered"]["all"][MONTH]
    assert int(registered["value"]) == expected >= 1
    assert {r["section"] for r in rows} >= {"figures", "monthly", "staffing"}

    as_pdf = httpx.get(url, params={"year": year, "format": "pdf"}, headers=head, timeout=20)
    assert as_pdf.status_code == 200, as_pdf.text
    assert as_pdf.content.startswith(b"%PDF-")
    assert len(as_pdf.content) > 5_000

    assert httpx.get(url, params={"year": 1999}, headers=head).status_code == 422
    other = platform.headers(Role.CENTRE_HEAD, centre_id=_centre_in(platform, REGION))
    assert httpx.get(url, headers=other).status_code == 403
    assert httpx.get(url).status_code == 401

    # from the dashboard, signed in: the printable page
    page = _signed_in(browser, platform, Role.CENTRE_HEAD, centre_id=centre)
    page.click(f"a[href^='/reports/centres/{centre}/annual']")
    page.wait_for_load_state()
    assert page.locator("main[data-report=annual]").count() == 1
    assert str(year) in page.text_content("h1")
    assert page.locator("[data-testid=monthly] tbody tr").count() == 7
    _shot(page, "annual-el")
    page.pdf(path=str(SHOTS / "annual-el-printed.pdf"))

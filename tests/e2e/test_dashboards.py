"""The dashboards in a real browser, in the staff workspace: Playwright driving Debian's
Chromium against the running platform, each person signed in at the real identity provider.
Each role lands on its own dashboard; the language and the period are switched; a wrong
period comes back with the problem beside the field; every code reads as its Greek label;
axe-core finds no serious problem, and a screenshot of each page is kept."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from devstack.realm import DevUser
from servicekit.auth import Role

from tests.e2e.browsers import (
    ARTIFACTS,
    click_and_wait,
    launched_chromium,
    reloaded_until,
    screenshot,
    serious_accessibility_violations,
    signed_in,
)
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


def _person_for(platform: Platform, username: str, role: Role, **scope: str) -> str:
    """A person of the identity provider with this role and scope (one per scope a test
    needs, so that no test sees another's figures)."""
    assert platform.stack.identity is not None
    platform.stack.identity.add_user(DevUser(username, "Δοκιμή", "Πίνακα", role, **scope))
    return username


def _signed_in(browser: Any, workspace: str, platform: Platform, username: str) -> Any:
    return signed_in(
        browser, workspace, platform.stack.issuer, username,
        platform.stack.secrets["KK_DEV_USERS_PASSWORD"],
    )  # fmt: skip


def _checked(page: Any, name: str) -> None:
    assert serious_accessibility_violations(page) == [], page.url
    screenshot(page, "dashboards", name)


def _status(page: Any, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return int(response.status)


def _centres_in(platform: Platform, region: str) -> list[str]:
    admin = platform.headers(Role.ADMIN)
    centres = httpx.get(
        platform.urls["registry"] + "/centres", params={"region": region}, headers=admin
    ).json()
    return [str(c["centre_id"]) for c in centres]


def _centre_in(platform: Platform, region: str) -> str:
    return _centres_in(platform, region)[0]


def test_the_national_dashboard_in_greek_then_english_and_another_period(
    browser: Any, workspace: str, platform: Platform
) -> None:
    centre = _centre_in(platform, OTHER_REGION)
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=centre)
    assert platform.post("intake", "/beneficiaries", person(centre), staff).status_code == 201
    page = _signed_in(browser, workspace, platform, "analyst")
    assert page.url.split("?")[0] == workspace + "/dashboards/national"
    assert page.get_attribute("html", "lang") == "el"
    assert page.text_content("h1") == "Εθνική εικόνα"
    assert "Στοιχεία έως" in page.text_content("[data-testid=as-of]")
    assert page.locator("svg.map path[data-code]").count() == 13
    assert page.locator("table tbody tr[data-code^=EL]").count() == 13
    assert page.locator("svg.chart").count() == 3
    # every code by its Greek label, never the code itself
    female = "[data-breakdown=beneficiaries_by_sex] tr[data-code=female] th"
    reloaded_until(page, lambda: page.locator(female).count() == 1, timeout=30)
    assert page.text_content(female) == "Γυναίκα"
    assert "child_at_risk" not in page.text_content("main")
    _checked(page, "national-el")

    click_and_wait(page, "a[lang=en]")
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("h1") == "National overview"
    assert "Data as of" in page.text_content("[data-testid=as-of]")
    assert page.text_content(female) == "Female"
    _checked(page, "national-en")

    page.fill("#from", "2025-01")
    page.fill("#to", "2025-06")
    page.select_option("#indicator", "share_answered_in_time")
    click_and_wait(page, "form.kk-filters button[type=submit]")
    assert "from=2025-01" in page.url
    assert "to=2025-06" in page.url
    assert page.get_attribute("html", "lang") == "en"  # the language stays
    assert page.input_value("#from") == "2025-01"
    header = page.locator("th[aria-sort=descending]").text_content()
    assert header == "Requests answered within 10 working days"
    # the language switch keeps the period
    click_and_wait(page, "a[lang=el]")
    assert page.input_value("#from") == "2025-01"
    assert page.get_attribute("html", "lang") == "el"

    # an impossible period comes back as typed, with the problem beside the field
    assert _status(page, workspace + "/dashboards/national?from=2025-06&to=2025-01") == 422
    assert page.title().startswith("Πρόβλημα: ")
    assert page.locator(".govgr-error-summary a[href='#to']").count() == 1
    assert "μετά τον πρώτο" in page.text_content("#to-error")
    assert page.input_value("#from") == "2025-06"
    _checked(page, "national-wrong-period-el")


def test_a_regional_observatory_sees_its_region_ranked_and_mapped_and_no_other(
    browser: Any, workspace: str, platform: Platform
) -> None:
    centre = _centre_in(platform, REGION)
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=centre)
    for _ in range(5):
        response = platform.post("intake", "/beneficiaries", person(centre), staff)
        assert response.status_code == 201
    platform.settle()
    user = _person_for(platform, "observatory.epirus", Role.REGIONAL_OBSERVATORY, region=REGION)
    page = _signed_in(browser, workspace, platform, user)
    assert page.url.split("?")[0] == workspace + f"/dashboards/regions/{REGION}"
    assert page.text_content("h1").startswith("Περιφέρεια: Ήπειρος")
    assert page.locator("nav a[href='/people/search']").count() == 0, "no casework here"
    rows = page.locator("table tbody tr[data-code^=KK]")
    assert rows.count() == len(_centres_in(platform, REGION))  # every centre, ranked
    assert page.locator(f"tr[data-code='{centre}']").count() == 1
    assert page.locator("svg.map path[data-code]").count() == 18  # the municipalities of Epirus
    page.select_option("#indicator", "beneficiaries_new")
    click_and_wait(page, "form.kk-filters button[type=submit]")
    first = rows.first.get_attribute("data-code")
    assert first == centre  # the only centre with 5 or more new files this month
    _checked(page, "region-el")

    assert _status(page, workspace + f"/dashboards/regions/{OTHER_REGION}") == 403
    assert _status(page, workspace + "/dashboards/regions/EL99") == 404


def test_a_centre_head_sees_exact_counts_and_overdue_numbers_without_names(
    browser: Any, workspace: str, platform: Platform
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
    user = _person_for(
        platform, f"head.{centre.lower()}", Role.CENTRE_HEAD, centre_id=centre,
        municipality=centre.removeprefix("KK-"), region=OTHER_REGION,
    )  # fmt: skip
    page = _signed_in(browser, workspace, platform, user)
    click_and_wait(page, "nav a[href='/dashboards']")
    assert page.url.split("?")[0] == workspace + f"/dashboards/centres/{centre}"
    new = page.text_content("[data-metric=beneficiaries_new] .kk-card__value")
    assert new is not None
    assert new != "<5"  # a centre's own view is exact
    assert int(new.replace(".", "")) >= 1
    assert page.locator("[data-testid=overdue] tr[data-kind]").count() == 2
    html = page.content()
    assert registered.json()["beneficiary_id"] not in html
    assert person(centre)["family_name"] not in html
    _checked(page, "centre-el")
    click_and_wait(page, "a[lang=en]")
    assert page.locator("caption", has_text="Overdue now").count() == 1
    _checked(page, "centre-en")
    # and not another centre's
    assert _status(page, workspace + f"/dashboards/centres/{_centre_in(platform, REGION)}") == 403


def test_the_old_dashboard_addresses_lead_to_the_workspace(
    workspace: str, platform: Platform
) -> None:
    old = platform.urls["reporting"] + "/dashboards/regions/EL54?from=2025-01&to=2025-03"
    moved = httpx.get(old, follow_redirects=False)
    assert moved.status_code == 301
    assert (
        moved.headers["location"] == workspace + "/dashboards/regions/EL54?from=2025-01&to=2025-03"
    )
    home = httpx.get(platform.urls["reporting"] + "/dashboards", follow_redirects=False)
    assert home.headers["location"] == workspace + "/dashboards"


def test_a_centre_s_annual_report_prints_and_downloads_as_pdf_and_csv(
    browser: Any, workspace: str, platform: Platform
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

    # from the dashboard, signed in at the workspace: the printable page, passed through
    user = _person_for(
        platform, f"head.{centre.lower()}", Role.CENTRE_HEAD, centre_id=centre,
        municipality=centre.removeprefix("KK-"), region=OTHER_REGION,
    )  # fmt: skip
    page = _signed_in(browser, workspace, platform, user)
    page.goto(workspace + f"/dashboards/centres/{centre}")
    page.click(f"a[href^='/dashboards/centres/{centre}/annual']")
    page.wait_for_load_state()
    assert page.locator("main[data-report=annual]").count() == 1
    assert str(year) in page.text_content("h1")
    assert page.locator("[data-testid=monthly] tbody tr").count() == 7
    assert page.locator("tr[data-code=female] th").text_content() == "Γυναίκα"
    screenshot(page, "dashboards", "annual-el")
    page.pdf(path=str(SHOTS / "annual-el-printed.pdf"))
    printed = page.request.get(
        workspace + f"/dashboards/centres/{centre}/annual?year={year}&format=pdf"
    )
    assert printed.status == 200
    assert printed.body().startswith(b"%PDF-")

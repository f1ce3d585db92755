"""Monthly indicators by level, through the real broker: a scripted scenario in two regions
no other test touches, whose expected counts the test works out itself; small-cell
suppression outside a centre's own view; who may read which region; bad periods."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import httpx
import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person

pytestmark = pytest.mark.e2e
REGION_A, REGION_B = "EL43", "EL53"  # Crete, Western Macedonia: no other test goes there
MONTH = date.today().strftime("%Y-%m")


def _first_centre(platform: Platform, region: str) -> dict[str, Any]:
    admin = platform.headers(Role.ADMIN)
    centres = httpx.get(
        platform.urls["registry"] + "/centres", params={"region": region}, headers=admin
    ).json()
    return centres[0]  # type: ignore[no-any-return]


def _monthly(platform: Platform, path: str, role: Role, **scope: str) -> dict[str, Any]:
    response = platform.get("reporting", f"{path}/monthly?from={MONTH}&to={MONTH}", role, **scope)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _overview(platform: Platform, path: str, role: Role, **scope: str) -> dict[str, Any]:
    response = platform.get("reporting", f"{path}/overview?from={MONTH}&to={MONTH}", role, **scope)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_scripted_month_in_two_regions_adds_up_at_every_level(platform: Platform) -> None:
    a, b = _first_centre(platform, REGION_A), _first_centre(platform, REGION_B)
    centre_a, centre_b = a["centre_id"], b["centre_id"]
    people_a = [("female", ["poverty"]), ("female", ["poverty", "elderly"]), ("male", [])]
    people_b = [("female" if i % 3 else "male", ["unemployment"]) for i in range(7)]
    for centre, people in ((centre_a, people_a), (centre_b, people_b)):
        staff = platform.headers(Role.SOCIAL_WORKER, centre_id=centre)
        for sex, groups in people:
            details = person(centre, sex=sex, vulnerable_groups=groups)
            registered = platform.post("intake", "/beneficiaries", details, staff)
            assert registered.status_code == 201, registered.text
    staff_a = platform.headers(Role.SOCIAL_WORKER, centre_id=centre_a)
    beneficiary = platform.post("intake", "/beneficiaries", person(centre_a), staff_a).json()
    for axis, category in (("A", "legal_information"), ("C", "housing")):
        request = {"axis": axis, "category": category, "channel": "phone"}
        path = f"/beneficiaries/{beneficiary['beneficiary_id']}/requests"
        assert platform.post("intake", path, request, staff_a).status_code == 201

    # worked out here, independently of reporting
    registered_a = len(people_a) + 1
    sexes_a = Counter([sex for sex, _ in people_a] + ["female"])
    groups_b = Counter(g for _, gs in people_b for g in gs)

    # the centre's own staff see its exact counts
    own = f"/indicators/centres/{centre_a}"

    def own_counts() -> dict[str, Any] | None:
        body = _monthly(platform, own, Role.SOCIAL_WORKER, centre_id=centre_a)
        done = body["indicators"].get("requests_by_axis", {}).get("C", {}).get(MONTH) == 1
        return body if done else None

    mine = eventually(own_counts, timeout=60)["indicators"]
    assert mine["beneficiaries_registered"]["all"][MONTH] == registered_a
    assert mine["beneficiaries_by_sex"]["female"][MONTH] == sexes_a["female"]
    assert mine["beneficiaries_by_sex"]["male"][MONTH] == sexes_a["male"]
    assert mine["beneficiaries_by_group"]["poverty"][MONTH] == 2
    assert mine["requests_by_axis"]["A"][MONTH] == 1

    # the ministry sees region B's counts, which are 5 or more, as they are
    def region_b_counted() -> dict[str, Any] | None:
        body = _monthly(platform, f"/indicators/regions/{REGION_B}", Role.MINISTRY_ANALYST)
        registered = body["indicators"].get("beneficiaries_registered", {}).get("all", {})
        return body if registered.get(MONTH) == len(people_b) else None

    region_b = eventually(region_b_counted, timeout=60)
    assert region_b["suppressed"] is True
    assert region_b["indicators"]["beneficiaries_registered"]["all"][MONTH] == len(people_b)
    assert (
        region_b["indicators"]["beneficiaries_by_group"]["unemployment"][MONTH]
        == groups_b["unemployment"]
    )
    # and region A's small ones as "<5", with whatever would give them back
    region_a = _monthly(platform, f"/indicators/regions/{REGION_A}", Role.MINISTRY_ANALYST)
    by_sex = region_a["indicators"]["beneficiaries_by_sex"]
    assert by_sex["female"][MONTH] == "<5"
    assert by_sex["male"][MONTH] == "<5"
    assert region_a["indicators"]["beneficiaries_registered"]["all"][MONTH] == "<5"
    assert region_a["data_as_of"] is not None

    # a regional observatory reads its own region only
    observatory = {"region": REGION_A}
    assert _monthly(
        platform, f"/indicators/regions/{REGION_A}", Role.REGIONAL_OBSERVATORY, **observatory
    )
    other = platform.get(
        "reporting", f"/indicators/regions/{REGION_B}/monthly", Role.REGIONAL_OBSERVATORY,
        **observatory,
    )  # fmt: skip
    assert other.status_code == 403
    # and the municipality's supervisor sees its municipality, suppressed
    supervisor = {"municipality": a["municipality_code"]}
    municipality = _monthly(
        platform,
        f"/indicators/municipalities/{a['municipality_code']}",
        Role.MUNICIPAL_SUPERVISOR,
        **supervisor,
    )
    assert municipality["indicators"]["beneficiaries_registered"]["all"][MONTH] == "<5"

    # open data says the same, to anyone, as JSON and as CSV
    url = platform.urls["reporting"] + "/open-data/monthly"
    rows = httpx.get(f"{url}.json", params={"from": MONTH, "to": MONTH}, timeout=10).json()
    registered = {
        r["code"]: r["value"]
        for r in rows
        if r["indicator"] == "beneficiaries_registered" and r["month"] == MONTH
    }
    assert (registered[REGION_A], registered[REGION_B]) == ("<5", len(people_b))
    csv_text = httpx.get(f"{url}.csv", params={"level": "municipality"}, timeout=10).text
    assert csv_text.splitlines()[0] == "level,code,month,indicator,dimension,value"
    assert f"municipality,{a['municipality_code']},{MONTH},beneficiaries_registered,all,<5" in (
        csv_text
    )

    # the overview of every indicator agrees: the centre's own view exactly, per 1,000 too
    mine = _overview(platform, f"/indicators/centres/{centre_a}", Role.SOCIAL_WORKER,
                     centre_id=centre_a)  # fmt: skip
    assert mine["suppressed"] is False
    figures = mine["figures"]
    assert (figures["beneficiaries_new"], figures["beneficiaries_active"]) == (registered_a,) * 2
    assert figures["requests_logged"] == 2
    assert figures["new_per_1000"] == round(registered_a * 1000 / a["population"], 2)
    assert figures["population"] == a["population"]
    assert mine["breakdowns"]["requests_by_axis"] == {"A": 1, "C": 1}
    assert centre_a not in mine["silent_centres"]
    # the nation, region by region: B as it is, A suppressed, both with their names
    nation = {r["code"]: r for r in _overview(platform, "/indicators/national",
                                              Role.MINISTRY_ANALYST)["areas"]}  # fmt: skip
    assert nation[REGION_B]["beneficiaries_new"] == len(people_b)
    assert nation[REGION_B]["new_per_1000"] == round(
        len(people_b) * 1000 / nation[REGION_B]["population"], 2
    )
    assert nation[REGION_A]["beneficiaries_new"] == "<5"
    assert nation[REGION_A]["new_per_1000"] is None  # a rate would give the count back
    assert (nation[REGION_A]["name_el"], nation[REGION_A]["name_en"]) == ("Κρήτη", "Crete")
    # region A: its small counts and their complements hidden in the breakdowns
    region = _overview(platform, f"/indicators/regions/{REGION_A}", Role.MINISTRY_ANALYST)
    assert region["figures"]["beneficiaries_new"] == "<5"
    assert region["breakdowns"]["beneficiaries_by_sex"] == {"female": "<5", "male": "<5"}
    assert a["regional_unit_code"] in {r["code"] for r in region["areas"]}
    # a regional unit lists its centres; the observatory of another region may not read it
    unit = f"/indicators/regional-units/{b['regional_unit_code']}"
    centres = {r["code"]: r for r in _overview(platform, unit, Role.MINISTRY_ANALYST)["areas"]}
    assert centres[centre_b]["beneficiaries_new"] == len(people_b)
    assert centres[centre_b]["level"] == "centre"
    refused = platform.get("reporting", f"{unit}/overview", Role.REGIONAL_OBSERVATORY,
                           **observatory)  # fmt: skip
    assert refused.status_code == 403


@pytest.mark.parametrize(
    "query",
    ["from=2026-13&to=2026-12", "from=2026-05&to=2026-01", "from=2000-01&to=2026-01", "to=May"],
)
def test_an_impossible_period_is_422_saying_why(platform: Platform, query: str) -> None:
    response = platform.get("reporting", f"/indicators/national/monthly?{query}")
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_period"


def test_unknown_places_are_404(platform: Platform) -> None:
    places = ("regions/EL99", "centres/KK-9999", "municipalities/9999", "regional-units/99")
    for path in [f"/indicators/{p}/{view}" for p in places for view in ("monthly", "overview")]:
        assert platform.get("reporting", path).status_code == 404, path

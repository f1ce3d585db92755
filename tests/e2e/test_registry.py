"""The registry through the real services: replication, compliance, open data, bad input."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person

pytestmark = pytest.mark.e2e
SHELTER = {
    "code": "women-shelter-kalymnos",
    "name_el": "Ξενώνας Φιλοξενίας Γυναικών Καλύμνου",
    "name_en": "Women's shelter of Kalymnos",
    "category": "women_shelter",
    "scope": "municipality",
    "area_code": "6101",
    "accepts_referrals": True,
    "contact": {"contact_phone": "22430 00000", "contact_email": "shelter@example.gr"},
    "capacity": 12,
}


def test_a_new_body_reaches_the_referral_service_and_takes_referrals(platform: Platform) -> None:
    # when an administrator registers a body
    admin = platform.headers(Role.ADMIN)
    created = platform.post("registry", "/bodies", SHELTER, admin)
    assert created.status_code == 201, created.text
    body_id = created.json()["id"]
    # then, through Kafka, the referral service's replica has it and a referral to it is sent
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id="KK-6101")
    beneficiary = platform.post("intake", "/beneficiaries", person("KK-6101"), staff).json()
    referral = {
        "beneficiary_id": beneficiary["beneficiary_id"],
        "body_id": body_id,
        "service": "housing",
    }

    def sent() -> dict[str, str] | None:
        response = platform.post("referral", "/referrals", referral, staff)
        return response.json() if response.status_code == 201 else None

    assert eventually(sent)["body_category"] == "women_shelter"
    # and when it stops taking referrals, referrals to it are refused
    update = {k: v for k, v in SHELTER.items() if k != "code"} | {"accepts_referrals": False}
    assert platform.put("registry", f"/bodies/{body_id}", update, admin).status_code == 200

    def refused() -> bool:
        response = platform.post("referral", "/referrals", referral, staff)
        return (
            response.status_code == 422
            and response.json()["error"] == "body_not_accepting_referrals"
        )

    eventually(refused)


def test_a_centre_whose_head_social_worker_leaves_is_flagged_in_the_api_and_metrics(
    platform: Platform,
) -> None:
    admin = platform.headers(Role.ADMIN)
    centre = "KK-0201"  # Drama: band 3
    roster = [{"role": "social_worker", "head": True}, {"role": "psychologist"}]
    response = platform.put("registry", f"/centres/{centre}/staff", {"positions": roster}, admin)
    assert response.json()["compliance"] == "compliant"
    response = platform.put(
        "registry", f"/centres/{centre}/staff", {"positions": roster[1:]}, admin
    )
    assert response.json()["compliance"] == "non_compliant"

    def flagged() -> dict[str, object] | None:
        doc: dict[str, object] = platform.get("registry", f"/centres/{centre}", Role.ADMIN).json()
        return doc if doc["compliance"] == "non_compliant" else None

    view = eventually(flagged)
    assert view["positions"] == [{"role": "psychologist", "head": False}]
    assert view["staff_count"] == 1
    metrics = httpx.get(platform.urls["registry"] + "/metrics", timeout=5).text
    assert 'kk_registry_centres{compliance="non_compliant",status="operating"} 1.0' in metrics


def test_searches_filter_by_place_and_text(platform: Platform) -> None:
    south_aegean = platform.get("registry", "/centres?region=EL42").json()
    assert south_aegean
    assert {c["region_code"] for c in south_aegean} == {"EL42"}
    found = platform.get("registry", "/centres?q=Καλυμν").json()
    assert [c["centre_id"] for c in found] == ["KK-6101"]
    dodecanese = platform.get("registry", "/centres?regional_unit=61").json()
    assert all(c["municipality_code"].startswith("61") for c in dodecanese)
    national = platform.get("registry", "/bodies?scope=national&accepts_referrals=true").json()
    assert {b["code"] for b in national} >= {"dypa", "opeka", "ekka"}


def test_open_data_is_public_complete_and_holds_no_personal_data(platform: Platform) -> None:
    # given a beneficiary with a distinctive name registered somewhere on the platform
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id="KK-6101")
    marker = person("KK-6101", given_name="Ευτυχία", family_name="Ζαχαροπλαστείδου")
    assert platform.post("intake", "/beneficiaries", marker, staff).status_code == 201
    # when anyone, without a token, downloads the open data
    centres_json = httpx.get(platform.urls["registry"] + "/open-data/centres.json", timeout=10)
    centres_csv = httpx.get(platform.urls["registry"] + "/open-data/centres.csv", timeout=10)
    bodies_csv = httpx.get(platform.urls["registry"] + "/open-data/bodies.csv", timeout=10)
    programmes = httpx.get(platform.urls["registry"] + "/open-data/programmes.json", timeout=10)
    # then every registry is there
    assert centres_json.status_code == 200
    assert len(centres_json.json()) >= 248
    rows = list(csv.DictReader(io.StringIO(centres_csv.text.lstrip("\ufeff"))))
    assert len(rows) == len(centres_json.json())
    assert {"centre_id", "staff_count", "staff_roles", "compliance"} <= set(rows[0])
    assert "dypa" in bodies_csv.text
    assert len(programmes.json()) >= 8
    # and no person is named in it
    everything = centres_json.text + centres_csv.text + bodies_csv.text + programmes.text
    for word in (marker["given_name"], marker["family_name"], marker["amka"]):
        assert word not in everything
    personal = {"given_name", "family_name", "amka", "afm", "birth_date", "names"}
    assert not personal & set(rows[0])


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    [
        (
            "put",
            "/centres/KK-6101/staff",
            {"positions": [{"role": "social_worker", "head": True}] * 2 + [{"role": "economist"}]},
            422,
            "positions",
        ),
        ("post", "/bodies", SHELTER | {"code": "no-contact", "contact": None}, 422, "contact"),
        ("post", "/centres", {"municipality_code": "9999"}, 422, "municipality_code"),
        ("post", "/centres", {"municipality_code": "6101"}, 409, "municipality_code"),
        (
            "put",
            "/centres/KK-6101/opening-hours",
            {"opens": "07:00", "closes": "13:00"},
            422,
            "closes",
        ),
        (
            "put",
            "/centres/KK-0000/status",
            {"status": "closed", "effective_on": "2026-12-01"},
            404,
            None,
        ),
    ],
)
def test_bad_registry_writes_name_the_problem(
    platform: Platform,
    method: str,
    path: str,
    body: dict[str, object],
    status: int,
    field: str | None,
) -> None:
    admin = platform.headers(Role.ADMIN)
    response = getattr(platform, method)("registry", path, body, admin)
    assert response.status_code == status, response.text
    if field:
        assert field in [p["field"] for p in response.json()["problems"]]


def test_only_administrators_write_to_the_registry(platform: Platform) -> None:
    head = platform.headers(Role.CENTRE_HEAD, centre_id="KK-6101")
    response = platform.put("registry", "/centres/KK-6101/staff", {"positions": []}, head)
    assert response.status_code == 403


def test_a_roster_above_the_band_is_accepted_and_one_below_it_is_understaffed(
    platform: Platform,
) -> None:
    admin = platform.headers(Role.ADMIN)
    centre = "KK-1001"  # Edessa: band 2, the minimum staff
    head = {"role": "social_worker", "head": True}
    larger = [head, {"role": "psychologist"}, {"role": "roma_vulnerable_groups_mediator"}]
    response = platform.put("registry", f"/centres/{centre}/staff", {"positions": larger}, admin)
    assert response.status_code == 200, response.text

    def view(count: int) -> dict[str, object] | None:
        doc: dict[str, object] = platform.get("registry", f"/centres/{centre}", Role.ADMIN).json()
        return doc if doc["staff_count"] == count else None

    assert eventually(lambda: view(3))["understaffed"] is False
    response = platform.put("registry", f"/centres/{centre}/staff", {"positions": [head]}, admin)
    assert response.status_code == 200, response.text
    assert eventually(lambda: view(1))["understaffed"] is True


def test_a_centre_head_keeps_the_bodies_of_the_centres_municipality_only(
    platform: Platform,
) -> None:
    head = platform.headers(Role.CENTRE_HEAD, centre_id="KK-6101")
    local = SHELTER | {
        "code": "shelter-kalymnos-head",
        "scope": "municipality",
        "area_code": "6101",
    }
    created = platform.post("registry", "/bodies", local, head)
    assert created.status_code == 201, created.text
    body_id = created.json()["id"]
    renamed = {k: v for k, v in local.items() if k != "code"} | {"name_el": "Ξενώνας Καλύμνου"}
    eventually(
        lambda: platform.put("registry", f"/bodies/{body_id}", renamed, head).status_code == 200
    )
    elsewhere = platform.post(
        "registry", "/bodies", local | {"code": "shelter-drama", "area_code": "0201"}, head
    )
    assert elsewhere.status_code == 403
    assert "δήμου του κέντρου" in elsewhere.json()["message_el"]
    national = platform.post(
        "registry",
        "/bodies",
        local | {"code": "national-x", "scope": "national", "area_code": None},
        head,
    )
    assert national.status_code == 403
    opeka = platform.ids["bodies"]["opeka"]
    change = {k: opeka[k] for k in ("name_el", "name_en", "category", "scope", "accepts_referrals")}
    taken = platform.put("registry", f"/bodies/{opeka['body_id']}", change, head)
    assert taken.status_code == 403

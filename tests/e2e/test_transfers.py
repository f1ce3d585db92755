"""One file per person across all centres: a second registration is a transfer."""

from __future__ import annotations

import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person

pytestmark = pytest.mark.e2e


def test_registering_a_known_amka_elsewhere_transfers_the_file_and_its_referrals(
    platform: Platform,
) -> None:
    kalymnos = platform.headers(Role.SOCIAL_WORKER, centre_id="KK-6101")
    drama = platform.headers(Role.SOCIAL_WORKER, centre_id="KK-0201")
    platform.settle()
    before = platform.national()["beneficiaries_registered"]
    details = person("KK-6101")
    first = platform.post("intake", "/beneficiaries", details, kalymnos)
    assert first.status_code == 201

    # when the same person registers at Drama
    moved = platform.post(
        "intake",
        "/beneficiaries",
        details | {"centre_id": "KK-0201", "municipality_code": "0201"},
        drama,
    )
    # then the file is transferred, not duplicated
    assert moved.status_code == 200, moved.text
    assert moved.json()["beneficiary_id"] == first.json()["beneficiary_id"]
    assert moved.json()["transferred_from"] == "KK-6101"
    again = platform.post("intake", "/beneficiaries", details | {"centre_id": "KK-0201"}, drama)
    assert again.status_code == 409
    # and the referral service lets the new centre, not the old one, refer the person
    referral = {
        "beneficiary_id": first.json()["beneficiary_id"],
        "body_id": platform.ids["bodies"]["dypa"]["body_id"],
        "service": "employment_referral",
        "employment_type": "training",
    }
    eventually(lambda: platform.post("referral", "/referrals", referral, drama).status_code == 201)
    assert platform.post("referral", "/referrals", referral, kalymnos).status_code == 403
    # and the nation counts one person, not two
    eventually(lambda: platform.national()["beneficiaries_registered"] == before + 1)

"""A centre's lists at the scale of a busy centre: its referrals asked by status, and the
names of more people than intake names in one call."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from kk_workspace.config import Settings
from kk_workspace.entrypoints.web.routes.work import NAMES_AT_ONCE, OPEN, worklist_names
from kk_workspace.platform import Platform as Services
from kk_workspace.session import Staff
from servicekit.auth import Principal, Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"


def _registered(platform: Platform, staff: dict[str, str]) -> dict[str, Any]:
    one = person(CENTRE)

    def created() -> dict[str, Any] | None:
        answer = platform.post("intake", "/beneficiaries", one, staff)
        return {**one, **answer.json()} if answer.status_code == 201 else None

    return eventually(created)


def _referred(platform: Platform, staff: dict[str, str], beneficiary_id: str) -> str:
    referral = {
        "beneficiary_id": beneficiary_id,
        "body_id": platform.ids["bodies"]["dypa"]["body_id"],
        "service": "employment_referral",
        "employment_type": "training",
        "note": "Ζητά πρόγραμμα κατάρτισης",
    }

    def sent() -> str | None:  # once referral has heard of the person
        answer = platform.post("referral", "/referrals", referral, staff)
        return str(answer.json()["referral_id"]) if answer.status_code == 201 else None

    return eventually(sent)


def test_a_centres_referrals_are_asked_for_by_status(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    kept = _referred(platform, staff, _registered(platform, staff)["beneficiary_id"])
    withdrawn = _referred(platform, staff, _registered(platform, staff)["beneficiary_id"])
    path = f"/referrals/{withdrawn}/withdrawal"
    answer = platform.post("referral", path, {"reason": "Η οικογένεια μετακόμισε."}, staff)
    assert answer.status_code == 200, answer.text

    def listed(*statuses: str) -> set[str]:
        answer = httpx.get(
            platform.urls["referral"] + f"/centres/{CENTRE}/referrals",
            params={"status": list(statuses)},
            headers=staff,
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        return {r["referral_id"] for r in answer.json()}

    # once the centre's index has heard of the withdrawal, and of the other referral
    eventually(lambda: withdrawn in listed("withdrawn") and kept in listed(*OPEN))
    assert withdrawn not in listed(*OPEN)
    assert kept not in listed("withdrawn")
    unknown = httpx.get(
        platform.urls["referral"] + f"/centres/{CENTRE}/referrals",
        params={"status": ["sent", "lost"]},
        headers=staff,
        timeout=10,
    )
    assert unknown.status_code == 422, unknown.text


def test_a_worklist_names_more_people_than_one_call_to_intake_may(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    one = _registered(platform, staff)
    ids = [str(uuid.uuid4()) for _ in range(2 * NAMES_AT_ONCE)] + [one["beneficiary_id"]]
    settings = Settings(  # type: ignore[call-arg]
        intake_url=platform.urls["intake"],
        oidc_issuer="http://127.0.0.1:1/unused",  # (names need no sign-in: the token is given)
        oidc_client_secret="unused",
        workspace_session_key="k" * 32,
    )
    worker = Staff(
        Principal(subject="test-social_worker", role=Role.SOCIAL_WORKER, centre_id=CENTRE),
        "Κοινωνική λειτουργός",
        staff["Authorization"].removeprefix("Bearer "),
    )

    async def names() -> Any:
        async with httpx.AsyncClient(timeout=30) as http:
            return await worklist_names(Services(settings, http), worker, CENTRE, ids)

    assert asyncio.run(names()) == {
        one["beneficiary_id"]: {"family_name": one["family_name"], "given_name": one["given_name"]}
    }

"""Requests and the 10-working-day right to information, through the real services."""

from __future__ import annotations

from typing import Any

import httpx
import psycopg
import pytest
from kk_contracts import Topic
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person, read_topic

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"
NOTES = "Ζητά βοήθεια για ενοίκιο· σημείωση που μένει στον φάκελο"


def _holiday_replicated(platform: Platform, day: str) -> bool:
    with psycopg.connect(platform.stack.database_url) as conn:
        row = conn.execute(
            "SELECT 1 FROM intake.local_holiday_replica WHERE centre_id = %s AND holiday = %s",
            (CENTRE, day),
        ).fetchone()
    return row is not None


def _request(platform: Platform, staff: dict[str, str], logged_on: str) -> dict[str, Any]:
    beneficiary = platform.post("intake", "/beneficiaries", person(CENTRE), staff).json()
    body = {
        "axis": "C",
        "category": "housing",
        "channel": "phone",
        "notes": NOTES,
        "logged_on": logged_on,
    }
    response = platform.post(
        "intake", f"/beneficiaries/{beneficiary['beneficiary_id']}/requests", body, staff
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_local_holiday_moves_the_due_date_and_an_unanswered_request_turns_overdue(
    platform: Platform,
) -> None:
    # given the municipality declares Thursday 16 April 2026 a local holiday
    admin = platform.headers(Role.ADMIN)
    declared = platform.post(
        "registry",
        f"/centres/{CENTRE}/local-holidays",
        {"holiday": "2026-04-16", "name_el": "Τοπική εορτή"},
        admin,
    )
    assert declared.status_code == 201, declared.text
    eventually(lambda: _holiday_replicated(platform, "2026-04-16"))
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)

    # when a request received on 8 April is logged
    late = _request(platform, staff, "2026-04-08")
    answered = _request(platform, staff, "2026-04-08")
    informed = platform.post(
        "intake",
        f"/requests/{answered['request_id']}/informed",
        {"channel": "phone", "informed_on": "2026-04-20"},
        staff,
    )
    assert informed.status_code == 200

    # then its due date skips Good Friday, Easter Monday and the local holiday: 27 April
    assert late["due_on"] == "2026-04-27"

    # and the worker's periodic check flags the unanswered one (today is past 27 April)
    def overdue_list() -> list[str]:
        rows = platform.get(
            "intake",
            f"/centres/{CENTRE}/requests?overdue=true",
            Role.SOCIAL_WORKER,
            centre_id=CENTRE,
        ).json()
        return [r["request_id"] for r in rows]

    eventually(lambda: late["request_id"] in overdue_list())
    assert answered["request_id"] not in overdue_list()
    metrics = httpx.get(platform.urls["intake"] + "/metrics", timeout=5).text
    assert f'kk_intake_requests_overdue{{centre_id="{CENTRE}"}}' in metrics

    # and Kafka carries the request's facts, never its notes
    records = eventually(
        lambda: (
            [
                r
                for r in read_topic(platform.stack.bootstrap_servers, Topic.REQUESTS)
                if r.key == late["request_id"].encode()
            ]
            or None
        )
    )
    types = {dict(r.headers)["ce_type"] for r in records}
    assert {b"gr.kk.intake.RequestLogged", b"gr.kk.intake.RequestOverdue"} <= types
    assert all(NOTES.encode() not in r.value for r in records)


def test_a_request_is_read_only_by_its_centre_and_every_attempt_is_audited(
    platform: Platform,
) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    request = _request(platform, staff, "2026-11-02")
    path = f"/requests/{request['request_id']}?reason=follow-up"
    own = httpx.get(platform.urls["intake"] + path, headers=staff, timeout=10)
    assert own.status_code == 200
    assert own.json()["notes"] == NOTES
    other = platform.headers(Role.SOCIAL_WORKER, centre_id="KK-0201")
    assert httpx.get(platform.urls["intake"] + path, headers=other, timeout=10).status_code == 403
    with psycopg.connect(platform.stack.database_url) as conn:
        reads = conn.execute(
            "SELECT centre_id, reason, allowed FROM intake.file_reads "
            "WHERE beneficiary_id = %s ORDER BY id",
            (request["beneficiary_id"],),
        ).fetchall()
    assert reads == [(CENTRE, "follow-up", True), ("KK-0201", "follow-up", False)]


def test_a_finished_request_cannot_move_again(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    request = _request(platform, staff, "2026-11-02")
    path = f"/requests/{request['request_id']}/status"
    assert platform.post("intake", path, {"status": "resolved"}, staff).status_code == 200
    again = platform.post("intake", path, {"status": "in_progress"}, staff)
    assert again.status_code == 409
    assert "finished" in again.json()["message"]


def test_application_support_follows_the_programmes_checklist_to_submission(
    platform: Platform,
) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    eee = platform.ids["programmes"]["eee"]
    beneficiary = platform.post("intake", "/beneficiaries", person(CENTRE), staff).json()
    body = {
        "axis": "A",
        "category": "application_support",
        "channel": "in_person",
        "programme_id": eee["programme_id"],
    }
    logged = platform.post(
        "intake", f"/beneficiaries/{beneficiary['beneficiary_id']}/requests", body, staff
    )
    assert logged.status_code == 201, logged.text
    request = logged.json()
    # the checklist is the programme's supporting documents, as the registry published them
    assert list(request["checklist"]) == eee["required_documents"]
    base = f"/requests/{request['request_id']}"
    early = platform.post("intake", f"{base}/application", {}, staff)
    assert early.status_code == 409
    assert "missing" in early.json()["message"]
    for document in eee["required_documents"]:
        ticked = platform.post("intake", f"{base}/documents", {"document": document}, staff)
        assert ticked.status_code == 200, ticked.text
    submitted = platform.post("intake", f"{base}/application", {}, staff)
    assert submitted.status_code == 200
    assert submitted.json()["application_submitted_on"] is not None
    records = eventually(
        lambda: (
            [
                r
                for r in read_topic(platform.stack.bootstrap_servers, Topic.REQUESTS)
                if r.key == request["request_id"].encode()
                and dict(r.headers)["ce_type"] == b"gr.kk.intake.ApplicationSubmitted"
            ]
            or None
        )
    )
    assert len(records) == 1

    # the referral service takes the application up: the centre decides, once
    applications = f"/centres/{CENTRE}/applications"
    eventually(
        lambda: any(
            a["request_id"] == request["request_id"]
            for a in platform.get(
                "referral", applications, Role.SOCIAL_WORKER, centre_id=CENTRE
            ).json()
        )
    )
    decision = f"/applications/{request['request_id']}/decision"
    enrolled = platform.post(
        "referral", decision, {"decision": "enrolled", "renew_by": "2027-12-31"}, staff
    )
    assert enrolled.status_code == 201, enrolled.text
    assert enrolled.json()["request_id"] == request["request_id"]
    assert platform.post("referral", decision, {"decision": "enrolled"}, staff).status_code == 409
    # and nobody is enrolled twice in the same programme at the same time
    direct = {
        "beneficiary_id": beneficiary["beneficiary_id"],
        "programme_id": eee["programme_id"],
        "start_date": "2027-01-04",
    }
    twice = platform.post("referral", "/enrolments", direct, staff)
    assert twice.status_code == 409
    assert twice.json()["error"] == "already_enrolled"
    exit_path = f"/enrolments/{enrolled.json()['enrolment_id']}/exit"
    assert platform.post("referral", exit_path, {"reason": "voluntary"}, staff).status_code == 200
    assert platform.post("referral", "/enrolments", direct, staff).status_code == 201
    eventually(
        lambda: (
            not any(
                a["request_id"] == request["request_id"]
                for a in platform.get(
                    "referral", applications, Role.SOCIAL_WORKER, centre_id=CENTRE
                ).json()
            )
        )
    )
    # the file lists both: the decided enrolment, ended, and the direct one, running
    listed = f"/beneficiaries/{beneficiary['beneficiary_id']}/enrolments"

    def both() -> list[dict[str, Any]] | None:
        rows = platform.get("referral", listed, Role.SOCIAL_WORKER, centre_id=CENTRE).json()
        statuses = sorted(r["status"] for r in rows)
        return rows if statuses == ["enrolled", "exited"] else None

    rows = eventually(both, timeout=30)
    ended = next(r for r in rows if r["status"] == "exited")
    assert ended["enrolment_id"] == enrolled.json()["enrolment_id"]
    assert ended["exit_reason"] == "voluntary"
    assert ended["renew_by"] == "2027-12-31"
    running = next(r for r in rows if r["status"] == "enrolled")
    assert running["start_date"] == "2027-01-04"
    assert running["programme_category"] == eee["category"]
    # another centre's staff see none of them
    other = platform.get("referral", listed, Role.SOCIAL_WORKER, centre_id="KK-4501").json()
    assert other == []

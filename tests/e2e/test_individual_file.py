"""The whole individual file on the real platform: kept and read back in full, encrypted at
rest, never on Kafka; likely duplicates reviewed; erasures finished even after a crash."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx
import psycopg
import pytest
from kk_contracts import Topic
from kk_intake.bootstrap import bootstrap
from kk_intake.config import Settings
from servicekit.auth import Principal, Role
from servicekit.shredding import MAGIC
from servicekit.subject_keys import PostgresSubjectKeys

from tests.e2e.conftest import Platform
from tests.support import eventually, person, read_topic, valid_amka

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"
PROXY = {
    "given_name": "Αριστοτέλης",
    "family_name": "Κωνσταντινίδης",
    "id_document": "ΑΖ987654",
    "relation": "γιος / son",
    "authorisation": "gov_gr",
    "reference": "GOV-2026-4411",
    "issued_on": "2026-01-15",
}


def _full_person() -> dict[str, Any]:
    return person(
        CENTRE,
        given_name="Ξανθίππη",
        family_name="Μαυροκορδάτου",
        afm="090000045",
        citizenship="GE",
        languages=["ka", "el"],
        contact={
            "phone": "+30 6987001122",
            "email": "xanthippi@example.org",
            "address": "Λεωφόρος Ελευθερίας 77",
        },
        household=[
            {"relation": "child", "given_name": "Ευτέρπη", "birth_date": "2014-05-02"},
            {"relation": "spouse", "given_name": "Φιλήμων", "amka": valid_amka()},
        ],
        vulnerable_groups=["disability", "migrant"],
        disability_percent=72,
        proxy=PROXY,
    )


def _secrets(details: dict[str, Any], notes: str) -> list[str]:
    return [
        details["amka"],
        details["afm"],
        details["given_name"],
        details["family_name"],
        details["birth_date"],
        details["contact"]["phone"],
        details["contact"]["email"],
        details["contact"]["address"],
        details["household"][0]["given_name"],
        details["household"][1]["amka"],
        PROXY["given_name"],
        PROXY["id_document"],
        PROXY["reference"],
        notes,
    ]


def test_the_whole_file_is_kept_encrypted_at_rest_and_never_published(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    details = _full_person()
    registered = platform.post("intake", "/beneficiaries", details, staff)
    assert registered.status_code == 201, registered.text
    beneficiary_id = registered.json()["beneficiary_id"]
    notes = "Ζητά βοήθεια για επίδομα αναπηρίας μέσω του γιου της"
    request = {"axis": "A", "category": "legal_information", "channel": "proxy", "notes": notes}
    logged = platform.post("intake", f"/beneficiaries/{beneficiary_id}/requests", request, staff)
    assert logged.status_code == 201, logged.text

    # the file reads back whole, to the centre's staff
    file = httpx.get(
        platform.urls["intake"] + f"/beneficiaries/{beneficiary_id}",
        params={"reason": "έλεγχος φακέλου"},
        headers=staff,
        timeout=10,
    ).json()
    assert (file["afm"], file["citizenship"], file["languages"]) == (
        "090000045",
        "GE",
        ["el", "ka"],
    )
    assert file["contact"] == details["contact"]
    assert [m["relation"] for m in file["household"]] == ["child", "spouse"]
    assert file["disability_percent"] == 72
    assert file["proxy"]["reference"] == PROXY["reference"]
    # and to nobody else: other roles see no individual data, whatever their scope
    for role, scope in (
        (Role.MINISTRY_ANALYST, {}),
        (Role.REGIONAL_OBSERVATORY, {"region": "EL30"}),
        (Role.MUNICIPAL_SUPERVISOR, {"municipality": "6101"}),
        (Role.ADMIN, {}),
    ):
        refused = httpx.get(
            platform.urls["intake"] + f"/beneficiaries/{beneficiary_id}",
            params={"reason": "curiosity"},
            headers=platform.headers(role, **scope),
            timeout=10,
        )
        assert refused.status_code == 403, (role, refused.text)

    # every event of the person reaches Kafka, and none of the personal values does
    key = beneficiary_id.encode()

    def published() -> list[Any] | None:
        records = [
            r
            for topic in (Topic.BENEFICIARIES, Topic.REQUESTS)
            for r in read_topic(platform.stack.bootstrap_servers, topic)
            if r.key == key or beneficiary_id.encode() in r.value
        ]
        types = {dict(r.headers)["ce_type"] for r in records}
        wanted = {b"gr.kk.intake.BeneficiaryRegistered", b"gr.kk.intake.RequestLogged"}
        return records if wanted <= types else None

    wire = b"".join(r.value + b"".join(v for _, v in r.headers) for r in eventually(published))
    # and nothing in the event store is readable without the keys: the events that hold
    # the person's data are sealed with the person's own key (so erasure reaches them)
    with psycopg.connect(platform.stack.database_url) as conn:
        at_rest = b"".join(
            bytes(row[0])
            for row in conn.execute("SELECT state FROM intake.intakeapplication_events")
        )
        personal = conn.execute(
            "SELECT topic, state FROM intake.intakeapplication_events "
            "WHERE originator_id = %s AND (topic LIKE %s OR topic LIKE %s)",
            (beneficiary_id, "%Beneficiary.Registered", "%Beneficiary.ProxyAuthorised"),
        ).fetchall()
    assert len(personal) == 2
    assert all(bytes(state).startswith(MAGIC + UUID(beneficiary_id).bytes) for _, state in personal)
    for secret in _secrets(details, notes):
        assert secret.encode() not in wire, secret
        assert secret.encode() not in at_rest, secret


def test_a_likely_duplicate_is_flagged_listed_and_reviewed(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    first = person(CENTRE, given_name="Πηνελόπη", family_name="Δέλτα")
    second = first | {"amka": valid_amka(), "given_name": "ΠΗΝΕΛΟΠΗ", "family_name": "Δελτα"}
    assert platform.post("intake", "/beneficiaries", first, staff).status_code == 201
    flagged = platform.post("intake", "/beneficiaries", second, staff)
    assert flagged.status_code == 201, flagged.text
    assert flagged.json()["likely_duplicate"] is True
    beneficiary_id = flagged.json()["beneficiary_id"]

    def queue() -> list[str]:
        rows = platform.get(
            "intake", f"/centres/{CENTRE}/duplicate-reviews", Role.SOCIAL_WORKER, centre_id=CENTRE
        ).json()
        return [row["beneficiary_id"] for row in rows]

    eventually(lambda: beneficiary_id in queue())
    other_centre = platform.headers(Role.SOCIAL_WORKER, centre_id="KK-0201")
    review = {"outcome": "distinct"}
    path = f"/beneficiaries/{beneficiary_id}/duplicate-review"
    assert platform.post("intake", path, review, other_centre).status_code == 403
    reviewed = platform.post("intake", path, review, staff)
    assert reviewed.status_code == 200, reviewed.text
    assert platform.post("intake", path, review, staff).status_code == 409
    eventually(lambda: beneficiary_id not in queue())
    metrics = httpx.get(platform.urls["intake"] + "/metrics", timeout=5).text
    assert "kk_intake_duplicate_reviews_open" in metrics


class _DiesBeforeDestroyingTheKey(PostgresSubjectKeys):
    """The process dies between recording the erasure and destroying the key."""

    def destroy(self, subject: UUID) -> None:
        raise SystemExit("killed")


def test_an_erasure_interrupted_before_the_key_is_destroyed_is_finished_by_the_worker(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    registered = platform.post("intake", "/beneficiaries", person(CENTRE), staff)
    beneficiary_id = UUID(registered.json()["beneficiary_id"])
    platform.intake_worker.stop()  # so that nothing finishes the erasure before we look
    for name, value in platform.stack.service_env().items():
        monkeypatch.setenv(name, value)
    settings = Settings()  # type: ignore[call-arg]
    service = bootstrap(settings)
    try:
        keys = _DiesBeforeDestroyingTheKey(service.pool, settings.cipher_key.get_secret_value())
        service.app.keys = keys
        with pytest.raises(SystemExit):
            service.app.erase(
                beneficiary_id=beneficiary_id,
                reason="the person asked, GDPR Art. 17",
                by=Principal("admin", Role.ADMIN),
            )
    finally:
        service.close()

    def key_exists() -> bool:
        with psycopg.connect(platform.stack.database_url) as conn:
            row = conn.execute(
                "SELECT 1 FROM intake.subject_keys WHERE subject_id = %s", (beneficiary_id,)
            ).fetchone()
        return row is not None

    assert key_exists()  # the erasure is recorded, the key is still there
    platform.start_intake_worker()
    eventually(lambda: not key_exists())  # destroyed when BeneficiaryErased came back
    file = httpx.get(
        platform.urls["intake"] + f"/beneficiaries/{beneficiary_id}",
        params={"reason": "check"},
        headers=staff,
        timeout=10,
    )
    assert file.status_code == 410

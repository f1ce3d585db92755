"""Poison messages go to the dead-letter topic with the reason; the consumer keeps going."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from kk_contracts import Envelope, Topic, dead_letter_topic, encode_message
from kk_contracts.events.intake import BeneficiaryRegistered

from tests.e2e.conftest import Platform
from tests.support import eventually, produce, read_topic

pytestmark = pytest.mark.e2e


def test_poison_messages_are_dead_lettered_and_later_good_ones_still_applied(
    platform: Platform,
) -> None:
    bootstrap = platform.stack.bootstrap_servers
    centre = "KK-6101"
    before = platform.get("reporting", f"/indicators/centres/{centre}").json()["counts"]
    key = uuid.uuid4()
    good = encode_message(
        Envelope(
            id=uuid.uuid4(),
            source="/tests",
            time=datetime.now(UTC),
            data=BeneficiaryRegistered(
                beneficiary_id=key,
                centre_id=centre,
                municipality_code="6101",
                registered_on=date(2026, 11, 2),
                age_band="25-34",
                sex="male",
                mgi_recipient=False,
            ),
        )
    )
    not_json = (str(key).encode(), b"{not json", good.headers)
    schema_violation = (str(key).encode(), b'{"beneficiary_id": "nope"}', good.headers)
    unknown_type = (
        str(key).encode(),
        good.value,
        [(k, b"gr.kk.intake.SomethingElse" if k == "ce_type" else v) for k, v in good.headers],
    )
    no_headers = (str(key).encode(), good.value, [])

    # when four poison messages and then a good one arrive on the same partition (same key)
    produce(
        bootstrap,
        Topic.BENEFICIARIES,
        [
            not_json,
            schema_violation,
            unknown_type,
            no_headers,
            (good.key, good.value, good.headers),
        ],
    )

    # then each of reporting's consumers dead-letters all four, each with its reason and origin
    groups = ("reporting.activity", "reporting.monthly")

    def reporting_dead_letters() -> dict[str, list[dict[str, str]]]:
        records = read_topic(bootstrap, dead_letter_topic("reporting"))
        mine = [
            {k: v.decode() for k, v in r.headers} for r in records if r.key == str(key).encode()
        ]
        by_group = {g: [h for h in mine if h["dlq_group"] == g] for g in groups}
        return by_group if all(len(by_group[g]) >= 4 for g in groups) else {}

    by_group = eventually(reporting_dead_letters)
    assert [len(by_group[g]) for g in groups] == [4, 4]
    letters = by_group["reporting.activity"]
    reasons = [h["dlq_reason"] for h in letters]
    assert any("not JSON" in r for r in reasons)
    assert any("beneficiary_id" in r for r in reasons)
    assert any("unknown event type" in r for r in reasons)
    assert any("missing CloudEvents headers" in r for r in reasons)
    assert all(h["dlq_topic"] == Topic.BENEFICIARIES.value for h in letters)
    # and the good message after them is still applied
    eventually(
        lambda: (
            platform.get("reporting", f"/indicators/centres/{centre}").json()["counts"][
                "beneficiaries_registered"
            ]
            == before["beneficiaries_registered"] + 1
        )
    )

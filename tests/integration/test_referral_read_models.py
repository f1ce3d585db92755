"""Referral's read models on the real PostgreSQL, fed events in the orders Kafka may
deliver them across topics (a transfer is on another topic than the referral it moves)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from devstack.stack import Stack
from kk_contracts import Envelope, IntegrationEvent
from kk_contracts.codes import AgeBand, BodyCategory, RequestCategory, Sex, Urgency
from kk_contracts.events.intake import (
    BeneficiaryErased,
    BeneficiaryRegistered,
    BeneficiaryTransferred,
)
from kk_contracts.events.referral import ReferralSent
from kk_referral.adapters.index import ReferralIndex
from kk_referral.bootstrap import MIGRATIONS

from tests.support import scratch_schema

pytestmark = pytest.mark.integration


@pytest.fixture
def cur(stack: Stack) -> Iterator[psycopg.Cursor[Any]]:
    with scratch_schema(stack.database_url, "read_models", MIGRATIONS) as cursor:
        yield cursor


def _apply(cur: psycopg.Cursor[Any], *events: IntegrationEvent) -> None:
    index = ReferralIndex(pool=None)  # type: ignore[arg-type]  # apply needs only the cursor
    for event in events:
        index.apply(cur, Envelope(uuid4(), "/test", datetime.now(UTC), event))


def _referral(person: UUID) -> ReferralSent:
    return ReferralSent(
        referral_id=uuid4(),
        beneficiary_id=person,
        centre_id="KK-6101",
        body_id=uuid4(),
        body_category=BodyCategory.EMPLOYMENT_SERVICE,
        urgency=Urgency.ROUTINE,
        sent_on=date(2026, 11, 23),
        service=RequestCategory.EMPLOYMENT_REFERRAL,
        respond_by=date(2026, 12, 7),
    )


def _centre_and_status(cur: psycopg.Cursor[Any], referral: ReferralSent) -> tuple[str, str]:
    cur.execute(
        "SELECT centre_id, status FROM referral_index WHERE referral_id = %s",
        (referral.referral_id,),
    )
    row = cur.fetchone()
    assert row is not None
    return row["centre_id"], row["status"]


def test_a_transfer_read_before_the_referral_still_moves_it(cur: psycopg.Cursor[Any]) -> None:
    person = uuid4()
    registered = BeneficiaryRegistered(
        beneficiary_id=person,
        centre_id="KK-6101",
        municipality_code="6101",
        registered_on=date(2026, 11, 2),
        age_band=AgeBand.FROM_45,
        sex=Sex.FEMALE,
        mgi_recipient=False,
    )
    moved = BeneficiaryTransferred(
        beneficiary_id=person,
        from_centre="KK-6101",
        to_centre="KK-0201",
        transferred_on=date(2026, 11, 24),
    )
    before, after = _referral(person), _referral(person)
    _apply(cur, before, registered, moved, after)  # the transfer between the two referrals
    assert _centre_and_status(cur, before) == ("KK-0201", "sent")
    assert _centre_and_status(cur, after) == ("KK-0201", "sent")


def test_an_erased_persons_open_referrals_leave_the_open_lists(cur: psycopg.Cursor[Any]) -> None:
    person = uuid4()
    referral = _referral(person)
    _apply(
        cur,
        referral,
        BeneficiaryErased(beneficiary_id=person, centre_id="KK-6101", erased_on=date(2026, 12, 1)),
    )
    assert _centre_and_status(cur, referral) == ("KK-6101", "erased")
    cur.execute("SELECT referral_id FROM referral_index WHERE status IN ('sent', 'received')")
    assert referral.referral_id not in {row["referral_id"] for row in cur.fetchall()}

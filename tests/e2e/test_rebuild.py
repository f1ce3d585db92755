"""Rebuilding reporting's read models from the topics, on the real broker and PostgreSQL:
the rebuilt tables equal the ones the live consumers kept (a resent message counted once),
a lost read model comes back, a second rebuild is refused while one runs, and the live
consumers go on after the swap without counting anything twice."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
import pytest
from kk_contracts import Topic
from kk_contracts.events.intake import BeneficiaryRegistered
from kk_reporting.adapters.rebuild import Rebuild
from kk_reporting.bootstrap import MIGRATIONS, read_models
from servicekit.auth import Role
from servicekit.kafka import client_options

from tests.e2e.conftest import Platform
from tests.support import eventually, person, produce, read_topic

pytestmark = pytest.mark.e2e
# Each table of the read models with its key; in those that count, a count of zero is the
# same as no row (a live consumer leaves one where a moved date took a count back).
TABLES = {
    "centre_dim": "centre_id",
    "centre_activity": "centre_id",
    "monthly_facts": "centre_id, month, indicator, dimension",
    "place_facts": "level, code, indicator, month, dimension",
    "place_months": "level, code, month",
    "open_overdue": "kind, item_id",
    "overdue_counts": "centre_id, kind",
    "referral_days": "referral_id",
    "centre_seen": "centre_id",
}
COUNTING = {"monthly_facts", "place_facts", "overdue_counts"}


def _snapshot(platform: Platform) -> dict[str, list[tuple[Any, ...]]]:
    with psycopg.connect(platform.stack.database_url) as conn:
        return {
            table: conn.execute(
                f"SELECT * FROM reporting.{table} "  # type: ignore[arg-type]
                f"{'WHERE n <> 0' if table in COUNTING else ''} ORDER BY {key}"
            ).fetchall()
            for table, key in TABLES.items()
        }


def _latest(platform: Platform) -> dict[str, Any] | None:
    response = platform.get("reporting", "/rebuilds/latest", Role.ADMIN)
    return response.json() if response.status_code == 200 else None  # type: ignore[no-any-return]


def test_a_rebuild_gives_back_what_the_live_consumers_kept(platform: Platform) -> None:
    centre = "KK-6101"
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=centre)
    for _ in range(3):
        assert platform.post("intake", "/beneficiaries", person(centre), staff).status_code == 201
    platform.settle()
    # a relay that crashed after sending resends under the same id: counted once
    sent = read_topic(platform.stack.bootstrap_servers, Topic.BENEFICIARIES)
    registered = BeneficiaryRegistered.event_type.encode()
    again = [m for m in sent if (("ce_type", registered) in list(m.headers))][-1]
    produce(
        platform.stack.bootstrap_servers,
        Topic.BENEFICIARIES,
        [(again.key, again.value, list(again.headers))],
    )
    platform.settle()
    kept = _snapshot(platform)
    assert kept["monthly_facts"]
    assert kept["centre_dim"]

    with psycopg.connect(platform.stack.database_url, autocommit=True) as conn:
        conn.execute("DELETE FROM reporting.monthly_facts")  # a read model lost
        conn.execute("UPDATE reporting.centre_activity SET beneficiaries_registered = 0")

    # while a rebuild holds the lock, another is refused with its progress
    holder = Rebuild(
        database_url=platform.stack.database_url,
        schema="reporting",
        bootstrap_servers=platform.stack.bootstrap_servers,
        projections=read_models(),
        migrations=MIGRATIONS,
        processes=2,  # the reading shared out, as at scale (the API's run below reads alone)
    )
    holder.claim()
    refused = platform.post("reporting", "/rebuilds", {}, platform.headers(Role.ADMIN))
    assert refused.status_code == 409, refused.text
    assert "already running" in refused.json()["message"]
    report = asyncio.run(holder.run())
    assert report.processes == 2
    assert report.duplicates >= 1
    assert report.events > 0
    assert _snapshot(platform) == kept

    # through the API: an analyst may follow but not start one
    analyst = platform.post("reporting", "/rebuilds", {}, platform.headers(Role.MINISTRY_ANALYST))
    assert analyst.status_code == 403
    with psycopg.connect(platform.stack.database_url, autocommit=True) as conn:
        conn.execute("DELETE FROM reporting.monthly_facts")
    started = platform.post("reporting", "/rebuilds", {}, platform.headers(Role.ADMIN))
    assert started.status_code == 202, started.text
    run_id = started.json()["id"]
    done = eventually(
        lambda: (run := _latest(platform)) and run["id"] == run_id and run["state"] == "done"
        and run,
        timeout=60,
    )  # fmt: skip
    assert done["done"] == done["total"] > 0
    assert _snapshot(platform) == kept

    # the live consumers go on from where the rebuild left them: one more, counted once
    before = platform.national()["beneficiaries_registered"]
    assert platform.post("intake", "/beneficiaries", person(centre), staff).status_code == 201
    eventually(lambda: platform.national()["beneficiaries_registered"] == before + 1, timeout=30)
    platform.settle()
    assert platform.national()["beneficiaries_registered"] == before + 1

    # and a resend of what the rebuild applied is still known for one (the rebuilt inbox)
    produce(
        platform.stack.bootstrap_servers,
        Topic.BENEFICIARIES,
        [(again.key, again.value, list(again.headers))],
    )
    platform.settle()
    assert platform.national()["beneficiaries_registered"] == before + 1


def test_the_rebuild_status_needs_a_ministry_token(platform: Platform) -> None:
    observatory = platform.get(
        "reporting", "/rebuilds/latest", Role.REGIONAL_OBSERVATORY, region="EL30"
    )
    assert observatory.status_code == 403


def test_the_topics_are_kept_forever(platform: Platform) -> None:
    """The read models are rebuilt from the topics, so no event may age out of them."""
    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    async def retention() -> str:
        admin = AIOKafkaAdminClient(
            bootstrap_servers=platform.stack.bootstrap_servers, **client_options()
        )
        await admin.start()
        try:
            [answer] = await admin.describe_configs(
                [ConfigResource(ConfigResourceType.TOPIC, Topic.BENEFICIARIES.value)]
            )
            [(_, _, _, _, entries)] = answer.resources
            return next(str(e[1]) for e in entries if e[0] == "retention.ms")
        finally:
            await admin.close()

    assert asyncio.run(retention()) == "-1"

"""The topics the processor reads, writes and keeps its state in, made by one idempotent
step (confluent-kafka's AdminClient)."""

from __future__ import annotations

import logging

from confluent_kafka.admin import AdminClient
from kk_contracts import Topic, dead_letter_topic
from kk_contracts.observatory import Entity, observatory_topic
from kk_contracts.reference import regions
from servicekit.kafka import KEPT, create_missing_topics

log = logging.getLogger(__name__)

SERVICE = "observatory"
INPUTS = (Topic.CENTRES, Topic.BENEFICIARIES, Topic.REQUESTS, Topic.REFERRALS, Topic.ENROLMENTS)
DEAD_LETTERS = dead_letter_topic(SERVICE)
# The processor's own state, written in the transactions of the records it explains:
# the people it has routed (by platform id) and the monthly counts, under the consumer
# group whose offsets they go with (a new group starts from the beginning, and from no
# state). Not for any reader.
STATE_PREFIX = "kk.observatory-state."
DEFAULT_GROUP = "observatory.routing"


def state_topics(group: str) -> tuple[str, str]:
    """The changelog topics of ``group``: its people, its monthly counts."""
    return f"{STATE_PREFIX}{group}.people.v1", f"{STATE_PREFIX}{group}.counts.v1"


COMPACTED = {"cleanup.policy": "compact"}


def region_topics(region: str) -> list[str]:
    return [observatory_topic(region, entity) for entity in Entity]


def wanted(group: str = DEFAULT_GROUP) -> dict[str, dict[str, str]]:
    """Every topic the processor writes, with its settings. A region's stream has one
    partition per topic: small, and read in the order it was written."""
    topics = {**dict.fromkeys(state_topics(group), COMPACTED), DEAD_LETTERS: KEPT}
    for region in regions():
        for entity in Entity:
            topics[observatory_topic(region, entity)] = (
                COMPACTED if entity is Entity.MONTHLY else KEPT
            )
    return topics


def ensure(admin: AdminClient, topics: dict[str, dict[str, str]], replication: int = 1) -> None:
    """Creates whichever of ``topics`` are missing; those that exist are left as they are."""
    made = create_missing_topics(
        admin,
        {
            name: {
                "partitions": 3 if name == DEAD_LETTERS else 1,
                "replication": replication,
                "config": config,
            }
            for name, config in topics.items()
        },
    )
    if made:
        log.info("created %d topics", len(made))

"""The registry's searchable view of its own published registries.

Fed by a tracked consumer of the registry's own topics, like every other service's replica:
one way to build read models on the platform, and searches never load aggregates.
"""

from __future__ import annotations

from typing import Any

import psycopg
from kk_contracts import Envelope, IntegrationEvent, Topic, dead_letter_topic
from kk_contracts.events.registry import BodyRegistered, CentreRegistered, ProgramRegistered
from psycopg.types.json import Jsonb

DDL = """
CREATE TABLE IF NOT EXISTS centre_view (
    centre_id text PRIMARY KEY, region_code text NOT NULL, municipality_code text NOT NULL,
    doc jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS body_view (
    body_id uuid PRIMARY KEY, category text NOT NULL, doc jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS programme_view (
    programme_id uuid PRIMARY KEY, category text NOT NULL, doc jsonb NOT NULL
);
"""


class CatalogueView:
    group = "registry.catalogue"
    topics = (Topic.CENTRES, Topic.BODIES, Topic.PROGRAMMES)
    dead_letter_topic = dead_letter_topic("registry")
    ddl = DDL

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        event = envelope.data
        doc = Jsonb(event.model_dump(mode="json"))
        if isinstance(event, CentreRegistered):
            cur.execute(
                """INSERT INTO centre_view VALUES (%s, %s, %s, %s)
                   ON CONFLICT (centre_id) DO UPDATE SET doc = EXCLUDED.doc""",
                (event.centre_id, event.region_code, event.municipality_code, doc),
            )
        elif isinstance(event, BodyRegistered):
            cur.execute(
                """INSERT INTO body_view VALUES (%s, %s, %s)
                   ON CONFLICT (body_id) DO UPDATE SET doc = EXCLUDED.doc""",
                (event.body_id, event.category, doc),
            )
        elif isinstance(event, ProgramRegistered):
            cur.execute(
                """INSERT INTO programme_view VALUES (%s, %s, %s)
                   ON CONFLICT (programme_id) DO UPDATE SET doc = EXCLUDED.doc""",
                (event.programme_id, event.category, doc),
            )

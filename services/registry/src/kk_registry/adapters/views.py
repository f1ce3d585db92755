"""The registry's searchable view of its own published registries.

Fed by a tracked consumer of the registry's own topics, like every other service's replica:
one way to build read models on the platform, and searches never load aggregates. Each row
keeps the public document the API and the open-data export answer with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
from kk_contracts import Envelope, IntegrationEvent, Topic, dead_letter_topic
from kk_contracts.events import registry as e
from psycopg.types.json import Jsonb

Cursor = psycopg.Cursor[Any]


def _patch_centre(cur: Cursor, centre_id: str, patch: dict[str, Any]) -> None:
    cur.execute(
        "UPDATE centre_view SET doc = doc || %s WHERE centre_id = %s", (Jsonb(patch), centre_id)
    )


def _append_to_centre(cur: Cursor, centre_id: str, key: str, item: dict[str, Any]) -> None:
    cur.execute(
        "UPDATE centre_view SET doc = jsonb_set(doc, %s, coalesce(doc->%s, '[]') || %s) "
        "WHERE centre_id = %s",
        ([key], key, Jsonb([item]), centre_id),
    )


def _centre_registered(cur: Cursor, ev: e.CentreRegistered) -> None:
    doc = ev.model_dump(mode="json") | {
        "status": "operating",
        "compliance": "not_reported",
        "positions": [],
        "staff_count": 0,
        "annexes": [],
        "mobile_units": [],
        "opening_hours": None,
        "local_holidays": [],
    }
    cur.execute(
        """INSERT INTO centre_view (centre_id, region_code, municipality_code,
                                    regional_unit_code, doc)
           VALUES (%s, %s, %s, %s, %s)
           ON CONFLICT (centre_id) DO UPDATE SET doc = EXCLUDED.doc,
               regional_unit_code = EXCLUDED.regional_unit_code""",
        (ev.centre_id, ev.region_code, ev.municipality_code, ev.regional_unit_code, Jsonb(doc)),
    )


def _staff_changed(cur: Cursor, ev: e.CentreStaffChanged) -> None:
    positions = [p.model_dump(mode="json") for p in ev.positions]
    understaffed = len(positions) < ev.staffing_band  # the band is the minimum
    patch = {"positions": positions, "staff_count": len(positions), "understaffed": understaffed}
    _patch_centre(cur, ev.centre_id, patch)


def _upsert_doc(
    cur: Cursor, table: str, key: str, row_id: Any, category: str, doc: dict[str, Any]
) -> None:
    cur.execute(
        f"""INSERT INTO {table} ({key}, category, doc) VALUES (%s, %s, %s)
            ON CONFLICT ({key}) DO UPDATE SET category = EXCLUDED.category,
                doc = {table}.doc || EXCLUDED.doc""",
        (row_id, category, Jsonb(doc)),
    )


def _body(cur: Cursor, ev: e.BodyRegistered | e.BodyUpdated) -> None:
    _upsert_doc(cur, "body_view", "body_id", ev.body_id, ev.category, ev.model_dump(mode="json"))


def _programme(cur: Cursor, ev: e.ProgramRegistered | e.ProgramUpdated) -> None:
    doc = ev.model_dump(mode="json")
    if isinstance(ev, e.ProgramRegistered):
        doc |= {"status": "active", "closed_on": None}
    _upsert_doc(cur, "programme_view", "programme_id", ev.programme_id, ev.category, doc)


def _programme_closed(cur: Cursor, ev: e.ProgramClosed) -> None:
    cur.execute(
        "UPDATE programme_view SET doc = doc || %s WHERE programme_id = %s",
        (Jsonb({"status": "closed", "closed_on": ev.closed_on.isoformat()}), ev.programme_id),
    )


HANDLERS: dict[type[IntegrationEvent], Callable[[Cursor, Any], None]] = {
    e.CentreRegistered: _centre_registered,
    e.CentreStaffChanged: _staff_changed,
    e.CentreFlaggedNonCompliant: lambda cur, ev: _patch_centre(
        cur, ev.centre_id, {"compliance": "non_compliant"}
    ),
    e.CentreComplianceRestored: lambda cur, ev: _patch_centre(
        cur, ev.centre_id, {"compliance": "compliant"}
    ),
    e.AnnexOpened: lambda cur, ev: _append_to_centre(
        cur, ev.centre_id, "annexes", ev.model_dump(mode="json", exclude={"centre_id"})
    ),
    e.MobileUnitOpened: lambda cur, ev: _append_to_centre(
        cur, ev.centre_id, "mobile_units", ev.model_dump(mode="json", exclude={"centre_id"})
    ),
    e.CentreStatusChanged: lambda cur, ev: _patch_centre(
        cur, ev.centre_id, {"status": ev.status.value, "status_since": ev.effective_on.isoformat()}
    ),
    e.CentreOpeningHoursSet: lambda cur, ev: _patch_centre(
        cur,
        ev.centre_id,
        {"opening_hours": {"opens": f"{ev.opens:%H:%M}", "closes": f"{ev.closes:%H:%M}"}},
    ),
    e.LocalHolidayDeclared: lambda cur, ev: _append_to_centre(
        cur, ev.centre_id, "local_holidays", {"date": ev.holiday.isoformat(), "name_el": ev.name_el}
    ),
    e.BodyRegistered: _body,
    e.BodyUpdated: _body,
    e.ProgramRegistered: _programme,
    e.ProgramUpdated: _programme,
    e.ProgramClosed: _programme_closed,
}


class CatalogueView:
    group = "registry.catalogue"
    topics = (Topic.CENTRES, Topic.BODIES, Topic.PROGRAMMES)
    dead_letter_topic = dead_letter_topic("registry")

    def apply(self, cur: Cursor, envelope: Envelope[IntegrationEvent]) -> None:
        handler = HANDLERS.get(type(envelope.data))
        if handler is not None:
            handler(cur, envelope.data)

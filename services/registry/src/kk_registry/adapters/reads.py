"""What the registry's API reads: the catalogue's documents as ``registry.catalogue`` keeps
them (``views``), searched by the fields each is filtered on."""

from __future__ import annotations

from typing import Any, LiteralString
from uuid import UUID

from psycopg_pool import ConnectionPool

# Each kind of document: its table, and its key (constants, never input).
TABLES: dict[str, tuple[LiteralString, LiteralString]] = {
    "centres": ("centre_view", "centre_id"),
    "bodies": ("body_view", "body_id"),
    "programmes": ("programme_view", "programme_id"),
}
# The centres' columns a search may filter on, besides the document's own fields.
_CENTRE_COLUMNS = {"region_code", "regional_unit_code", "municipality_code"}


class CatalogueReads:
    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

    def search(self, kind: str, filters: dict[str, Any], text: str | None) -> list[Any]:
        """The documents of ``kind`` whose fields equal ``filters`` (None: any) and whose
        Greek or English name holds ``text``, by their code (the centres by id)."""
        table, key = TABLES[kind]
        clauses, params = ["true"], []
        for field, value in filters.items():
            if value is None:
                continue
            if kind == "centres" and field in _CENTRE_COLUMNS:
                clauses.append(f"{field} = %s")
            else:
                clauses.append(f"doc->>'{field}' = %s")
            params.append(str(value).lower() if isinstance(value, bool) else str(value))
        if text:
            clauses.append("(doc->>'name_el' ILIKE %s OR doc->>'name_en' ILIKE %s)")
            params += [f"%{text}%", f"%{text}%"]
        order = key if kind == "centres" else "doc->>'code'"
        sql = f"SELECT doc FROM {table} WHERE {' AND '.join(clauses)} ORDER BY {order}"
        with self.pool.connection() as conn:
            return [row["doc"] for row in conn.execute(sql, params)]

    def one(self, kind: str, row_id: UUID | str) -> dict[str, Any] | None:
        table, key = TABLES[kind]
        with self.pool.connection() as conn:
            row = conn.execute(f"SELECT doc FROM {table} WHERE {key} = %s", (row_id,)).fetchone()
        return None if row is None else dict(row["doc"])

    def every(self, kind: str) -> list[dict[str, Any]]:
        """Every document of ``kind``, for the open data."""
        return self.search(kind, {}, None)

"""Every table a service owns is made and changed by numbered SQL migrations, applied by
yoyo-migrations at start-up (``open_service_database``) or by ``make migrate``, each once,
under yoyo's lock, in the service's own schema (where yoyo keeps what it applied).

A service's migrations are servicekit's sets for the tables it keeps beside its own (the
tracked consumers', the idempotency keys, the relay's position, the per-person keys), then
its own directory. The first of each set (``…-0001-baseline``) makes the tables as they
stood when migrations came in: each ``IF NOT EXISTS``, so a database made before then keeps
its tables and rows and gains only what it lacks; everything after is a plain change.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict
from yoyo import read_migrations
from yoyo.backends import DatabaseBackend
from yoyo.connections import DatabaseURI, get_backend_class

from servicekit.db import ensure_schema

log = logging.getLogger(__name__)
KIT = Path(__file__).parent / "migrations"
TRACKING = KIT / "tracking"  # a tracked consumer's offsets, inbox and dead letters
IDEMPOTENCY = KIT / "idempotency"  # an API's idempotency keys
OUTBOX = KIT / "outbox"  # a relay's position in its service's notification log
SUBJECT_KEYS = KIT / "subject_keys"  # the per-person keys of a service with personal data


def backend(database_url: str, schema: str) -> DatabaseBackend:
    """yoyo's connection to ``schema`` of the database at ``database_url`` (psycopg 3)."""
    params = conninfo_to_dict(database_url)
    port = params.pop("port", None)
    uri = DatabaseURI(
        scheme="postgresql+psycopg",
        username=params.pop("user", None),
        password=params.pop("password", None),
        hostname=params.pop("host", None),
        port=int(port) if port else None,
        database=params.pop("dbname", None),
        args={**{k: str(v) for k, v in params.items()}, "schema": schema},
    )
    migrations_backend: DatabaseBackend = get_backend_class(uri.scheme)(uri, "_yoyo_migration")
    migrations_backend.init_database()
    return migrations_backend


def migrate(database_url: str, schema: str, sources: Sequence[Path]) -> list[str]:
    """Applies the migrations of ``sources`` not yet applied to ``schema`` (made if it is
    not there), in order; the ids of those it applied."""
    ensure_schema(database_url, schema)
    db = backend(database_url, schema)
    try:
        migrations = read_migrations(*(str(source) for source in sources))
        with db.lock():
            todo = db.to_apply(migrations)
            if todo:
                db.apply_migrations(todo)
        applied = [m.id for m in todo]
    finally:
        db.connection.close()
    if applied:
        log.info("schema %s: applied %s", schema, ", ".join(applied))
    return applied


def main(argv: list[str] | None = None) -> int:
    """``make migrate``: every service's migrations, applied where the settings say."""
    import importlib

    parser = argparse.ArgumentParser(
        prog="python -m servicekit.migrations",
        description="Μεταβολές σχήματος βάσης / Apply the services' database migrations",
    )
    parser.add_argument("packages", nargs="+", help="the services' packages, e.g. kk_intake")
    args = parser.parse_args(argv)
    for package in args.packages:
        config = importlib.import_module(f"{package}.config")
        settings = config.Settings()
        sources = importlib.import_module(f"{package}.bootstrap").MIGRATIONS
        applied = migrate(settings.database_url, settings.db_schema, sources)
        done = ", ".join(applied) if applied else "τίποτα / nothing to apply"
        print(f"{settings.db_schema}: {done}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

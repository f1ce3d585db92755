"""``python -m kk_observatory.worker``: the processor as a process of its own, its metrics on
``WORKER_METRICS_PORT`` (if set). SIGTERM or Ctrl-C end the transaction at hand and stop;
SIGKILL loses nothing either (``adapters.processor``)."""

from __future__ import annotations

import logging
import os
import signal
import threading

from prometheus_client import start_http_server
from servicekit import logs

from kk_observatory.adapters.running import Running
from kk_observatory.config import Settings


def main() -> None:
    settings = Settings()
    logs.configure("observatory-worker", settings.log_level)
    port = os.environ.get("WORKER_METRICS_PORT")
    if port:
        start_http_server(int(port), addr=os.environ.get("WORKER_METRICS_HOST", "127.0.0.1"))
    running = Running(settings)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    running.start()
    logging.getLogger(__name__).info("worker started")
    while not stop.wait(1.0) and running.alive:
        pass
    running.stop()


if __name__ == "__main__":
    main()

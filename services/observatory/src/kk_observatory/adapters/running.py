"""The processor kept running: a failed instance (a Kafka error, a fenced producer) is
replaced by a new one, which restores the state committed before it."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from servicekit.kafka import librdkafka_config

from kk_observatory.adapters.processor import Processor
from kk_observatory.config import Settings
from kk_observatory.domain.pseudonyms import Pseudonymiser

log = logging.getLogger(__name__)
RESTART_AFTER = 2.0
HUNG_AFTER = 300.0
"""A loop that has not turned for this long is hung: each turn waits at most a batch's
seconds for messages, and a transaction's commit at most its timeout (60 s)."""


def client_config(settings: Settings) -> dict[str, Any]:
    """What every Kafka client of the processor is given."""
    return librdkafka_config(settings.kafka_bootstrap_servers, **{"client.id": "observatory"})


def processor(settings: Settings) -> Processor:
    return Processor(
        client_config(settings),
        Pseudonymiser(settings.master_secret.get_secret_value().encode(), settings.key_version),
        group_id=settings.group_id,
        transactional_id=settings.transactional_id,
        batch_events=settings.batch_events,
        batch_seconds=settings.batch_seconds,
        publish_at_least=settings.publish_at_least,
    )


class Running:
    """The processor on a thread of its own, until ``stop``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="observatory", daemon=True)
        self.current: Processor | None = None

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self.stopping.set()
        self.thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self.thread.is_alive()

    def healthy(self) -> bool:
        """False once the processor's loop has not turned for ``HUNG_AFTER`` seconds (or
        the thread has ended): a liveness probe then has the process restarted. A state
        being restored at start has no loop yet, and counts as healthy."""
        current = self.current
        beat = current.beat if current is not None else None
        return self.alive and (beat is None or time.monotonic() - beat < HUNG_AFTER)

    def routing(self) -> bool:
        """True while a processor's loop turns: it has restored its state and reads."""
        current = self.current
        return self.healthy() and current is not None and current.beat is not None

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.current = processor(self.settings)
                self.current.run(self.stopping)
            except Exception:
                log.exception("the processor stopped; a new one starts in %.0f s", RESTART_AFTER)
                self.current = None
                self.stopping.wait(RESTART_AFTER)

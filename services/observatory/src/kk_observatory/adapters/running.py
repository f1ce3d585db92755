"""The processor kept running: a failed instance (a Kafka error, a fenced producer) is
replaced by a new one, which restores the state committed before it."""

from __future__ import annotations

import logging
import threading
from typing import Any

from servicekit.kafka import librdkafka_config

from kk_observatory.adapters.processor import Processor
from kk_observatory.config import Settings
from kk_observatory.domain.pseudonyms import Pseudonymiser

log = logging.getLogger(__name__)
RESTART_AFTER = 2.0


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

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self.stopping.set()
        self.thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self.thread.is_alive()

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                processor(self.settings).run(self.stopping)
            except Exception:
                log.exception("the processor stopped; a new one starts in %.0f s", RESTART_AFTER)
                self.stopping.wait(RESTART_AFTER)

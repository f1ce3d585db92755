"""Intake's composition root: the only place adapters are chosen."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from servicekit import migrations
from servicekit.compose import ComposedService, open_service_database
from servicekit.loops import Loop, Worker, sleep_unless
from servicekit.subject_keys import PostgresSubjectKeys

from kk_intake.adapters.audit import PostgresAuditTrail
from kk_intake.adapters.pseudonyms import Pseudonymiser
from kk_intake.adapters.replicas import FileIndex, RegistryReplica, RequestIndex
from kk_intake.adapters.translation import translate
from kk_intake.application import IntakeApplication
from kk_intake.config import Settings

SERVICE = "intake"
log = logging.getLogger(__name__)
MIGRATIONS = [
    migrations.TRACKING,
    migrations.IDEMPOTENCY,
    migrations.OUTBOX,
    migrations.SUBJECT_KEYS,
    Path(__file__).parent / "migrations",
]


class IntakeService(ComposedService[IntakeApplication, Settings]):
    """Intake, wired: its worker also looks for overdue requests now and then."""

    @property
    def request_index(self) -> RequestIndex:
        return self.projection(RequestIndex)

    @property
    def file_index(self) -> FileIndex:
        return self.projection(FileIndex)

    def worker(self) -> Worker:
        worker = super().worker()
        worker.loops.append(self.one_at_a_time("overdue", self._overdue_check()))
        return worker

    def _overdue_check(self) -> Loop:
        async def check(stop: asyncio.Event) -> None:
            while not stop.is_set():
                flagged = await asyncio.to_thread(self.app.flag_overdue_requests)
                if flagged:
                    log.info("flagged %d overdue requests", flagged)
                await sleep_unless(stop, self.settings.overdue_check_seconds)

        return check


def bootstrap(settings: Settings | None = None) -> IntakeService:
    settings = settings or Settings()
    pool, env = open_service_database(
        settings, MIGRATIONS, cipher_key=settings.cipher_key.get_secret_value()
    )
    keys = PostgresSubjectKeys(pool, settings.cipher_key.get_secret_value())
    registry, requests, files = RegistryReplica(pool), RequestIndex(pool), FileIndex(pool, keys)
    app = IntakeApplication(
        env=env,
        centres=registry,
        audit=PostgresAuditTrail(pool),
        pseudonyms=Pseudonymiser(settings.pseudonym_key.get_secret_value()),
        requests=requests,
        keys=keys,
    )
    return IntakeService(SERVICE, settings, pool, app, translate, [registry, requests, files])

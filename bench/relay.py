"""Outbox relay throughput: stored intake events -> decrypted, translated, published."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import date

from kk_contracts.codes import Sex, VulnerableGroup
from kk_intake.bootstrap import bootstrap
from kk_intake.config import Settings
from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.domain.person import PersonDetails
from servicekit.loops import Worker, freeze_start_up
from servicekit.outbox import RelayPosition
from servicekit.progress import bar

from tests.support import valid_amka


def store_events(settings: Settings, count: int) -> None:
    """Writes ``count`` registrations straight into the event store (not timed)."""
    service = bootstrap(settings)
    rng = random.Random(7)
    try:
        for start in range(0, count, 500):
            batch = [
                Beneficiary.register(
                    centre_id="KK-6101",
                    person=PersonDetails(
                        amka=valid_amka(rng),
                        given_name="Ελένη",
                        family_name="Παπαδοπούλου",
                        birth_date=date(1950 + rng.randint(0, 60), 1, 1),
                        sex=Sex.FEMALE,
                        municipality_code="6101",
                        vulnerable_groups=(rng.choice(list(VulnerableGroup)),),
                        mgi_recipient=rng.random() < 0.3,
                    ),
                    today=date(2026, 11, 2),
                )
                for _ in range(min(500, count - start))
            ]
            service.app.save(*batch)
            bar("  events stored", start + len(batch), count)
    finally:
        service.close()


def relay_rates(settings: Settings, count: int, repeats: int) -> list[float]:
    """Events/s from the first notification to the last one acknowledged by Kafka, for the
    same stored events relayed ``repeats`` times from position 0 (the machine is noisy)."""
    service = bootstrap(settings)
    try:
        relay_loop = service.worker().loops[0]
        position = RelayPosition(service.pool, f"{service.name}-outbox")
        target = service.app.recorder.max_notification_id() or 0

        freeze_start_up()  # as the worker process does once it has started

        async def once(run: int) -> float:
            position.rewind(0)
            forget = getattr(service.app.keys, "forget_cached", None)
            if forget is not None:
                forget()  # every run starts cold, as after a restart
            relay_only = Worker([relay_loop])
            relay_only.start()
            started = time.perf_counter()
            while (done := await asyncio.to_thread(position.get)) < target:
                bar(f"  events relayed, run {run}", done, target)
                await asyncio.sleep(0.02)
            elapsed = time.perf_counter() - started
            bar(f"  events relayed, run {run}", target, target)
            await relay_only.stop()
            return count / elapsed

        return [asyncio.run(once(run)) for run in range(1, repeats + 1)]
    finally:
        service.close()

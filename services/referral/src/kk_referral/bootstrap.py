"""Referral's composition root: the only place adapters are chosen."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from pathlib import Path

from servicekit import migrations
from servicekit.compose import ComposedService, open_service_database
from servicekit.loops import Loop, Worker, sleep_unless
from servicekit.projections import Projection
from servicekit.subject_keys import PostgresSubjectKeys

from kk_referral.adapters.applications import Applications
from kk_referral.adapters.enrolments import EnrolmentIndex
from kk_referral.adapters.index import ReferralIndex
from kk_referral.adapters.link_audit import PostgresLinkAudit
from kk_referral.adapters.replicas import Replicas
from kk_referral.adapters.translation import translate
from kk_referral.application import ReferralApplication
from kk_referral.application.links import LinkSigner
from kk_referral.config import Settings

SERVICE = "referral"
log = logging.getLogger(__name__)
MIGRATIONS = [
    migrations.TRACKING,
    migrations.IDEMPOTENCY,
    migrations.OUTBOX,
    migrations.SUBJECT_KEYS,
    Path(__file__).parent / "migrations",
]


class ReferralService(ComposedService[ReferralApplication, Settings]):
    """Referral, wired: its worker also expires unanswered referrals and flags overdue ones."""

    @property
    def index(self) -> ReferralIndex:
        return self.projection(ReferralIndex)

    @property
    def applications(self) -> Applications:
        return self.projection(Applications)

    @property
    def enrolments(self) -> EnrolmentIndex:
        return self.projection(EnrolmentIndex)

    def worker(self) -> Worker:
        worker = super().worker()
        worker.loops.append(self.one_at_a_time("deadlines", self._deadline_check()))
        return worker

    def _deadline_check(self) -> Loop:
        async def check(stop: asyncio.Event) -> None:
            while not stop.is_set():
                changed = await asyncio.to_thread(self.app.check_deadlines)
                if changed:
                    log.info("%d referrals expired or flagged overdue", changed)
                await sleep_unless(stop, self.settings.deadline_check_seconds)

        return check


def bootstrap(settings: Settings | None = None) -> ReferralService:
    settings = settings or Settings()
    pool, env = open_service_database(
        settings, MIGRATIONS, cipher_key=settings.cipher_key.get_secret_value()
    )
    keys = PostgresSubjectKeys(pool, settings.cipher_key.get_secret_value())
    replicas, index, applications = Replicas(pool, keys), ReferralIndex(pool), Applications(pool)
    app = ReferralApplication(
        env=env,
        replicas=replicas,
        links=LinkSigner(settings.link_key.get_secret_value()),
        audit=PostgresLinkAudit(pool),
        deadlines=index,
        keys=keys,
        today=(lambda: pinned) if (pinned := settings.today) else date.today,
    )
    projections: list[Projection] = [replicas, index, applications, EnrolmentIndex(pool)]
    return ReferralService(SERVICE, settings, pool, app, translate, projections)

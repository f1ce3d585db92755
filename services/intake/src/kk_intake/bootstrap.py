"""Intake's composition root: the only place adapters are chosen."""

from __future__ import annotations

from servicekit.compose import ComposedService, open_service_database

from kk_intake.adapters import CentreReplica, PostgresAuditTrail
from kk_intake.application import IntakeApplication
from kk_intake.config import Settings
from kk_intake.translation import translate

SERVICE = "intake"
IntakeService = ComposedService[IntakeApplication, Settings]


def bootstrap(settings: Settings | None = None) -> IntakeService:
    settings = settings or Settings()  # type: ignore[call-arg]
    pool, env = open_service_database(settings, cipher_key=settings.cipher_key.get_secret_value())
    centres = CentreReplica(pool)
    app = IntakeApplication(env=env, centres=centres, audit=PostgresAuditTrail(pool))
    return ComposedService(SERVICE, settings, pool, app, translate, [centres])

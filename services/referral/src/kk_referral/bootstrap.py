"""Referral's composition root: the only place adapters are chosen."""

from __future__ import annotations

from servicekit.compose import ComposedService, open_service_database

from kk_referral.application import ReferralApplication
from kk_referral.config import Settings
from kk_referral.replicas import Replicas
from kk_referral.translation import translate

SERVICE = "referral"
ReferralService = ComposedService[ReferralApplication, Settings]


def bootstrap(settings: Settings | None = None) -> ReferralService:
    settings = settings or Settings()  # type: ignore[call-arg]
    pool, env = open_service_database(settings, cipher_key=settings.cipher_key.get_secret_value())
    replicas = Replicas(pool)
    app = ReferralApplication(env=env, replicas=replicas)
    return ComposedService(SERVICE, settings, pool, app, translate, [replicas])

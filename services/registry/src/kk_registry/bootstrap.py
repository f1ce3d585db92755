"""The registry's composition root: the only place adapters are chosen."""

from __future__ import annotations

from pathlib import Path

from servicekit import migrations
from servicekit.compose import ComposedService, open_service_database

from kk_registry.application import RegistryApplication
from kk_registry.config import Settings
from kk_registry.translation import translate
from kk_registry.views import CatalogueView

SERVICE = "registry"
RegistryService = ComposedService[RegistryApplication, Settings]
MIGRATIONS = [
    migrations.TRACKING,
    migrations.IDEMPOTENCY,
    migrations.OUTBOX,
    Path(__file__).parent / "migrations",
]


def bootstrap(settings: Settings | None = None) -> RegistryService:
    settings = settings or Settings()
    pool, env = open_service_database(settings, MIGRATIONS)
    return ComposedService(
        name=SERVICE,
        settings=settings,
        pool=pool,
        app=RegistryApplication(env=env),
        translate=translate,
        projections=[CatalogueView()],
    )

"""The registry's composition root: the only place adapters are chosen."""

from __future__ import annotations

from pathlib import Path

from servicekit import migrations
from servicekit.compose import ComposedService, open_service_database

from kk_registry.adapters.reads import CatalogueReads
from kk_registry.adapters.translation import translate
from kk_registry.adapters.views import CatalogueView
from kk_registry.application import RegistryApplication
from kk_registry.config import Settings

SERVICE = "registry"


class RegistryService(ComposedService[RegistryApplication, Settings]):
    @property
    def reads(self) -> CatalogueReads:
        """What the API reads of the catalogue."""
        return CatalogueReads(self.pool)


MIGRATIONS = [
    migrations.TRACKING,
    migrations.IDEMPOTENCY,
    migrations.OUTBOX,
    Path(__file__).parent / "migrations",
]


def bootstrap(settings: Settings | None = None) -> RegistryService:
    settings = settings or Settings()
    pool, env = open_service_database(settings, MIGRATIONS)
    return RegistryService(
        name=SERVICE,
        settings=settings,
        pool=pool,
        app=RegistryApplication(env=env),
        translate=translate,
        projections=[CatalogueView()],
    )

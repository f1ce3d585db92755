"""The registry's use cases: the reference registries of the monitoring mechanism."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from servicekit.eventstore import ServiceApplication

from kk_registry import reference
from kk_registry.domain.catalogue import Body, Programme, register_body, register_programme
from kk_registry.domain.centre import Centre
from kk_registry.domain.exceptions import CentreAlreadyRegisteredError, UnknownMunicipalityError
from kk_registry.domain.geography import CensusYear

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SeedReport:
    centres_registered: int
    centres_required: int
    bodies_registered: int
    programmes_registered: int


class RegistryApplication(ServiceApplication):
    service_name = "registry"

    def register_centre(self, *, municipality_code: str, census: CensusYear) -> Centre:
        municipality = reference.municipalities().get(municipality_code)
        if municipality is None:
            raise UnknownMunicipalityError(
                f"no municipality has ELSTAT code {municipality_code!r} (332 codes, e.g. '6101')"
            )
        code = Centre.code_for(municipality_code)
        if Centre.id_for(code) in self.repository:
            raise CentreAlreadyRegisteredError(f"{municipality.name_el} already has centre {code}")
        centre = Centre.register(municipality=municipality, census=census)
        self.save(centre)
        return centre

    def seed(self, *, census: CensusYear, progress: Progress | None = None) -> SeedReport:
        """Registers what the reference data call for and is not registered yet.

        Running it twice changes nothing: ids follow from codes.
        """
        required = [m for m in reference.municipalities().values() if m.needs_centre(census)]
        new_centres = self._save_missing(
            [(Centre.id_for(Centre.code_for(m.code)), m) for m in required],
            lambda m: Centre.register(municipality=m, census=census),
            progress,
        )
        new_bodies = self._save_missing(
            [(Body.id_for(b["code"]), b) for b in reference.bodies()],
            lambda b: register_body(**b),
        )
        new_programmes = self._save_missing(
            [(Programme.id_for(p["code"]), p) for p in reference.programmes()],
            lambda p: register_programme(**p),
        )
        return SeedReport(new_centres, len(required), new_bodies, new_programmes)

    def _save_missing(
        self,
        items: list[tuple[UUID, Any]],
        create: Callable[[Any], Any],
        progress: Progress | None = None,
    ) -> int:
        missing = [item for aggregate_id, item in items if aggregate_id not in self.repository]
        for done, chunk_start in enumerate(range(0, len(missing), 50), start=1):
            self.save(*(create(item) for item in missing[chunk_start : chunk_start + 50]))
            if progress:
                progress(min(done * 50, len(missing)), len(missing))
        return len(missing)

    def centre(self, code: str) -> Centre:
        aggregate: Centre = self.repository.get(Centre.id_for(code))
        return aggregate

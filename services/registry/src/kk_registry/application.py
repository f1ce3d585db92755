"""The registry's use cases: the reference registries of the monitoring mechanism."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from servicekit.eventstore import ServiceApplication

from kk_registry import reference
from kk_registry.domain.catalogue import Body, Programme
from kk_registry.domain.centre import Centre
from kk_registry.domain.exceptions import (
    AlreadyRegisteredError,
    NotFoundError,
    UnknownBodyError,
    UnknownMunicipalityError,
)
from kk_registry.domain.geography import CensusYear, Municipality
from kk_registry.domain.staffing import Position

Progress = Callable[[int, int], None]
A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class SeedReport:
    centres_registered: int
    centres_required: int
    bodies_registered: int
    programmes_registered: int


def municipality(code: str, field: str = "municipality_code") -> Municipality:
    found = reference.municipalities().get(code)
    if found is None:
        error = UnknownMunicipalityError(f"no municipality has ELSTAT code {code!r}")
        error.field = field
        raise error
    return found


class RegistryApplication(ServiceApplication):
    service_name = "registry"

    # Centres

    def register_centre(self, *, municipality_code: str, census: CensusYear) -> Centre:
        place = municipality(municipality_code)
        code = Centre.code_for(municipality_code)
        if Centre.id_for(code) in self.repository:
            raise AlreadyRegisteredError(f"{place.name_el} already has centre {code}")
        centre = Centre.register(municipality=place, census=census)
        self.save(centre)
        return centre

    def centre(self, code: str) -> Centre:
        return self._get(Centre, Centre.id_for(code), f"no centre {code!r} is registered")

    def change_staff(self, *, centre_code: str, positions: list[Position]) -> Centre:
        return self._act(self.centre(centre_code), lambda c: c.change_staff(positions))

    def open_annex(self, *, centre_code: str, kind: str, municipality_code: str) -> str:
        municipality(municipality_code)
        centre = self.centre(centre_code)
        annex_id = centre.open_annex(kind=kind, municipality_code=municipality_code)
        self.save(centre)
        return annex_id

    def open_mobile_unit(self, *, centre_code: str, municipality_codes: list[str]) -> str:
        for i, code in enumerate(municipality_codes):
            municipality(code, field=f"municipality_codes.{i}")
        centre = self.centre(centre_code)
        unit_id = centre.open_mobile_unit(municipality_codes=municipality_codes)
        self.save(centre)
        return unit_id

    def change_status(self, *, centre_code: str, status: str, effective_on: date) -> Centre:
        return self._act(
            self.centre(centre_code),
            lambda c: c.change_status(status=status, effective_on=effective_on),
        )

    def set_opening_hours(self, *, centre_code: str, opens: time, closes: time) -> Centre:
        return self._act(
            self.centre(centre_code), lambda c: c.set_opening_hours(opens=opens, closes=closes)
        )

    def declare_local_holiday(self, *, centre_code: str, holiday: date, name_el: str) -> Centre:
        return self._act(
            self.centre(centre_code),
            lambda c: c.declare_local_holiday(holiday=holiday, name_el=name_el),
        )

    # Bodies and programmes

    def register_body(self, *, code: str, **details: Any) -> Body:
        if Body.id_for(code) in self.repository:
            raise AlreadyRegisteredError(f"a body with code {code!r} is registered")
        body = Body.register(code=code, **details)
        self.save(body)
        return body

    def update_body(self, body_id: UUID, **details: Any) -> Body:
        body = self._get(Body, body_id, f"no body {body_id} is registered")
        return self._act(body, lambda b: b.update(**details))

    def register_programme(self, *, code: str, **details: Any) -> Programme:
        if Programme.id_for(code) in self.repository:
            raise AlreadyRegisteredError(f"a programme with code {code!r} is registered")
        self._check_managing_body(details.get("managing_body_code"))
        programme = Programme.register(code=code, **details)
        self.save(programme)
        return programme

    def update_programme(self, programme_id: UUID, **details: Any) -> Programme:
        self._check_managing_body(details.get("managing_body_code"))
        programme = self._get(Programme, programme_id, f"no programme {programme_id}")
        return self._act(programme, lambda p: p.update(**details))

    def close_programme(self, programme_id: UUID, *, closed_on: date) -> Programme:
        programme = self._get(Programme, programme_id, f"no programme {programme_id}")
        return self._act(programme, lambda p: p.close(closed_on=closed_on))

    # Seeding

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
            lambda b: Body.register(**b),
        )
        new_programmes = self._save_missing(
            [(Programme.id_for(p["code"]), p) for p in reference.programmes()],
            lambda p: Programme.register(**p),
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

    # Plumbing of the use cases above

    def _get(self, kind: type[A], aggregate_id: UUID, missing: str) -> A:
        try:
            aggregate: A = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFoundError(missing) from None
        if not isinstance(aggregate, kind):
            raise NotFoundError(missing)
        return aggregate

    def _act(self, aggregate: A, command: Callable[[A], object]) -> A:
        command(aggregate)
        self.save(aggregate)
        return aggregate

    def _check_managing_body(self, code: str | None) -> None:
        if code is not None and Body.id_for(code) not in self.repository:
            raise UnknownBodyError(f"no body with code {code!r} is registered")

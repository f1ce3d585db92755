"""The registry on the in-memory event store: centres follow from the census, seeding is
idempotent, and bad registrations name the problem."""

from __future__ import annotations

import csv

import pytest
from kk_contracts.events.registry import CentreRegistered
from kk_contracts.reference import MUNICIPALITIES_CSV
from kk_registry.adapters.translation import translate
from kk_registry.application import RegistryApplication
from kk_registry.domain.centre import Centre
from kk_registry.domain.exceptions import (
    AlreadyRegisteredError,
    NoCentreRequiredError,
    UnknownMunicipalityError,
)
from kk_registry.domain.geography import staffing_band

pytestmark = pytest.mark.unit
SHARED_CSV = MUNICIPALITIES_CSV


def _above_10000(census: str) -> int:
    with SHARED_CSV.open(encoding="utf-8") as f:
        return sum(int(row[f"population_{census}"]) > 10_000 for row in csv.DictReader(f))


@pytest.mark.parametrize("census", [2011, 2021])
def test_seeding_registers_one_centre_per_municipality_above_10000(census: int) -> None:
    app = RegistryApplication()
    report = app.seed(census=census)  # type: ignore[arg-type]
    assert report.centres_registered == report.centres_required == _above_10000(str(census))
    assert report.programmes_registered == 8
    assert report.bodies_registered == 3 + 2 * 13  # national bodies + two samples per region


def test_the_census_counts_match_the_founding_documents() -> None:
    # "roughly 250": 248 municipalities above 10,000 on the 2011 census, 232 on 2021
    assert (_above_10000("2011"), _above_10000("2021")) == (248, 232)


def test_seeding_twice_changes_nothing() -> None:
    app = RegistryApplication()
    app.seed(census=2011)
    second = app.seed(census=2011)
    assert (second.centres_registered, second.bodies_registered, second.programmes_registered) == (
        0,
        0,
        0,
    )


@pytest.mark.parametrize(
    ("population", "band"),
    [(10_001, 2), (40_000, 2), (40_001, 3), (100_000, 3), (100_001, 4), (664_046, 4)],
)
def test_staffing_band_follows_population(population: int, band: int) -> None:
    assert staffing_band(population) == band


def test_a_small_municipality_needs_no_centre() -> None:
    with pytest.raises(NoCentreRequiredError, match="more than 10,000"):
        staffing_band(9_999)


def test_unknown_municipality_and_second_centre_are_refused() -> None:
    app = RegistryApplication()
    with pytest.raises(UnknownMunicipalityError, match="9999"):
        app.register_centre(municipality_code="9999", census=2011)
    app.register_centre(municipality_code="6101", census=2011)
    with pytest.raises(AlreadyRegisteredError, match="KK-6101"):
        app.register_centre(municipality_code="6101", census=2011)


def test_a_registered_centre_is_published_with_its_region_and_band() -> None:
    app = RegistryApplication()
    centre = app.register_centre(municipality_code="0201", census=2011)  # Drama, 58,944
    stored = next(iter(app.events.get(centre.id)))
    published = translate(stored)
    assert isinstance(published, CentreRegistered)
    assert (published.centre_id, published.region_code, published.staffing_band) == (
        "KK-0201",
        "EL51",
        3,
    )
    assert centre.id == Centre.id_for("KK-0201")


def test_the_reference_geography_has_13_regions_74_regional_units_332_municipalities() -> None:
    from kk_registry import reference

    municipalities = reference.municipalities()
    assert len(reference.regions()) == 13
    assert len({m.regional_unit for m in municipalities.values()}) == 74
    assert len(municipalities) == 332
    assert {m.region_code for m in municipalities.values()} == {
        c for c, _ in reference.regions().values()
    }

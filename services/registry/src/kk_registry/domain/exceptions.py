"""The registry's errors; the API maps them to 4xx answers in one place."""

from __future__ import annotations


class RegistryError(Exception):
    """Base of the registry's domain errors."""

    field: str | None = None


class UnknownMunicipalityError(RegistryError):
    field = "municipality_code"


class NoCentreRequiredError(RegistryError):
    field = "municipality_code"


class CentreAlreadyRegisteredError(RegistryError):
    field = "municipality_code"


class NotFoundError(RegistryError):
    pass

"""The registry's errors; the API maps them to 4xx answers in one place."""

from __future__ import annotations


class RegistryError(Exception):
    """Base of the registry's domain errors."""

    field: str | None = None


class UnknownMunicipalityError(RegistryError):
    field = "municipality_code"


class NoCentreRequiredError(RegistryError):
    field = "municipality_code"


class AlreadyRegisteredError(RegistryError):
    field = "municipality_code"


class NotFoundError(RegistryError):
    pass


class MoreThanOneHeadError(RegistryError):
    field = "positions"


class InvalidOpeningHoursError(RegistryError):
    field = "closes"


class ConflictError(RegistryError):
    """The command does not fit the current state (already so, already declared, closed)."""


class BodyWithoutContactError(RegistryError):
    field = "contact"


class UnknownBodyError(RegistryError):
    field = "managing_body_code"

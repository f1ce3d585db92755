"""The intake service's errors; the API maps them to 4xx answers in one place."""

from __future__ import annotations


class IntakeError(Exception):
    """Base of intake's domain errors. ``field`` names the input at fault, if one is."""

    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        if field:
            self.field = field


class InvalidPersonDetailsError(IntakeError):
    pass


class UnknownCentreError(IntakeError):
    field = "centre_id"


class NotYourCentreError(IntakeError):
    pass


class BeneficiaryNotFoundError(IntakeError):
    pass


class InvalidRequestError(IntakeError):
    pass


class TransitionNotAllowedError(IntakeError):
    """A status change the request's current status does not allow (409)."""


class RequestNotFoundError(IntakeError):
    pass


class AlreadyRegisteredError(IntakeError):
    """The person already has a file at this centre (409)."""

    field = "amka"


class ConsentError(IntakeError):
    """A consent that cannot be recorded or withdrawn as asked."""

    field = "purposes"


class BeneficiaryErasedError(IntakeError):
    """The person's data were erased (410 Gone)."""


class ProxyError(IntakeError):
    """A proxy authorisation that cannot be recorded, or is needed and missing (409)."""

    field = "proxy"


class DuplicateReviewError(IntakeError):
    """A duplicate review of a file that is not awaiting one (409)."""

"""The intake service's errors; the API maps them to 4xx answers in one place."""

from __future__ import annotations


class IntakeError(Exception):
    """Base of intake's domain errors. ``field`` names the input at fault, if one is;
    ``message_el`` says what is wrong in Greek, for the person who typed it."""

    field: str | None = None
    message_el: str | None = None

    def __init__(
        self, message: str, *, field: str | None = None, message_el: str | None = None
    ) -> None:
        super().__init__(message)
        if field:
            self.field = field
        if message_el:
            self.message_el = message_el


class InvalidPersonDetailsError(IntakeError):
    pass


class UnknownCentreError(IntakeError):
    field = "centre_id"
    message_el = "Δεν υπάρχει ανοιχτό Κέντρο Κοινότητας με αυτόν τον κωδικό."


class NotYourCentreError(IntakeError):
    message_el = "Μόνο το προσωπικό του κέντρου του φακέλου μπορεί να το κάνει."


class BeneficiaryNotFoundError(IntakeError):
    message_el = "Δεν βρέθηκε τέτοιος ατομικός φάκελος."


class InvalidRequestError(IntakeError):
    pass


class TransitionNotAllowedError(IntakeError):
    """A status change the request's current status does not allow (409)."""

    message_el = "Η κατάσταση του αιτήματος δεν επιτρέπει αυτή την αλλαγή."


class RequestNotFoundError(IntakeError):
    message_el = "Δεν βρέθηκε τέτοιο αίτημα."


class AlreadyRegisteredError(IntakeError):
    """The person already has a file at this centre (409)."""

    field = "amka"
    message_el = "Το άτομο έχει ήδη φάκελο σε αυτό το κέντρο: αναζητήστε τον."


class ConsentError(IntakeError):
    """A consent that cannot be recorded or withdrawn as asked."""

    field = "purposes"


class BeneficiaryErasedError(IntakeError):
    """The person's data were erased (410 Gone)."""

    message_el = "Τα στοιχεία του ατόμου έχουν διαγραφεί."


class ProxyError(IntakeError):
    """A proxy authorisation that cannot be recorded, or is needed and missing (409)."""

    field = "proxy"


class DuplicateReviewError(IntakeError):
    """A duplicate review of a file that is not awaiting one (409)."""

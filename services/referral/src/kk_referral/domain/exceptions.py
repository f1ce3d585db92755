"""The referral service's errors; the API maps them to 4xx answers in one place."""

from __future__ import annotations


class ReferralError(Exception):
    """Base of the referral service's domain errors; ``message_el`` says what is wrong in
    Greek."""

    field: str | None = None
    message_el: str | None = None


class UnknownBeneficiaryError(ReferralError):
    field = "beneficiary_id"
    message_el = "Ο φάκελος δεν είναι ακόμη γνωστός στις παραπομπές· δοκιμάστε ξανά σε λίγο."


class UnknownBodyError(ReferralError):
    field = "body_id"
    message_el = "Ο φορέας δεν υπάρχει στο μητρώο."


class BodyNotAcceptingReferralsError(ReferralError):
    field = "body_id"
    message_el = "Ο φορέας δεν δέχεται παραπομπές (έκλεισε ή είναι δείγμα)."


class UnknownProgrammeError(ReferralError):
    field = "programme_id"


class NotYourCentreError(ReferralError):
    message_el = "Μόνο το προσωπικό του κέντρου του φακέλου μπορεί να το κάνει."


class NoConsentError(ReferralError):
    """The person has not consented (or withdrew consent) to what the command needs (409)."""

    message_el = (
        "Η συγκατάθεση του ατόμου δεν καλύπτει αυτή την ενέργεια: καταγράψτε πρώτα τη "
        "συγκατάθεση στον φάκελο."
    )


class InvalidReferralError(ReferralError):
    """A referral, or a step of one, that breaks a rule (422)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        if field:
            self.field = field


class TransitionNotAllowedError(ReferralError):
    """A step the referral's current status does not allow (409, listing the allowed)."""

    message_el = "Η κατάσταση της παραπομπής δεν επιτρέπει αυτό το βήμα."


class ReferralNotFoundError(ReferralError):
    pass


class LinkInvalidError(ReferralError):
    """A body's link that was never issued, or was altered (403)."""

    message_el = "Ο σύνδεσμος δεν είναι έγκυρος."


class LinkGoneError(ReferralError):
    """A body's link that has expired, or whose referral moved on to another body (410)."""

    message_el = "Ο σύνδεσμος δεν ισχύει πλέον: η παραπομπή έκλεισε, μεταφέρθηκε ή έληξε."


class BeneficiaryErasedError(ReferralError):
    """The person's data were erased: their referrals are unreadable (410)."""


class InvalidEnrolmentError(ReferralError):
    """An enrolment decision, renewal or exit that breaks a rule (422)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        if field:
            self.field = field


class AlreadyEnrolledError(ReferralError):
    """The person is enrolled in the programme already (409)."""

    field = "programme_id"
    message_el = "Το άτομο είναι ήδη ενταγμένο στο πρόγραμμα."


class AlreadyDecidedError(ReferralError):
    """The application was decided already (409)."""


class ApplicationNotFoundError(ReferralError):
    pass


class EnrolmentNotFoundError(ReferralError):
    pass


class NotYourMunicipalityError(ReferralError):
    """A supervisor asking about another municipality (403)."""

"""What every use case of referral stands on: the service's ports, and the referral,
body, person or link asked for (or why not)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from kk_contracts.calendar import WorkingCalendar
from servicekit.auth import Principal
from servicekit.shredding import PersonalDataApplication
from servicekit.subject_keys import SubjectErasedError, SubjectKeys

from kk_referral.application.known import KnownBeneficiary, KnownBody
from kk_referral.application.links import Link, LinkSigner
from kk_referral.application.ports import DeadlineCandidates, Directory, LinkAudit
from kk_referral.domain.exceptions import (
    BeneficiaryErasedError,
    BodyNotAcceptingReferralsError,
    LinkGoneError,
    NoConsentError,
    NotYourCentreError,
    ReferralNotFoundError,
    UnknownBeneficiaryError,
    UnknownBodyError,
)
from kk_referral.domain.privacy import subject_of
from kk_referral.domain.referral import Referral


class ReferralBase(PersonalDataApplication):
    service_name = "referral"
    subject_of = staticmethod(subject_of)

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        replicas: Directory,
        links: LinkSigner,
        audit: LinkAudit,
        deadlines: DeadlineCandidates | None = None,
        keys: SubjectKeys | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(env, keys=keys)
        self.replicas = replicas
        self.links = links
        self.audit = audit
        self.deadlines = deadlines
        self.today = today

    def _linked(self, token: str, action: str) -> tuple[Referral, Link]:
        """The referral a valid link stands for; any refused use is audited too."""
        link = self.links.verify(token)
        if link.expired(self.today()):
            self._refused(link, action)
            raise LinkGoneError(
                f"this link expired on {link.valid_until.isoformat()}: ask the referring "
                "centre for the referral's current link"
            )
        try:
            referral = self._referral(link.referral_id)
        except (ReferralNotFoundError, BeneficiaryErasedError):
            self._refused(link, action)
            raise
        if (referral.body_id, referral.linked_on) != (link.body_id, link.linked_on):
            self._refused(link, action)
            raise LinkGoneError("this referral was redirected to another body")
        # a late answer finds the referral expired, even if the worker has not run yet
        if referral.check_deadlines(self.today()):
            self.save(referral)
        if not referral.is_open and action != "open":
            self._refused(link, action)
            raise LinkGoneError(f"this referral is closed ({referral.status})")
        return referral, link

    def _used(self, link: Link, action: str) -> None:
        self.audit.used(
            referral_id=link.referral_id, body_id=link.body_id, action=action, allowed=True
        )

    def _refused(self, link: Link, action: str) -> None:
        self.audit.used(
            referral_id=link.referral_id, body_id=link.body_id, action=action, allowed=False
        )

    def _referral(self, referral_id: UUID) -> Referral:
        try:
            referral: Referral = self.repository.get(referral_id)
        except AggregateNotFoundError:
            raise ReferralNotFoundError(f"no referral {referral_id}") from None
        except SubjectErasedError:
            raise BeneficiaryErasedError(
                f"the referral {referral_id} belongs to an erased person"
            ) from None
        return referral

    def _open_body(self, body_id: UUID) -> KnownBody:
        body = self.replicas.body(body_id)
        if body is None:
            raise UnknownBodyError(f"no body {body_id} is in the registry")
        if not body.accepts_referrals:
            raise BodyNotAcceptingReferralsError(
                f"body {body_id} does not accept referrals (closed, or a sample placeholder)"
            )
        return body

    @staticmethod
    def _may_share(known: KnownBeneficiary, category: str) -> None:
        """The person's consent covers sharing with this kind of body (from intake)."""
        if not known.may_share_with(category):
            covered = sorted(known.sharing_with) if known.sharing_with else []
            scope = f" (it covers {', '.join(covered)})" if covered else ""
            raise NoConsentError(
                f"the person's consent does not cover sharing with a body of kind {category}"
                f"{scope}; record the consent in the individual file first"
            )

    def _calendar(self, centre_id: str) -> WorkingCalendar:
        return WorkingCalendar(self.replicas.local_holidays(centre_id))

    def _person(
        self, beneficiary_id: UUID, staff: Principal, *, needs: str | None
    ) -> KnownBeneficiary:
        """What referral knows of the person, with the centre that keeps their file now (a
        transferred person's referrals follow them), once the staff's right to act, and
        the person's consent to ``needs``, are checked."""
        known = self.replicas.beneficiary(beneficiary_id)
        if known is None:
            raise UnknownBeneficiaryError(
                f"no beneficiary {beneficiary_id} is known yet; if the file was just opened, "
                "retry in a moment"
            )
        must_work_at(staff, known.centre_id)
        if needs is not None and needs not in known.purposes:
            raise NoConsentError(
                f"beneficiary {beneficiary_id} has not consented to {needs} (or withdrew it); "
                "record the consent in the individual file first"
            )
        return known


def must_work_at(staff: Principal, centre_id: str) -> None:
    if not staff.works_at(centre_id):
        raise NotYourCentreError(
            f"only the staff of {centre_id} may do this; your token is for {staff.centre_id}"
        )

"""Which region's stream an event goes to, and as what: the policy applied to one event.

A region is its centre's (read from the registry's centres topic); a person's later events
go where their file is. A transfer within a region is a move; between two regions, a
departure from one and an arrival in the other, each under its own region's pseudonym. An
erasure reaches every region that has had records of the person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace as _replace
from typing import Any
from uuid import UUID

from kk_contracts import Envelope, IntegrationEvent, Topic
from kk_contracts import observatory as out
from kk_contracts.events import intake, referral, registry

from kk_observatory.domain import policy
from kk_observatory.domain.pseudonyms import Pseudonymiser
from kk_observatory.domain.state import Person, State
from kk_observatory.domain.steps import DECISIONS, STEPS


class Unroutable(Exception):
    """An event whose region cannot be known (a centre or a person never heard of): it goes
    to the dead-letter topic, with this as the reason."""


class UnknownCentre(Unroutable):
    """A centre the registry's centres topic has not (yet) been read to name."""


@dataclass(frozen=True, slots=True)
class Routed:
    region: str
    record: out.ObservatoryRecord


class Router:
    """Routes events, remembering (in ``state``) what later events need."""

    def __init__(self, pseudonyms: Pseudonymiser, state: State) -> None:
        self.pseudonyms = pseudonyms
        self.state = state
        self.centres: dict[str, str] = {}  # centre -> NUTS-2 region
        self._routes: dict[type[Any], Callable[[Any], list[Routed]]] = {
            registry.CentreRegistered: self._centre,
            intake.BeneficiaryRegistered: self._registered,
            intake.BeneficiaryTransferred: self._transferred,
            intake.BeneficiarySituationChanged: self._situation,
            intake.BeneficiaryErased: self._erased,
            intake.RequestLogged: self._request_logged,
            intake.RequestStatusChanged: self._request_status,
            intake.BeneficiaryInformed: self._informed,
            intake.RequestOverdue: self._request_overdue,
            intake.ApplicationSubmitted: self._application,
            referral.ReferralSent: self._referral_sent,
            **{kind: self._referral_step for kind in STEPS},
            **{kind: self._enrolment for kind in DECISIONS},
        }

    def route(self, envelope: Envelope[IntegrationEvent]) -> tuple[list[Routed], str | None]:
        """The records the event makes; or none, and the rule that drops it."""
        event = envelope.data
        handle = self._routes.get(type(event))
        if handle is None:
            if isinstance(event, registry._CentreEvent):
                return [], policy.CENTRE_FACTS
            return [], policy.RULES.get(type(event), "not_for_observatories")
        subject = getattr(event, "beneficiary_id", None)
        if subject is not None and not isinstance(event, intake.BeneficiaryErased):
            known = self.state.people.get(subject)
            if known is not None and known.erased:
                # Read after the erasure (the platform's topics are read side by side): it
                # still counts, as the erased person's earlier facts do, but makes no record.
                if event.topic != Topic.BENEFICIARIES:
                    handle(event)
                return [], policy.ERASED
        return handle(event), None

    # -- where ---------------------------------------------------------------------------

    def region_of(self, centre: str) -> str:
        region = self.centres.get(centre)
        if region is None:
            raise UnknownCentre(f"centre {centre} is not in the registry's centres topic")
        return region

    def person(self, beneficiary: UUID) -> Person:
        person = self.state.people.get(beneficiary)
        if person is None:
            raise Unroutable(f"no registration of beneficiary {beneficiary} was routed")
        return person

    def _pseudonym(self, region: str, platform_id: UUID) -> str:
        return self.pseudonyms.of(region, platform_id)

    # -- the registry --------------------------------------------------------------------

    def _centre(self, e: registry.CentreRegistered) -> list[Routed]:
        self.centres[e.centre_id] = e.region_code
        return []

    # -- people --------------------------------------------------------------------------

    def _registered(self, e: intake.BeneficiaryRegistered) -> list[Routed]:
        region = self.region_of(e.centre_id)
        person = Person(
            centre=e.centre_id,
            region=region,
            age_band=e.age_band,
            sex=e.sex,
            municipality=e.municipality_code,
            mgi_recipient=e.mgi_recipient,
            groups=tuple(e.vulnerable_groups),
            regions=(region,),
        )
        self.state.people.put(e.beneficiary_id, person)
        month = e.registered_on.isoformat()[:7]
        self.state.counted(region, month)
        for group in person.groups:
            self.state.count((region, month, "registrations_by_group"), group)
        self.state.count((region, month, "registrations_by_age_band"), person.age_band)
        self.state.count((region, month, "registrations_by_sex"), person.sex)
        record = out.PersonRegistered(
            person=self._pseudonym(region, e.beneficiary_id),
            registered_on=e.registered_on,
            **policy.profile(person),
        )
        return [Routed(region, record)]

    def _transferred(self, e: intake.BeneficiaryTransferred) -> list[Routed]:
        before = self.person(e.beneficiary_id)
        region = self.region_of(e.to_centre)
        regions = before.regions if region in before.regions else (*before.regions, region)
        after = _replace(before, centre=e.to_centre, region=region, regions=regions)
        self.state.people.put(e.beneficiary_id, after)
        if region == before.region:
            moved = out.PersonMoved(
                person=self._pseudonym(region, e.beneficiary_id),
                centre=e.to_centre,
                moved_on=e.transferred_on,
            )
            return [Routed(region, moved)]
        left = out.PersonLeft(
            person=self._pseudonym(before.region, e.beneficiary_id),
            centre=before.centre,
            left_on=e.transferred_on,
            to_region=region,
        )
        arrived = out.PersonArrived(
            person=self._pseudonym(region, e.beneficiary_id),
            arrived_on=e.transferred_on,
            from_region=before.region,
            **policy.profile(after),
        )
        return [Routed(before.region, left), Routed(region, arrived)]

    def _situation(self, e: intake.BeneficiarySituationChanged) -> list[Routed]:
        before = self.person(e.beneficiary_id)
        after = _replace(
            before,
            municipality=e.municipality_code,
            mgi_recipient=e.mgi_recipient,
            groups=tuple(e.vulnerable_groups),
        )
        self.state.people.put(e.beneficiary_id, after)
        where, level = policy.area(after.municipality)
        record = out.PersonSituationChanged(
            person=self._pseudonym(after.region, e.beneficiary_id),
            area=where,
            area_level=level,
            mgi_recipient=after.mgi_recipient,
            groups=policy.ordinary_groups(after.groups),
            changed_on=e.changed_on,
        )
        return [Routed(after.region, record)]

    def _erased(self, e: intake.BeneficiaryErased) -> list[Routed]:
        person = self.state.people.get(e.beneficiary_id)
        regions = person.regions if person else (self.region_of(e.centre_id),)
        if person is not None and person.erased:
            return []  # an erasure resent: its records are out already
        gone = person or Person("", "", "", "", "", False, (), regions)
        # kept as a marker without its profile, so that no later event makes a record
        self.state.people.put(
            e.beneficiary_id,
            Person("", "", "", "", "", False, (), gone.regions, erased=True),
        )
        return [
            Routed(
                region,
                out.PersonErased(
                    person=self._pseudonym(region, e.beneficiary_id), erased_on=e.erased_on
                ),
            )
            for region in regions
        ]

    # -- requests ------------------------------------------------------------------------

    def _request(self, e: intake._RequestEvent) -> tuple[str, dict[str, Any]]:
        region = self.region_of(e.centre_id)
        ids = {
            "request": self._pseudonym(region, e.request_id),
            "person": self._pseudonym(region, e.beneficiary_id),
            "centre": e.centre_id,
        }
        return region, ids

    def _request_logged(self, e: intake.RequestLogged) -> list[Routed]:
        region, ids = self._request(e)
        month = e.logged_on.isoformat()[:7]
        self.state.counted(region, month)
        self.state.count((region, month, "requests_by_category"), e.category)
        record = out.RequestLogged(
            **ids,
            axis=e.axis,
            category=policy.request_category(e.category),
            channel=e.channel,
            logged_on=e.logged_on,
            due_on=e.due_on,
        )
        return [Routed(region, record)]

    def _request_status(self, e: intake.RequestStatusChanged) -> list[Routed]:
        region, ids = self._request(e)
        record = out.RequestStatusChanged(**ids, status=e.status, changed_on=e.changed_on)
        return [Routed(region, record)]

    def _informed(self, e: intake.BeneficiaryInformed) -> list[Routed]:
        region, ids = self._request(e)
        record = out.PersonInformed(
            **ids,
            informed_on=e.informed_on,
            channel=e.channel,
            within_deadline=e.within_deadline,
        )
        return [Routed(region, record)]

    def _request_overdue(self, e: intake.RequestOverdue) -> list[Routed]:
        region, ids = self._request(e)
        record = out.RequestOverdue(**ids, due_on=e.due_on, detected_on=e.detected_on)
        return [Routed(region, record)]

    def _application(self, e: intake.ApplicationSubmitted) -> list[Routed]:
        region, ids = self._request(e)
        record = out.ApplicationSubmitted(**ids, submitted_on=e.submitted_on, documents=e.documents)
        return [Routed(region, record)]

    # -- referrals and enrolments --------------------------------------------------------

    def _referral(self, e: referral._Referral) -> tuple[str, dict[str, Any]]:
        region = self.region_of(e.centre_id)
        ids = {
            "referral": self._pseudonym(region, e.referral_id),
            "person": self._pseudonym(region, e.beneficiary_id),
            "centre": e.centre_id,
        }
        return region, ids

    def _referral_sent(self, e: referral.ReferralSent) -> list[Routed]:
        region, ids = self._referral(e)
        month = e.sent_on.isoformat()[:7]
        self.state.counted(region, month)
        self.state.count((region, month, "referrals_by_body_category"), e.body_category)
        record = out.ReferralSent(
            **ids,
            service=policy.request_category(e.service),
            sent_on=e.sent_on,
            respond_by=e.respond_by,
        )
        return [Routed(region, record)]

    def _referral_step(self, e: referral._Referral) -> list[Routed]:
        region, ids = self._referral(e)
        step, on = STEPS[type(e)]
        record = out.ReferralProgressed(
            **ids,
            step=step,
            on=getattr(e, on),
            refusal_reason=getattr(e, "reason", None),
            outcome=getattr(e, "outcome", None),
        )
        return [Routed(region, record)]

    def _enrolment(self, e: referral._Enrolment) -> list[Routed]:
        region = self.region_of(e.centre_id)
        decision, on = DECISIONS[type(e)]
        day = getattr(e, on)
        if decision == "enrolled":
            month = day.isoformat()[:7]
            self.state.counted(region, month)
            self.state.count(
                (region, month, "enrolments_by_programme_category"), e.programme_category
            )
        record = out.EnrolmentDecided(
            enrolment=self._pseudonym(region, e.enrolment_id),
            person=self._pseudonym(region, e.beneficiary_id),
            centre=e.centre_id,
            decision=decision,
            on=day,
            rejection_reason=getattr(e, "reason", None) if decision == "rejected" else None,
            exit_reason=getattr(e, "reason", None) if decision == "exited" else None,
        )
        return [Routed(region, record)]

"""Intake domain events -> published contract events (the only place that knows both).

What leaves the service is decided here: a pseudonymous id and coded facts. Names, AMKA,
birth date and contact details never do; the birth date becomes an age band.
"""

from __future__ import annotations

from functools import singledispatch

from kk_contracts import IntegrationEvent
from kk_contracts.codes import Sex, VulnerableGroup
from kk_contracts.events.intake import BeneficiaryRegistered

from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.domain.identity import age_band


@singledispatch
def translate(domain_event: object) -> IntegrationEvent | None:
    return None


@translate.register
def _(e: Beneficiary.Registered) -> IntegrationEvent:
    return BeneficiaryRegistered(
        beneficiary_id=e.originator_id,
        centre_id=e.centre_id,
        municipality_code=e.municipality_code,
        registered_on=e.registered_on,
        age_band=age_band(e.birth_date, e.registered_on),
        sex=Sex(e.sex),
        vulnerable_groups=tuple(VulnerableGroup(g) for g in e.vulnerable_groups),
        mgi_recipient=e.mgi_recipient,
    )

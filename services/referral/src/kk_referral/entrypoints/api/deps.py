"""Dependencies of referral's routes, declared once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from servicekit.auth import CENTRE_STAFF, Principal, require

from kk_referral.bootstrap import ReferralService


def _referral(request: Request) -> ReferralService:
    service: ReferralService = request.app.state.referral
    return service


Referrals = Annotated[ReferralService, Depends(_referral)]
CentreStaff = Annotated[Principal, require(*CENTRE_STAFF)]

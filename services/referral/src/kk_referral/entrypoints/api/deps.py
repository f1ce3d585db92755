"""Dependencies of referral's routes, declared once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from servicekit.api import the_service
from servicekit.auth import CENTRE_STAFF, Principal, Role, require

from kk_referral.bootstrap import ReferralService

Referrals = Annotated[ReferralService, Depends(the_service)]
CentreStaff = Annotated[Principal, require(*CENTRE_STAFF)]
Supervisor = Annotated[Principal, require(Role.MUNICIPAL_SUPERVISOR)]

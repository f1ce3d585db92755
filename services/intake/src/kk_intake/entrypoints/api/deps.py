"""Dependencies of intake's routes, declared once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from servicekit.api import the_service
from servicekit.auth import CENTRE_STAFF, Principal, Role, require

from kk_intake.bootstrap import IntakeService

Intake = Annotated[IntakeService, Depends(the_service)]
CentreStaff = Annotated[Principal, require(*CENTRE_STAFF)]
Admin = Annotated[Principal, require(Role.ADMIN)]

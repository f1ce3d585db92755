"""Dependencies of intake's routes, declared once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from servicekit.auth import CENTRE_STAFF, Principal, require

from kk_intake.bootstrap import IntakeService


def _intake(request: Request) -> IntakeService:
    service: IntakeService = request.app.state.intake
    return service


Intake = Annotated[IntakeService, Depends(_intake)]
CentreStaff = Annotated[Principal, require(*CENTRE_STAFF)]

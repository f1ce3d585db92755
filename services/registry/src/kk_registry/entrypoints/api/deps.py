"""Dependencies of the registry's routes, declared once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from servicekit.auth import Principal, Role, require

from kk_registry.bootstrap import RegistryService


def _registry(request: Request) -> RegistryService:
    service: RegistryService = request.app.state.registry
    return service


Registry = Annotated[RegistryService, Depends(_registry)]
AnyRole = Annotated[Principal, require(*Role)]
Admin = Annotated[Principal, require(Role.ADMIN)]

"""Dependencies of the registry's routes, declared once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from servicekit.api import the_service
from servicekit.auth import Principal, Role, require

from kk_registry.bootstrap import RegistryService

Registry = Annotated[RegistryService, Depends(the_service)]
AnyRole = Annotated[Principal, require(*Role)]
Admin = Annotated[Principal, require(Role.ADMIN)]
BodyKeeper = Annotated[Principal, require(Role.ADMIN, Role.CENTRE_HEAD)]
"""Who may write bodies: the admin any, a centre head those of the centre's municipality."""

"""Bodies (φορείς) and programmes (προγράμματα): the registry's other two registries."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from kk_registry.domain.exceptions import BodyWithoutContactError, ConflictError


def check_reachable(*, accepts_referrals: bool, contact: dict[str, Any] | None) -> None:
    """A body that takes referrals must be reachable by phone or email."""
    reachable = bool(contact and (contact.get("contact_phone") or contact.get("contact_email")))
    if accepts_referrals and not reachable:
        raise BodyWithoutContactError(
            "a body that accepts referrals needs a contact phone or email"
        )


class Body(Aggregate):
    class Registered(Aggregate.Created):
        class_version = 2

        code: str
        name_el: str
        name_en: str
        category: str
        scope: str
        area_code: str | None
        accepts_referrals: bool
        sample: bool
        contact: dict[str, Any] | None
        capacity: int | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["contact"] = None
            state["capacity"] = None

    class Updated(Aggregate.Event):
        details: dict[str, Any]

        def apply(self, body: Body) -> None:
            body.__dict__.update(self.details)

    def __init__(
        self,
        *,
        code: str,
        sample: bool,
        name_el: str,
        name_en: str,
        category: str,
        scope: str,
        area_code: str | None,
        accepts_referrals: bool,
        contact: dict[str, Any] | None,
        capacity: int | None,
    ) -> None:
        self.code = code
        self.sample = sample
        self.name_el = name_el
        self.name_en = name_en
        self.category = category
        self.scope = scope
        self.area_code = area_code
        self.accepts_referrals = accepts_referrals
        self.contact = contact
        self.capacity = capacity

    @staticmethod
    def id_for(code: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"urn:kk:body:{code}")

    @classmethod
    def register(cls, *, code: str, sample: bool = False, **details: Any) -> Body:
        details = {"area_code": None, "contact": None, "capacity": None, **details}
        check_reachable(accepts_referrals=details["accepts_referrals"], contact=details["contact"])
        return cls._create(cls.Registered, id=cls.id_for(code), code=code, sample=sample, **details)

    def update(self, **details: Any) -> None:
        """Replaces the body's details (code and id stay)."""
        check_reachable(accepts_referrals=details["accepts_referrals"], contact=details["contact"])
        self.trigger_event(self.Updated, details=details)


class Programme(Aggregate):
    class Registered(Aggregate.Created):
        class_version = 2

        code: str
        name_el: str
        name_en: str
        level: str
        category: str
        managing_body_code: str | None
        required_documents: list[str]
        active_from: date | None
        active_until: date | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(
                managing_body_code=None, required_documents=[], active_from=None, active_until=None
            )

    class Updated(Aggregate.Event):
        details: dict[str, Any]

        def apply(self, programme: Programme) -> None:
            programme.__dict__.update(self.details)

    class Closed(Aggregate.Event):
        closed_on: date

        def apply(self, programme: Programme) -> None:
            programme.closed_on = self.closed_on

    def __init__(
        self,
        *,
        code: str,
        name_el: str,
        name_en: str,
        level: str,
        category: str,
        managing_body_code: str | None,
        required_documents: list[str],
        active_from: date | None,
        active_until: date | None,
    ) -> None:
        self.code = code
        self.name_el = name_el
        self.name_en = name_en
        self.level = level
        self.category = category
        self.managing_body_code = managing_body_code
        self.required_documents = required_documents
        self.active_from = active_from
        self.active_until = active_until
        self.closed_on: date | None = None

    @staticmethod
    def id_for(code: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"urn:kk:programme:{code}")

    @classmethod
    def register(cls, *, code: str, **details: Any) -> Programme:
        details = {
            "managing_body_code": None,
            "required_documents": [],
            "active_from": None,
            "active_until": None,
            **details,
        }
        return cls._create(cls.Registered, id=cls.id_for(code), code=code, **details)

    def update(self, **details: Any) -> None:
        if self.closed_on is not None:
            raise ConflictError(f"programme {self.code} closed on {self.closed_on}")
        self.trigger_event(self.Updated, details=details)

    def close(self, *, closed_on: date) -> None:
        if self.closed_on is not None:
            raise ConflictError(f"programme {self.code} already closed on {self.closed_on}")
        self.trigger_event(self.Closed, closed_on=closed_on)

"""Bodies (φορείς) and programmes (προγράμματα): the registry's other two registries."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate


class Body(Aggregate):
    class Registered(Aggregate.Created):
        code: str
        name_el: str
        name_en: str
        category: str
        scope: str
        area_code: str | None
        accepts_referrals: bool
        sample: bool

    def __init__(
        self,
        *,
        code: str,
        name_el: str,
        name_en: str,
        category: str,
        scope: str,
        area_code: str | None,
        accepts_referrals: bool,
        sample: bool,
    ) -> None:
        self.code = code
        self.name_el = name_el
        self.name_en = name_en
        self.category = category
        self.scope = scope
        self.area_code = area_code
        self.accepts_referrals = accepts_referrals
        self.sample = sample

    @staticmethod
    def id_for(code: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"urn:kk:body:{code}")


class Programme(Aggregate):
    class Registered(Aggregate.Created):
        code: str
        name_el: str
        name_en: str
        level: str
        category: str

    def __init__(self, *, code: str, name_el: str, name_en: str, level: str, category: str) -> None:
        self.code = code
        self.name_el = name_el
        self.name_en = name_en
        self.level = level
        self.category = category

    @staticmethod
    def id_for(code: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"urn:kk:programme:{code}")


def register_body(**fields: object) -> Body:
    return Body._create(Body.Registered, id=Body.id_for(str(fields["code"])), **fields)


def register_programme(**fields: object) -> Programme:
    return Programme._create(
        Programme.Registered, id=Programme.id_for(str(fields["code"])), **fields
    )

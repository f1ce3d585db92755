"""One individual file per person across all centres.

A file's ``Identity`` aggregate has an id derived from a keyed hash of the AMKA (the key is
a secret of the intake service), so a second registration of the same AMKA, at any centre,
finds the first file. The index holds no AMKA, only the file it points to.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate


class Identity(Aggregate):
    class Claimed(Aggregate.Created):
        beneficiary_id: UUID

    def __init__(self, *, beneficiary_id: UUID) -> None:
        self.beneficiary_id = beneficiary_id

    @staticmethod
    def id_for(keyed_hash: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"urn:kk:identity:{keyed_hash}")

    @classmethod
    def claim(cls, *, keyed_hash: str, beneficiary_id: UUID) -> Identity:
        return cls._create(cls.Claimed, id=cls.id_for(keyed_hash), beneficiary_id=beneficiary_id)

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


class NameMatch(Aggregate):
    """The files whose names and birth date match, under a keyed hash of them (so the index
    holds no name): a new file with the same names and birth date but another AMKA is
    flagged as a likely duplicate for the centre to review."""

    class Started(Aggregate.Created):
        beneficiary_id: UUID

    class Joined(Aggregate.Event):
        beneficiary_id: UUID

        def apply(self, match: NameMatch) -> None:
            match.files.append(self.beneficiary_id)

    class Left(Aggregate.Event):
        beneficiary_id: UUID

        def apply(self, match: NameMatch) -> None:
            match.files.remove(self.beneficiary_id)

    def __init__(self, *, beneficiary_id: UUID) -> None:
        self.files = [beneficiary_id]

    @staticmethod
    def id_for(keyed_hash: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"urn:kk:name-match:{keyed_hash}")

    @classmethod
    def start(cls, *, keyed_hash: str, beneficiary_id: UUID) -> NameMatch:
        return cls._create(cls.Started, id=cls.id_for(keyed_hash), beneficiary_id=beneficiary_id)

    def join(self, beneficiary_id: UUID) -> list[UUID]:
        """Adds a file; returns the files it matches."""
        others = list(self.files)
        self.trigger_event(self.Joined, beneficiary_id=beneficiary_id)
        return others

    def leave(self, beneficiary_id: UUID) -> None:
        if beneficiary_id in self.files:
            self.trigger_event(self.Left, beneficiary_id=beneficiary_id)

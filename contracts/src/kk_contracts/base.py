"""The base of every published event."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from kk_contracts.topics import Topic


class IntegrationEvent(BaseModel):
    """A published fact: frozen, strict about unknown fields, versioned.

    ``event_type`` is the stable CloudEvents ``type``; ``schema_version`` changes only when a
    field is removed or changes meaning (adding an optional field does not need a new version).
    ``subject_field`` names the field that holds the aggregate id: it becomes the Kafka key
    and the CloudEvents ``subject``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    topic: ClassVar[Topic]
    subject_field: ClassVar[str]

    def subject(self) -> str:
        return str(getattr(self, self.subject_field))

    def upgrade(self) -> IntegrationEvent:
        """The same fact in the next schema version. Every version but the latest defines
        it, so consumers only ever handle the latest (see ``catalogue.latest``)."""
        raise NotImplementedError(f"{self.event_type} v{self.schema_version} is the latest")

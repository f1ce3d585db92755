"""The CloudEvents envelope of every message, in the Kafka protocol binding's binary mode.

The event's attributes travel as ``ce_*`` headers (``content-type`` for ``datacontenttype``),
the event itself as the JSON value, the aggregate id as the key. Two extension attributes:
``schemaversion`` (which version of the event's model wrote the value) and
``correlationid`` (the HTTP request that caused the event, for tracing across services).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from pydantic import ValidationError

from kk_contracts.base import IntegrationEvent
from kk_contracts.catalogue import UnknownEventTypeError, latest, model_for

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"
REQUIRED_HEADERS = ("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject")
_REQUIRED = frozenset(REQUIRED_HEADERS)

_SPECVERSION_HEADER = ("ce_specversion", SPECVERSION.encode())
_CONTENT_TYPE_HEADER = ("content-type", CONTENT_TYPE.encode())

E = TypeVar("E", bound=IntegrationEvent)
Headers = list[tuple[str, bytes]]


class ContractViolationError(ValueError):
    """A message on a topic does not follow the published contract; ``reason`` says how."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Envelope(Generic[E]):
    """One published event with its CloudEvents attributes."""

    id: UUID
    source: str
    time: datetime
    data: E
    correlation_id: str | None = None

    @property
    def type(self) -> str:
        return self.data.event_type

    @property
    def subject(self) -> str:
        return self.data.subject()

    @property
    def schema_version(self) -> int:
        return self.data.schema_version


@dataclass(frozen=True, slots=True)
class KafkaMessage:
    topic: str
    key: bytes
    value: bytes
    headers: Headers


def encode_message(envelope: Envelope[IntegrationEvent]) -> KafkaMessage:
    data = envelope.data
    subject = data.subject().encode()
    headers: Headers = [
        _SPECVERSION_HEADER,
        ("ce_id", str(envelope.id).encode()),
        ("ce_source", envelope.source.encode()),
        ("ce_type", data.event_type.encode()),
        ("ce_time", envelope.time.isoformat().encode()),
        ("ce_subject", subject),
        ("ce_schemaversion", str(data.schema_version).encode()),
        _CONTENT_TYPE_HEADER,
    ]
    if envelope.correlation_id:
        headers.append(("ce_correlationid", envelope.correlation_id.encode()))
    return KafkaMessage(
        topic=data.topic.value, key=subject, value=data.model_dump_json().encode(), headers=headers
    )


def decode_message(
    headers: Headers | tuple[tuple[str, bytes], ...], value: bytes | None
) -> Envelope[IntegrationEvent]:
    """Reads one Kafka message; raises ``ContractViolationError`` naming what is wrong."""
    attrs = _read_headers(headers)
    try:
        model = model_for(attrs["ce_type"], int(attrs.get("ce_schemaversion", "1")))
    except (UnknownEventTypeError, ValueError) as exc:
        raise ContractViolationError(str(exc)) from exc
    data = latest(_read_value(model, value))
    try:
        return Envelope(
            id=UUID(attrs["ce_id"]),
            source=attrs["ce_source"],
            time=datetime.fromisoformat(attrs["ce_time"]),
            data=data,
            correlation_id=attrs.get("ce_correlationid"),
        )
    except ValueError as exc:
        raise ContractViolationError(f"invalid CloudEvents attribute: {exc}") from exc


def _read_headers(headers: Headers | tuple[tuple[str, bytes], ...]) -> dict[str, str]:
    try:
        attrs = {name: raw.decode() for name, raw in headers}
    except UnicodeDecodeError as exc:
        raise ContractViolationError(f"a header is not UTF-8: {exc}") from exc
    if not _REQUIRED.issubset(attrs):
        missing = [name for name in REQUIRED_HEADERS if name not in attrs]
        raise ContractViolationError(f"missing CloudEvents headers: {', '.join(missing)}")
    if attrs["ce_specversion"] != SPECVERSION:
        raise ContractViolationError(f"unsupported specversion {attrs['ce_specversion']!r}")
    content_type = attrs.get("content-type", CONTENT_TYPE)
    if content_type != CONTENT_TYPE:
        raise ContractViolationError(f"unsupported content-type {content_type!r}")
    return attrs


def _read_value(model: type[IntegrationEvent], value: bytes | None) -> IntegrationEvent:
    if value is None:
        raise ContractViolationError("the message has no value")
    try:
        return model.model_validate_json(value)  # parsed and checked in one pass, in Rust
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        if errors and errors[0]["type"] == "json_invalid":
            raise ContractViolationError(f"the value is not JSON: {errors[0]['msg']}") from exc
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(value)'}: {err['msg']}" for err in errors
        )
        raise ContractViolationError(
            f"{model.event_type} v{model.schema_version}: {problems}"
        ) from exc

"""The CloudEvents envelope of every message, in the Kafka protocol binding's binary mode.

The event's attributes travel as ``ce_*`` headers (``content-type`` for ``datacontenttype``),
the event itself as the JSON value, the aggregate id as the key. Two extension attributes:
``schemaversion`` (which version of the event's model wrote the value) and
``correlationid`` (the HTTP request that caused the event, for tracing across services).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, NoReturn, TypeVar
from uuid import UUID, SafeUUID

from pydantic import ValidationError

from kk_contracts.base import IntegrationEvent
from kk_contracts.catalogue import CATALOGUE, LATEST, UnknownEventTypeError, latest, model_for

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"
REQUIRED_HEADERS = ("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject")
_REQUIRED = frozenset(REQUIRED_HEADERS)

_SPECVERSION = SPECVERSION.encode()
_CONTENT_TYPE = CONTENT_TYPE.encode()
_SPECVERSION_HEADER = ("ce_specversion", _SPECVERSION)
_CONTENT_TYPE_HEADER = ("content-type", _CONTENT_TYPE)
_new = object.__new__

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


# An envelope is decoded without the frozen dataclass' ``__init__`` (a set per field through
# ``object.__setattr__``, twice as slow), its slots filled in directly.
_SET_ID, _SET_SOURCE, _SET_TIME, _SET_DATA, _SET_CORRELATION = (
    Envelope.__dict__[name].__set__ for name in ("id", "source", "time", "data", "correlation_id")
)


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
    """Reads one Kafka message; raises ``ContractViolationError`` naming what is wrong.

    Every consumer and every rebuild reads millions of messages through here, so the headers
    stay bytes until needed (read from their places when in the order ``encode_message``
    writes them, else from a dict of them), the value goes straight to its model's validator
    and the envelope is filled in without its dataclass' checks."""
    attrs = _as_written(headers) or _attributes(headers)
    event_type, version, event_id, source, time, correlation = attrs
    decoder = _DECODERS.get((event_type, version))
    if decoder is None:
        decoder = _Decoder(_model_named(event_type, version))
    if value is None:
        raise ContractViolationError("the message has no value")
    try:
        data = decoder.validate(value)  # parsed and checked in one pass, in Rust
    except ValidationError as exc:
        raise _invalid(decoder.model, exc) from exc
    if decoder.older:
        data = latest(data)
    try:
        envelope: Envelope[IntegrationEvent] = _new(Envelope)
        _SET_ID(envelope, _uuid(event_id))
        _SET_SOURCE(envelope, source.decode())
        _SET_TIME(envelope, _from_iso(time.decode()))
        _SET_DATA(envelope, data)
        _SET_CORRELATION(envelope, None if correlation is None else correlation.decode())
    except ValueError as exc:  # UnicodeDecodeError included
        raise ContractViolationError(f"invalid CloudEvents attribute: {exc}") from exc
    return envelope


# What decoding needs of the headers: type, schema version, id, source, time, correlation.
_Attributes = tuple[bytes, bytes, bytes, bytes, bytes, bytes | None]
# The headers as ``encode_message`` writes them, first to last (the correlation id after).
_WRITTEN = (
    "ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject",
    "ce_schemaversion", "content-type",
)  # fmt: skip


def _as_written(headers: Headers | tuple[tuple[str, bytes], ...]) -> _Attributes | None:
    """The attributes of valid headers in the order this platform writes them, read from
    their places (a dict of them would cost a third of all their decoding); None for any
    other headers, however valid, which ``_attributes`` reads as well."""
    n = len(headers)
    if n != 8 and n != 9:
        return None
    (a, spec), (b, event_id), (c, source), (d, event_type) = headers[:4]
    (e, time), (f, _), (g, version), (h, content) = headers[4:8]
    if (a, b, c, d, e, f, g, h) != _WRITTEN or spec != _SPECVERSION or content != _CONTENT_TYPE:
        return None
    if n == 8:
        return event_type, version, event_id, source, time, None
    name, correlation = headers[8]
    if name != "ce_correlationid":
        return None
    return event_type, version, event_id, source, time, correlation


def _attributes(headers: Headers | tuple[tuple[str, bytes], ...]) -> _Attributes:
    """The attributes of headers in any order (a header given twice: its last value)."""
    attrs = dict(headers)
    if (
        not attrs.keys() >= _REQUIRED  # (a frozenset's issubset makes a set of a dict first)
        or attrs["ce_specversion"] != _SPECVERSION
        or attrs.get("content-type", _CONTENT_TYPE) != _CONTENT_TYPE
    ):
        _refuse_headers(attrs)
    return (
        attrs["ce_type"],
        attrs.get("ce_schemaversion", b"1"),
        attrs["ce_id"],
        attrs["ce_source"],
        attrs["ce_time"],
        attrs.get("ce_correlationid"),
    )


class _Decoder:
    """How a value of one model is read: its validator, and whether it is older than the
    latest version of its event (then upgraded)."""

    __slots__ = ("model", "older", "validate")

    def __init__(self, model: type[IntegrationEvent]) -> None:
        self.model = model
        self.validate = model.__pydantic_validator__.validate_json
        self.older = model.schema_version < LATEST[model.event_type]


# the catalogue by the header values that name a model
_DECODERS = {(t.encode(), str(v).encode()): _Decoder(m) for (t, v), m in CATALOGUE.items()}
_from_iso = datetime.fromisoformat


def _refuse_headers(attrs: dict[str, bytes]) -> NoReturn:
    """Says which CloudEvents header is missing or not as the binding has it."""
    if not attrs.keys() >= _REQUIRED:
        missing = [name for name in REQUIRED_HEADERS if name not in attrs]
        raise ContractViolationError(f"missing CloudEvents headers: {', '.join(missing)}")
    if attrs["ce_specversion"] != _SPECVERSION:
        version = attrs["ce_specversion"].decode(errors="replace")
        raise ContractViolationError(f"unsupported specversion {version!r}")
    shown = attrs["content-type"].decode(errors="replace")
    raise ContractViolationError(f"unsupported content-type {shown!r}")


def _model_named(event_type: bytes, version: bytes) -> type[IntegrationEvent]:
    """The model of a type and version not written as the catalogue writes them (or not
    known at all: then the reason says which types are)."""
    try:
        return model_for(event_type.decode(), int(version))
    except (UnknownEventTypeError, ValueError) as exc:
        raise ContractViolationError(str(exc)) from exc


def _uuid(text: bytes) -> UUID:
    """``UUID(text)``, in a third of the time for the usual 36-character form."""
    digits = text.replace(b"-", b"")
    if len(digits) != 32 or not digits.isalnum():  # (so no sign, space or underscore)
        return UUID(text.decode())  # another form UUID reads, or a ValueError
    uuid = _new(UUID)
    _UUID_INT(uuid, int(digits, 16))  # ValueError if not hex
    _UUID_SAFE(uuid, _UNKNOWN_SAFETY)
    return uuid


_UUID_INT = UUID.__dict__["int"].__set__
_UUID_SAFE = UUID.__dict__["is_safe"].__set__
_UNKNOWN_SAFETY = SafeUUID.unknown  # (an enum member read off its class runs Python code)


def _invalid(model: type[IntegrationEvent], exc: ValidationError) -> ContractViolationError:
    """What is wrong with a value, said field by field."""
    errors = exc.errors(include_url=False)
    if errors and errors[0]["type"] == "json_invalid":
        return ContractViolationError(f"the value is not JSON: {errors[0]['msg']}")
    problems = "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or '(value)'}: {err['msg']}" for err in errors
    )
    return ContractViolationError(f"{model.event_type} v{model.schema_version}: {problems}")

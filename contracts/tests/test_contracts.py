"""The published language: schemas committed, old messages still readable, nothing personal."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest
from kk_contracts import (
    CATALOGUE,
    ContractViolationError,
    Envelope,
    asyncapi,
    decode_message,
    encode_message,
)
from kk_contracts.catalogue import LATEST
from kk_contracts.envelope import _as_written, _attributes
from kk_contracts.events.intake import BeneficiaryRegistered
from kk_contracts.observatory import RECORDS
from kk_contracts.schemas import drift, generate
from pydantic import ValidationError

ASYNCAPI_SPEC = asyncapi.DOCUMENT.parent / "asyncapi-spec" / "asyncapi-3.0.0.schema.json"

pytestmark = pytest.mark.unit
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
PERSONAL = {
    "first_name",
    "last_name",
    "given_name",
    "family_name",
    "surname",
    "full_name",
    "name",
    "amka",
    "afm",
    "phone",
    "email",
    "address",
    "note",
    "notes",
    "birth_date",
}


def _registered() -> BeneficiaryRegistered:
    return BeneficiaryRegistered(
        beneficiary_id=uuid.uuid4(),
        centre_id="KK-0201",
        municipality_code="0201",
        registered_on=date(2026, 11, 2),
        age_band="18-24",
        sex="male",
        mgi_recipient=False,
    )


def test_committed_schemas_match_the_models() -> None:
    assert drift() == [], "run `make schemas` and commit contracts/schemas"


def test_every_event_version_has_a_golden_message() -> None:
    golden = {(p.parent.name, int(p.stem.removeprefix("v"))) for p in GOLDEN.glob("*/v*.json")}
    assert set(CATALOGUE) <= golden


@pytest.mark.parametrize(
    "path", sorted(GOLDEN.glob("*/v*.json")), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_current_models_read_every_golden_message(path: Path) -> None:
    message = json.loads(path.read_text(encoding="utf-8"))
    headers = [(k, v.encode()) for k, v in message["headers"].items()]
    envelope = decode_message(headers, json.dumps(message["value"]).encode())
    assert envelope.type == path.parent.name
    assert envelope.subject == message["key"]
    assert envelope.data.topic == message["topic"]


def _sent(correlation_id: str | None = "abc-123-def") -> Envelope[BeneficiaryRegistered]:
    return Envelope(
        id=uuid.uuid4(),
        source="/kk/intake",
        time=datetime.now(UTC),
        data=_registered(),
        correlation_id=correlation_id,
    )


def test_an_envelope_survives_the_round_trip_through_kafka_headers() -> None:
    sent = _sent()
    message = encode_message(sent)
    received = decode_message(message.headers, message.value)
    assert received == sent
    assert message.key == str(sent.data.beneficiary_id).encode()
    assert ("content-type", b"application/json") in message.headers


@pytest.mark.parametrize(
    "reorder",
    [
        pytest.param(lambda h: h, id="as written"),
        pytest.param(lambda h: list(reversed(h)), id="reversed"),
        pytest.param(lambda h: h[1:] + h[:1], id="rotated"),
        pytest.param(lambda h: [x for x in h if x[0] != "content-type"], id="no content-type"),
    ],
)
def test_headers_are_read_in_any_order(reorder) -> None:  # type: ignore[no-untyped-def]
    sent = _sent()
    message = encode_message(sent)
    assert decode_message(reorder(message.headers), message.value) == sent


@pytest.mark.parametrize("correlation_id", ["abc-123-def", None])
def test_the_headers_the_platform_writes_are_read_from_their_places(
    correlation_id: str | None,
) -> None:
    # (else they are read alike through a dict of them, only slower)
    headers = encode_message(_sent(correlation_id)).headers
    assert _as_written(headers) == _attributes(headers)


@pytest.mark.parametrize(
    ("extra", "source", "correlation"),
    [
        ([("ce_source", b"/kk/other")], "/kk/other", None),
        ([("ce_correlationid", b"a"), ("ce_correlationid", b"b")], "/kk/intake", "b"),
    ],
)
def test_a_header_given_twice_is_read_at_its_last_value(
    extra: list[tuple[str, bytes]], source: str, correlation: str | None
) -> None:
    sent = _sent(correlation_id=None)
    message = encode_message(sent)
    received = decode_message(message.headers + extra, message.value)
    assert (received.id, received.source, received.correlation_id) == (sent.id, source, correlation)


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda h, v: (h, b"{oops"), "not JSON"),
        (lambda h, v: ([x for x in h if x[0] != "ce_id"], v), "missing CloudEvents headers: ce_id"),
        (
            lambda h, v: ([(k, b"2.0" if k == "ce_specversion" else x) for k, x in h], v),
            "specversion",
        ),
        (
            lambda h, v: ([(k, b"9" if k == "ce_schemaversion" else x) for k, x in h], v),
            "version 9",
        ),
        (lambda h, v: (h, v.replace(b'"male"', b'"robot"')), "sex"),
        (lambda h, v: (h, None), "no value"),
    ],
)
def test_broken_messages_are_refused_with_a_reason(mutate, reason: str) -> None:  # type: ignore[no-untyped-def]
    message = encode_message(
        Envelope(id=uuid.uuid4(), source="/t", time=datetime.now(UTC), data=_registered())
    )
    headers, value = mutate(message.headers, message.value)
    with pytest.raises(ContractViolationError, match=reason):
        decode_message(headers, value)


def test_events_are_frozen_and_refuse_unknown_fields() -> None:
    event = _registered()
    with pytest.raises(ValidationError):
        event.sex = "female"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="extra"):
        BeneficiaryRegistered.model_validate({**event.model_dump(), "given_name": "Μαρία"})


@pytest.mark.parametrize("name", sorted(generate()))
def test_published_schemas_carry_no_personal_fields(name: str) -> None:
    properties = set(json.loads(generate()[name])["properties"])
    assert not properties & PERSONAL, f"{name} publishes {properties & PERSONAL}"


def test_a_version_1_body_message_is_read_as_the_latest_version() -> None:
    message = json.loads((GOLDEN / "gr.kk.registry.BodyRegistered" / "v1.json").read_text())
    headers = [(k, v.encode()) for k, v in message["headers"].items()]
    envelope = decode_message(headers, json.dumps(message["value"]).encode())
    assert envelope.schema_version == 2
    assert envelope.data.model_dump()["contact"] is None
    assert envelope.data.model_dump()["code"] == message["value"]["code"]


@pytest.mark.parametrize(
    "written",
    [
        "b4ddd3f1-5fd4-476a-9c97-aecf3f92952d",
        "B4DDD3F1-5FD4-476A-9C97-AECF3F92952D",
        "b4ddd3f15fd4476a9c97aecf3f92952d",
        "{b4ddd3f1-5fd4-476a-9c97-aecf3f92952d}",
        "urn:uuid:b4ddd3f1-5fd4-476a-9c97-aecf3f92952d",
    ],
)
def test_an_event_id_is_read_as_uuid_reads_it(written: str) -> None:
    message = encode_message(
        Envelope(id=uuid.uuid4(), source="/t", time=datetime.now(UTC), data=_registered())
    )
    headers = [(k, written.encode() if k == "ce_id" else v) for k, v in message.headers]
    envelope = decode_message(headers, message.value)
    assert envelope.id == uuid.UUID(written)
    assert hash(envelope.id) == hash(uuid.UUID(written))
    assert str(envelope.id) == str(uuid.UUID(written))


@pytest.mark.parametrize(
    "written",
    [
        b"b4ddd3f1-5fd4-476a-9c97-aecf3f92952g",  # not hex
        b"b4ddd3f1 5fd4-476a-9c97-aecf3f92952d",  # a space for a hyphen
        b"b4ddd3f1-5fd4-476a-9c97",  # too short
        b"\xff4ddd3f1-5fd4-476a-9c97-aecf3f92952d",  # not UTF-8
    ],
)
def test_a_malformed_event_id_is_refused(written: bytes) -> None:
    message = encode_message(
        Envelope(id=uuid.uuid4(), source="/t", time=datetime.now(UTC), data=_registered())
    )
    headers = [(k, written if k == "ce_id" else v) for k, v in message.headers]
    with pytest.raises(ContractViolationError, match="invalid CloudEvents attribute"):
        decode_message(headers, message.value)


def test_the_asyncapi_document_is_committed_valid_and_complete() -> None:
    """contracts/asyncapi.json is what the models make, a valid AsyncAPI 3.0.0 document
    (the schema of @asyncapi/specs, vendored), and names every record and event with its
    committed schema."""
    assert asyncapi.DOCUMENT.read_text(encoding="utf-8") == asyncapi.render(), (
        "run `make schemas` and commit contracts/asyncapi.json"
    )
    document = json.loads(asyncapi.DOCUMENT.read_text(encoding="utf-8"))
    spec = json.loads(ASYNCAPI_SPEC.read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft7Validator(spec).iter_errors(document)]
    assert errors == []
    messages = document["components"]["messages"]
    wanted = {r.record_type for r in RECORDS} | set(LATEST)
    assert set(messages) == wanted
    for message in messages.values():
        assert (asyncapi.DOCUMENT.parent / message["payload"]["$ref"]).exists()


def test_the_asyncapi_schema_catches_a_broken_document() -> None:
    spec = json.loads(ASYNCAPI_SPEC.read_text(encoding="utf-8"))
    broken = asyncapi.document()
    broken["channels"]["observatoryPeople"]["address"] = 43
    del broken["info"]["title"]
    assert len(list(jsonschema.Draft7Validator(spec).iter_errors(broken))) == 2

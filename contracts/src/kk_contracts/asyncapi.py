"""The platform's streams as one AsyncAPI 3.0 document, generated from the models.

The regions' observatory topics are five channels with a ``region`` parameter (one per
entity), the platform's own topics one channel each; every message carries the CloudEvents
headers (a message trait) and its payload is a ``$ref`` to the committed JSON Schema file.
``python -m kk_contracts.asyncapi`` rewrites ``contracts/asyncapi.json``; ``--check`` exits
1 when the committed file differs (CI runs the check as a test, and validates the document
against the AsyncAPI 3.0.0 schema).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kk_contracts.catalogue import CATALOGUE, LATEST
from kk_contracts.observatory import (
    KEY_VERSION_HEADER,
    RECORDS,
    Entity,
    ObservatoryRecord,
    observatory_topic,
)
from kk_contracts.reference import regions
from kk_contracts.schemas import SCHEMA_DIR, file_name
from kk_contracts.topics import Topic

DOCUMENT = SCHEMA_DIR.parent / "asyncapi.json"
GREEK = {
    Entity.PEOPLE: "Άτομα",
    Entity.REQUESTS: "Αιτήματα",
    Entity.REFERRALS: "Παραπομπές",
    Entity.ENROLMENTS: "Εντάξεις σε προγράμματα",
    Entity.MONTHLY: "Μηνιαίες μετρήσεις",
}
TITLE = "Κέντρα Κοινότητας: ροές γεγονότων / Community Centres: event streams"


def _header(description: str, **schema: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **schema}


def cloudevents_trait(*, key_version: bool) -> dict[str, Any]:
    """The CloudEvents attributes, in Kafka's binary mode: ``ce_*`` headers."""
    properties = {
        "ce_specversion": _header("CloudEvents version", const="1.0"),
        "ce_id": _header("The record's id: the same at every replay"),
        "ce_source": _header("Who wrote it"),
        "ce_type": _header("The record's type, as the message's name"),
        "ce_time": _header("When the platform published the fact (RFC 3339)"),
        "ce_subject": _header("The record's key"),
        "ce_schemaversion": _header("The version of the payload's schema"),
        "content-type": _header("The payload's media type", const="application/json"),
    }
    required = ["ce_specversion", "ce_id", "ce_source", "ce_type"]
    if key_version:
        properties[KEY_VERSION_HEADER] = _header(
            "The version of the region's pseudonym key (docs/observatories.md: rotating a key)"
        )
        required.append(KEY_VERSION_HEADER)
    else:
        properties["ce_correlationid"] = _header("The request that caused the event")
    return {"headers": {"type": "object", "required": required, "properties": properties}}


def _message(name: str, title: str, schema_file: str, trait: str) -> dict[str, Any]:
    return {
        "name": name,
        "title": title,
        "contentType": "application/json",
        "payload": {"$ref": f"schemas/{schema_file}"},
        "traits": [{"$ref": f"#/components/messageTraits/{trait}"}],
    }


def _observatory_messages(entity: Entity) -> dict[str, dict[str, Any]]:
    records: list[type[ObservatoryRecord]] = [r for r in RECORDS if r.entity is entity]
    return {
        r.record_type: _message(
            r.record_type,
            (r.__doc__ or r.__name__).split("\n")[0],
            file_name(r.record_type, 1),
            "observatoryHeaders",
        )
        for r in records
    }


def document() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for entity in Entity:
        name = f"observatory{entity.value.title()}"
        own = _observatory_messages(entity)
        messages.update(own)
        channels[name] = {
            "address": observatory_topic("{region}", entity),
            "title": f"{GREEK[entity]} μιας περιφέρειας / A region's {entity.value}",
            "description": "Read by the region's observatory only (principal "
            "`observatory-<region>`, consumer groups `kk.observatory.<region>.*`); "
            "pseudonyms of that region alone.",
            "parameters": {"region": {"$ref": "#/components/parameters/region"}},
            "messages": {m: {"$ref": f"#/components/messages/{m}"} for m in own},
        }
        operations[f"send{name[0].upper()}{name[1:]}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{name}"},
            "messages": [{"$ref": f"#/channels/{name}/messages/{m}"} for m in own],
        }
    for topic in Topic:
        name = "platform" + "".join(p.title() for p in topic.value.split(".")[1:-1])
        own = {
            event_type: _message(
                event_type,
                (model.__doc__ or model.__name__).strip().split("\n")[0],
                file_name(event_type, version),
                "platformHeaders",
            )
            for (event_type, version), model in sorted(CATALOGUE.items())
            if model.topic is topic and LATEST[event_type] == version
        }
        messages.update(own)
        channels[name] = {
            "address": topic.value,
            "title": f"Θέμα της πλατφόρμας / The platform's {topic.value}",
            "description": "Pseudonymous ids and coded facts; read by the platform's own "
            "services, each as a Kafka principal of its own.",
            "messages": {m: {"$ref": f"#/components/messages/{m}"} for m in own},
        }
        operations[f"send{name[0].upper()}{name[1:]}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{name}"},
            "messages": [{"$ref": f"#/channels/{name}/messages/{m}"} for m in own],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": TITLE,
            "version": "1.0.0",
            "description": "The streams of the national monitoring platform of Greece's "
            "Community Centres: each region's observatory stream (minimised and "
            "pseudonymised for that region alone; docs/observatories.md) and the platform's "
            "own topics. Every record is a CloudEvents message in Kafka's binary mode.",
        },
        "defaultContentType": "application/json",
        "servers": {
            "local": {
                "host": "127.0.0.1:9092",
                "protocol": "kafka",
                "description": "`make run`'s broker: SASL/SCRAM-SHA-512 (SASL_SSL with TLS)",
                "security": [{"$ref": "#/components/securitySchemes/scram"}],
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {
            "messages": messages,
            "parameters": {
                "region": {
                    "description": "The region's NUTS-2 code",
                    "enum": list(regions()),
                    "examples": ["EL43"],
                }
            },
            "messageTraits": {
                "observatoryHeaders": cloudevents_trait(key_version=True),
                "platformHeaders": cloudevents_trait(key_version=False),
            },
            "securitySchemes": {
                "scram": {
                    "type": "scramSha512",
                    "description": "A principal per service and per observatory "
                    "(`observatory-<region>`); ACLs allow each the least it needs",
                }
            },
        },
    }


def render() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"


def bundled() -> dict[str, Any]:
    """The document with each payload's schema put in place of its ``$ref``, and the
    schemas' shared definitions (``$defs``: the code lists) moved to
    ``components.schemas``: what a page that works offline renders."""
    doc = document()
    shared: dict[str, Any] = {}
    for message in doc["components"]["messages"].values():
        path = SCHEMA_DIR.parent / message["payload"]["$ref"]
        schema = json.loads(path.read_text(encoding="utf-8"))
        for name, definition in schema.pop("$defs", {}).items():
            if shared.setdefault(name, definition) != definition:
                raise ValueError(f"two schemas define {name} differently")
        message["payload"] = schema
    doc["components"]["schemas"] = shared
    rebased: dict[str, Any] = json.loads(
        json.dumps(doc).replace('"#/$defs/', '"#/components/schemas/')
    )
    return rebased


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the committed one drifts")
    args = parser.parse_args(argv)
    if args.check:
        if not DOCUMENT.exists() or DOCUMENT.read_text(encoding="utf-8") != render():
            print(f"{DOCUMENT} is out of date (run: make schemas)", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.write_text(render(), encoding="utf-8")
    print(f"wrote {DOCUMENT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

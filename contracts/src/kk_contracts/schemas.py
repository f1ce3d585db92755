"""JSON Schema files of the published events and of the observatories' records, generated
from the models.

``python -m kk_contracts.schemas`` rewrites ``contracts/schemas/``; ``--check`` exits 1 when
the committed files differ from what the models generate (CI runs the check as a test).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kk_contracts.catalogue import CATALOGUE
from kk_contracts.observatory import RECORDS, observatory_topic

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


def file_name(event_type: str, version: int) -> str:
    return f"{event_type}.v{version}.schema.json"


def generate() -> dict[str, str]:
    files: dict[str, str] = {}
    for (event_type, version), model in sorted(CATALOGUE.items()):
        schema = model.model_json_schema()
        schema["$id"] = f"urn:kk:schema:{event_type}:v{version}"
        schema["x-topic"] = str(model.topic)
        schema["x-subject-field"] = model.subject_field
        files[file_name(event_type, version)] = (
            json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        )
    for record in RECORDS:
        schema = record.model_json_schema()
        schema["$id"] = f"urn:kk:schema:{record.record_type}:v1"
        schema["x-topic"] = observatory_topic("{region}", record.entity)
        schema["x-key-field"] = record.key_field
        files[file_name(record.record_type, 1)] = (
            json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        )
    return files


def drift(directory: Path = SCHEMA_DIR) -> list[str]:
    """Names of the schema files that are missing, stale or no longer generated."""
    expected = generate()
    present = {p.name: p.read_text(encoding="utf-8") for p in directory.glob("*.schema.json")}
    stale = [name for name, text in expected.items() if present.get(name) != text]
    orphaned = [name for name in present if name not in expected]
    return sorted(stale + orphaned)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if committed schemas drift")
    args = parser.parse_args(argv)
    if args.check:
        problems = drift()
        for name in problems:
            print(f"schema out of date: {name} (run: make schemas)", file=sys.stderr)
        return 1 if problems else 0
    SCHEMA_DIR.mkdir(exist_ok=True)
    for name, text in generate().items():
        (SCHEMA_DIR / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(CATALOGUE) + len(RECORDS)} schemas to {SCHEMA_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

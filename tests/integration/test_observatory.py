"""The observatory processor on the real broker: killed with SIGKILL in the middle of a
backfill and started again, every region's topics hold each record exactly once, the same
records a replay makes; nothing on them names a person, a platform id or a special
category."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import confluent_kafka
import duckdb
import httpx
import pytest
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from devstack.kafka import free_port
from devstack.processes import ManagedProcess
from devstack.stack import Stack
from kk_contracts import Envelope, IntegrationEvent, Topic, encode_message
from kk_contracts.codes import AgeBand, Axis, Channel, RequestCategory, Sex, VulnerableGroup
from kk_contracts.events.intake import (
    BeneficiaryErased,
    BeneficiaryRegistered,
    BeneficiaryTransferred,
    RequestLogged,
)
from kk_contracts.events.registry import CentreRegistered
from kk_contracts.minimisation import SPECIAL_GROUPS
from kk_contracts.observatory import Entity, observatory_topic
from kk_observatory.adapters.topics import DEAD_LETTERS, state_topics
from kk_observatory.domain.counts import records as monthly_records
from kk_observatory.domain.pseudonyms import Pseudonymiser
from kk_observatory.domain.routing import Router
from kk_observatory.domain.state import State
from servicekit.kafka import librdkafka_config

from tests.support import eventually

pytestmark = pytest.mark.integration

SECRET = "an observatory master secret for this test only"
CENTRES = {"KK-7101": "EL43", "KK-6101": "EL42", "KK-4501": "EL30"}
PEOPLE = 2500
# Months of their own: the counts of other tests' events (this year's) cannot mix in.
FIRST_DAY = date(2016, 5, 2)


def history(rng: random.Random) -> list[Envelope[IntegrationEvent]]:
    """The centres, then people registered, their requests, some moved to another
    region's centre and some erased, each person's events in their order."""
    at = datetime(2016, 5, 2, 9, tzinfo=UTC)
    events: list[IntegrationEvent] = []
    for centre_id, region in CENTRES.items():
        code = centre_id.removeprefix("KK-")
        events.append(
            CentreRegistered(
                centre_id=centre_id,
                name_el="Κέντρο Κοινότητας",
                name_en="Community Centre",
                municipality_code=code,
                regional_unit_code=code[:2],
                region_code=region,
                population=20_000,
                census_year=2021,
                staffing_band=2,
            )
        )
    for n in range(PEOPLE):
        person, centre = uuid4(), rng.choice(list(CENTRES))
        on = FIRST_DAY + timedelta(days=n % 40)
        events.append(
            BeneficiaryRegistered(
                beneficiary_id=person,
                centre_id=centre,
                municipality_code=rng.choice(["7101", "7403", "6101", "6102", "4501"]),
                registered_on=on,
                age_band=rng.choice(list(AgeBand)),
                sex=rng.choice(list(Sex)),
                vulnerable_groups=tuple(rng.sample(list(VulnerableGroup), 2)),
                mgi_recipient=rng.random() < 0.3,
            )
        )
        events.append(
            RequestLogged(
                request_id=uuid4(),
                beneficiary_id=person,
                centre_id=centre,
                axis=Axis.A,
                category=rng.choice(list(RequestCategory)),
                channel=Channel.IN_PERSON,
                logged_on=on,
                due_on=on + timedelta(days=14),
            )
        )
        if n % 10 == 0:
            to = rng.choice([c for c in CENTRES if c != centre])
            events.append(
                BeneficiaryTransferred(
                    beneficiary_id=person, from_centre=centre, to_centre=to, transferred_on=on
                )
            )
            centre = to
        if n % 25 == 0:
            events.append(BeneficiaryErased(beneficiary_id=person, centre_id=centre, erased_on=on))
    return [
        Envelope(uuid4(), "/kk/test", at + timedelta(seconds=i), e) for i, e in enumerate(events)
    ]


def produce_all(bootstrap: str, envelopes: list[Envelope[IntegrationEvent]]) -> None:
    producer = Producer(librdkafka_config(bootstrap, **{"enable.idempotence": True}))
    for envelope in envelopes:
        message = encode_message(envelope)
        producer.produce(
            message.topic, key=message.key, value=message.value, headers=message.headers
        )
    producer.produce(str(Topic.REQUESTS), key=b"x", value=b"{not json", headers=[])
    assert producer.flush(30) == 0


def expected(envelopes: list[Envelope[IntegrationEvent]]) -> dict[str, tuple[str, str, bytes]]:
    """What a replay of these events makes: record id -> (topic, key, value)."""
    router = Router(Pseudonymiser(SECRET.encode(), 1), State())
    records: dict[str, tuple[str, str, bytes]] = {}
    for envelope in envelopes:
        routed, _ = router.route(envelope)
        for index, one in enumerate(routed):
            record_id = router.pseudonyms.record_id(one.region, envelope.id, index)
            topic = observatory_topic(one.region, one.record.entity)
            records[record_id] = (topic, one.record.key(), one.record.model_dump_json().encode())
    router.state.commit()
    for row, counts in router.state.counts.committed.items():
        for record in monthly_records(row, counts):
            topic = observatory_topic(row[0], Entity.MONTHLY)
            records[f"{topic}|{record.cell}"] = (
                topic,
                record.cell,
                record.model_dump_json().encode(),
            )
    return records


def certain(want: dict[str, tuple[str, str, bytes]]) -> set[str]:
    """The ids of the records that every run makes: not the monthly counts, nor the records
    of a person erased (read side by side with the erasure, a record of theirs is made or
    dropped as the topics happen to be read; never after the erasure)."""
    erased = {
        json.loads(value)["person"] for _, _, value in want.values() if b'"erased_on"' in value
    }
    return {
        record_id
        for record_id, (_, _, value) in want.items()
        if "|" not in record_id
        and (b'"erased_on"' in value or json.loads(value).get("person") not in erased)
    }


def read_all(bootstrap: str, topics: list[str]) -> list[Any]:
    consumer = Consumer(
        librdkafka_config(
            bootstrap,
            **{
                "group.id": f"reader-{uuid4()}",
                "enable.auto.commit": False,
                "isolation.level": "read_committed",
            },
        )
    )
    try:
        partitions = [
            TopicPartition(t, p, 0)
            for t in topics
            for p in consumer.list_topics(t, timeout=10).topics[t].partitions
        ]
        ends = {
            (tp.topic, tp.partition): consumer.get_watermark_offsets(tp, 10)[1] for tp in partitions
        }
        consumer.assign(partitions)
        messages: list[Any] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            batch = consumer.consume(10_000, 0.5)
            messages += [m for m in batch if m.error() is None]
            positions = {
                (tp.topic, tp.partition): tp.offset for tp in consumer.position(partitions)
            }
            if all(positions[place] >= end for place, end in ends.items() if end > 0):
                return messages
        raise AssertionError(f"the topics were not read to their end: {positions} {ends}")
    finally:
        consumer.close()


def start(stack: Stack, group: str, **env: str) -> ManagedProcess:
    return ManagedProcess(
        "observatory-worker",
        [sys.executable, "-m", "kk_observatory.worker"],
        {
            **stack.kafka_security("observatory").env(),
            "KAFKA_BOOTSTRAP_SERVERS": stack.bootstrap_servers,
            "OBSERVATORY_MASTER_SECRET": SECRET,
            "OBSERVATORY_GROUP": group,
            "OBSERVATORY_TRANSACTIONAL_ID": group,
            "OBSERVATORY_BATCH_EVENTS": "50",
            # the test's months are long closed: each batch publishes their counts
            "OBSERVATORY_PUBLISH_AT_LEAST": "1",
            **env,
        },
        stack.state_dir / "logs" / f"{group}.log",
    ).start()


def test_a_killed_processor_leaves_each_record_once_and_nothing_identifying(stack: Stack) -> None:
    envelopes = history(random.Random(7))
    want = expected(envelopes)
    produce_all(stack.bootstrap_servers, envelopes)
    group = f"observatory.test-{uuid4().hex[:8]}"  # within the service's ACLs
    topics = [observatory_topic(r, e) for r in sorted(set(CENTRES.values())) for e in Entity]
    ours = certain(want)

    worker = start(stack, group)
    try:
        # killed once some of the backfill's transactions are committed, not all
        eventually(lambda: _offsets(stack, state_topics(group)[0]) > 400, timeout=60, every=0.02)
        worker.kill()
        done = _ours(stack, topics, ours)
        assert done < len(ours), "the backfill ended before the kill: nothing was tested"
        port = free_port()
        worker = start(stack, group, WORKER_METRICS_PORT=str(port))
        eventually(lambda: _ours(stack, topics, ours) >= len(ours), timeout=120)
        # its probes: the loop turns, and it routes
        probes = f"http://127.0.0.1:{port}/health"
        assert httpx.get(f"{probes}/live", timeout=5).status_code == 200
        assert httpx.get(f"{probes}/ready", timeout=5).status_code == 200
        metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        assert "kk_observatory_transactions_total" in metrics
    finally:
        log = worker.log_tail()
        worker.stop()
    messages = read_all(stack.bootstrap_servers, topics)

    ids = Counter(
        dict(m.headers())["ce_id"].decode()
        for m in messages
        if not m.topic().endswith(".monthly.v1")
    )
    repeated = {i: n for i, n in ids.items() if i in ours and n > 1}
    assert not repeated, f"records written twice: {list(repeated.items())[:5]}\n{log}"
    got = {
        dict(m.headers())["ce_id"].decode(): (m.topic(), m.key().decode(), m.value())
        for m in messages
        if not m.topic().endswith(".monthly.v1")
    }
    for record_id in ours:  # the same records as a replay makes, under the same ids
        assert got.get(record_id) == want[record_id], record_id
    monthly = {
        f"{m.topic()}|{m.key().decode()}": (m.topic(), m.key().decode(), m.value())
        for m in messages
        if m.topic().endswith(".monthly.v1")
    }  # the latest of each key, as compaction keeps it
    for cell in (c for c in want if "|" in c):
        assert monthly.get(cell) == want[cell], cell

    platform_ids = {str(e.data.subject()) for e in envelopes}
    special = {str(g) for g in SPECIAL_GROUPS}
    for m in messages:
        text = (m.key() or b"").decode() + (m.value() or b"").decode()
        text += "".join(v.decode() for _, v in m.headers() or ())
        assert not any(i in text for i in platform_ids if len(i) == 36), m.value()
        if not m.topic().endswith(".monthly.v1"):  # special categories: only counted
            assert not _values(json.loads(m.value())) & special, m.value()

    dead = read_all(stack.bootstrap_servers, [DEAD_LETTERS])
    assert any(
        m.value() == b"{not json" and dict(m.headers()).get("dlq_group") == group.encode()
        for m in dead
    ), "the malformed message did not reach the dead-letter topic"


def _values(record: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for value in record.values():
        if isinstance(value, list):
            found |= {str(v) for v in value}
        elif value is not None:
            found.add(str(value))
    return found


def _ours(stack: Stack, topics: list[str], ours: set[str]) -> int:
    ids = {
        dict(m.headers())["ce_id"].decode()
        for m in read_all(stack.bootstrap_servers, topics)
        if not m.topic().endswith(".monthly.v1")
    }
    return len(ids & ours)


def _offsets(stack: Stack, topic: str) -> int:
    """How far a topic has been written (records and transaction markers)."""
    consumer = Consumer(librdkafka_config(stack.bootstrap_servers, **{"group.id": "probe"}))
    try:
        return int(consumer.get_watermark_offsets(TopicPartition(topic, 0), 5)[1])
    except KafkaException:  # not made yet
        return 0
    finally:
        consumer.close()


def _first_error(config: dict[str, Any], *, topic: str, subscribe: bool = False) -> Any:
    """What the broker answers a reader of ``topic``: the first record, or the error."""
    consumer = Consumer({**config, "auto.offset.reset": "earliest", "enable.auto.commit": False})
    try:
        if subscribe:
            consumer.subscribe([topic])
        else:
            consumer.assign([TopicPartition(topic, 0, 0)])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is not None:
                return message.error() or message
        return None
    finally:
        consumer.close()


def test_an_observatory_reads_its_own_region_and_the_broker_refuses_the_rest(
    stack: Stack,
) -> None:
    own = _some_routed_to_crete(stack, seed=8, events=40)
    security = stack.kafka_security("observatory-EL43")
    assert security.sasl, "the local broker authenticates every client"
    analysts = {
        "bootstrap.servers": stack.bootstrap_servers,
        **security.librdkafka(),
        "group.id": "kk.observatory.EL43.analysts",
    }
    record = _first_error(analysts, topic=own, subscribe=True)
    assert record is not None, "nothing read from the region's own topic"
    assert not isinstance(record, KafkaError), record
    assert record.topic() == own

    refused = {
        "another region's topic": _first_error(
            analysts, topic=observatory_topic("EL42", Entity.PEOPLE), subscribe=True
        ),
        "a platform topic": _first_error(analysts, topic=str(Topic.BENEFICIARIES), subscribe=True),
        "another group": _first_error(
            {**analysts, "group.id": "kk.observatory.EL42.analysts"}, topic=own, subscribe=True
        ),
    }
    for what, answer in refused.items():
        assert isinstance(answer, KafkaError), f"{what}: {answer}"
        assert answer.code() in (
            KafkaError.TOPIC_AUTHORIZATION_FAILED,
            KafkaError.GROUP_AUTHORIZATION_FAILED,
        ), f"{what}: {answer}"


def test_an_analysts_duckdb_copy_resumes_and_forgets_the_erased(
    stack: Stack, tmp_path: Path
) -> None:
    envelopes = history(random.Random(9))[:600]
    produce_all(stack.bootstrap_servers, envelopes)
    worker = start(stack, "observatory.routing")
    topics = [observatory_topic("EL43", e) for e in Entity]
    ours = {i for i in certain(expected(envelopes)) if expected(envelopes)[i][0] in topics}
    try:
        eventually(lambda: _ours(stack, topics, ours) >= len(ours), timeout=90)
    finally:
        worker.stop()
    copy = tmp_path / "EL43.duckdb"
    env = {
        **stack.kafka_security("observatory-EL43").env(),
        "KAFKA_BOOTSTRAP_SERVERS": stack.bootstrap_servers,
    }
    sink = [sys.executable, "-m", "kk_observatory.sink", "--region", "EL43", "--to", str(copy)]
    first = subprocess.run(sink, env={**os.environ, **env}, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(sink, env={**os.environ, **env}, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert "0 records read" in again.stderr, "the second run resumed where the first stopped"

    pseudonyms = Pseudonymiser(SECRET.encode(), 1)
    erased = {
        pseudonyms.of("EL43", e.data.beneficiary_id)
        for e in envelopes
        if isinstance(e.data, BeneficiaryErased)
    }
    db = duckdb.connect(str(copy), read_only=True)
    try:
        people = {row[0] for row in db.execute("SELECT person FROM person_registered").fetchall()}
        requests = db.execute("SELECT count(*) FROM request_logged").fetchone()
        months = db.execute("SELECT count(*) FROM monthly_counts").fetchone()
    finally:
        db.close()
    assert people, "the copy holds the region's people"
    assert not people & erased, "an erased person's rows were deleted"
    assert requests is not None
    assert requests[0] > 0, "the copy holds the region's requests"
    assert months is not None
    assert months[0] > 0, "the copy holds the region's monthly counts"


def documented_kcat() -> str:
    """The kcat command line of docs/observatories.md, as an observatory would copy it."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "observatories.md").read_text()
    blocks = [b.split("```", 1)[0] for b in text.split("```sh\n")[1:]]
    [command] = [b for b in blocks if b.lstrip().startswith("kcat -C")]
    return command


def test_kcat_reads_a_regions_stream_with_the_documented_command(
    stack: Stack, tmp_path: Path
) -> None:
    _some_routed_to_crete(stack, seed=10, events=60)
    command = documented_kcat().replace("127.0.0.1:9092", stack.bootstrap_servers)
    security = stack.kafka_security("observatory-EL43")
    assert security.password is not None
    # Debian 12's kcat with the current librdkafka of the confluent-kafka wheel, as the guide
    # tells (its own librdkafka 2.0.2 fails SCRAM against Kafka 4)
    wheel_libs = Path(confluent_kafka.__file__).parent.with_name("confluent_kafka.libs")
    [librdkafka] = wheel_libs.glob("librdkafka-*.so.1")
    (tmp_path / "librdkafka.so.1").symlink_to(librdkafka)
    result = subprocess.run(
        ["bash", "-c", command],
        env={**os.environ, "KAFKA_PASSWORD": security.password, "LD_LIBRARY_PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines, "kcat printed no record"
    key, headers, value = lines[0].split("\t")
    assert len(key) == 43, "the key is the person's pseudonym"
    assert "ce_type=gr.kk.observatory." in headers
    assert json.loads(value)["person"] == key


def _some_routed_to_crete(stack: Stack, *, seed: int, events: int) -> str:
    """Some history produced and routed by the processor; the people topic of EL43, which
    holds some of it."""
    produce_all(stack.bootstrap_servers, history(random.Random(seed))[:events])
    worker = start(stack, "observatory.routing")
    topic = observatory_topic("EL43", Entity.PEOPLE)
    try:
        eventually(lambda: _offsets(stack, topic) > 0, timeout=60)
    finally:
        worker.stop()
    return topic

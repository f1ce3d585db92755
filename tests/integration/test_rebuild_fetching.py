"""A rebuild's fetcher on the real broker: a partition's records from one offset to another,
over many responses, each once and in order; a connection lost under a fetch in flight made
again without losing or repeating a record; and a read given up with a fetch in flight
leaving the fetcher fit for the next."""

from __future__ import annotations

import asyncio
import socket
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaProducer
from devstack.stack import Stack
from kk_reporting.rebuild import fetching
from kk_reporting.rebuild.fetching import kafka_reader
from servicekit.kafka import ensure_topics

pytestmark = pytest.mark.integration
COUNT = 600
VALUES = [f"value {i}".encode() for i in range(COUNT)]
# small responses: a read takes many fetches, each sent before the one before is read
RESPONSE_BYTES = 2048


@pytest.fixture(scope="module")
def topic(stack: Stack) -> str:
    """A topic of its own, with one partition of ``COUNT`` records in batches of dozens."""
    name = f"test.fetching.{uuid4().hex[:8]}"

    async def fill() -> None:
        await ensure_topics(stack.bootstrap_servers, [name], partitions=1)
        producer = AIOKafkaProducer(
            bootstrap_servers=stack.bootstrap_servers, linger_ms=20, max_batch_size=1024
        )
        await producer.start()
        try:
            sent = [await producer.send(name, value, headers=[("n", b"x")]) for value in VALUES]
            await asyncio.gather(*sent)
        finally:
            await producer.stop()

    asyncio.run(fill())
    return name


@pytest.fixture(autouse=True)
def small_responses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetching, "PARTITION_BYTES", RESPONSE_BYTES)


def test_a_range_is_read_once_and_in_order_across_responses(stack: Stack, topic: str) -> None:
    with kafka_reader(stack.bootstrap_servers, "test-fetching", [topic]) as fetcher:
        responses = list(fetcher.records((topic, 0), 37, 555))
        got = [(r.offset, r.value) for _, records in responses for r in records]
    assert got == [(offset, VALUES[offset]) for offset in range(37, 555)]
    assert len(responses) > 5  # (the range took many fetches)
    assert responses[-1][0] == 555  # where the next would begin: the range's end


def test_a_connection_lost_under_a_fetch_is_made_again_and_nothing_lost(
    stack: Stack, topic: str, caplog: pytest.LogCaptureFixture
) -> None:
    with kafka_reader(stack.bootstrap_servers, "test-fetching", [topic]) as fetcher:
        got: list[int] = []
        for i, (_, records) in enumerate(fetcher.records((topic, 0), 0, COUNT)):
            got += [r.offset for r in records]
            if i == 2:  # the next fetch is in flight: its connection goes
                for broker in fetcher._brokers.values():
                    broker._sock.shutdown(socket.SHUT_RDWR)
        assert got == list(range(COUNT))
    assert any("again" in r.getMessage() for r in caplog.records)  # (it was fetched again)


def test_a_read_given_up_with_a_fetch_in_flight_leaves_the_fetcher_whole(
    stack: Stack, topic: str
) -> None:
    with kafka_reader(stack.bootstrap_servers, "test-fetching", [topic]) as fetcher:
        responses = fetcher.records((topic, 0), 0, COUNT)
        first = [r.offset for r in next(responses)[1]]
        responses.close()  # with the next fetch sent, its answer not read
        assert first[0] == 0
        again = [r.value for _, records in fetcher.records((topic, 0), 100, 200) for r in records]
    assert again == VALUES[100:200]

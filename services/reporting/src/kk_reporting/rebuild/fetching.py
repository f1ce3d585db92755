"""Fetching a share of the topics: each partition from one offset to another, a response
(8 MiB of a partition) at a time, read into a reader as it is fetched.

A rebuild reads millions of messages and keeps none of Kafka's objects for them, so it sends
its own fetch requests and reads each response's record batches with aiokafka's record
reader (in C): a record is its offset, headers and value, without the object a consumer
makes of each besides (that object cost more than the batch's own reading; the bench
report has the figures). Each record is made only when the reader comes to it, and
gone when it is counted: made all at once, a response's records (some fifty megabytes of
small objects) would no longer be in the processor's caches by the time each is read.

The requests go through blocking connections of its own (aiokafka's protocol classes encode
and decode them), in the thread that reads: a response is received whole into one buffer,
the interpreter's lock let go meanwhile. Through an event loop in a thread beside it, each
response came in a few hundred pieces, each taken from the reading by the lock and copied
on. The next fetch is sent before a response is read into the
tallies, so that Kafka answers meanwhile.
"""

from __future__ import annotations

import io
import logging
import socket
import struct
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import aiokafka.errors as errors
from aiokafka import TopicPartition
from aiokafka.cluster import ClusterMetadata
from aiokafka.conn import collect_hosts
from aiokafka.protocol.admin import ApiVersionRequest
from aiokafka.protocol.api import Request
from aiokafka.protocol.fetch import FetchRequest
from aiokafka.protocol.metadata import MetadataRequest
from aiokafka.record.memory_records import MemoryRecords

from kk_reporting.rebuild.reader import Reader
from kk_reporting.rebuild.shares import Partition, Share

log = logging.getLogger(__name__)
PARTITION_BYTES = 8 * 1024 * 1024  # fetched of a partition at a time
WAIT_MS = 500  # the most a fetch waits for its first byte
TIMEOUT_S = 40.0  # the most a request waits for its response (aiokafka's default too)
# A leader's change, a broker restarting, a connection lost: fetched again, after a pause,
# this many times at most.
ATTEMPTS = 10
BACKOFF_S = 0.2
_SIZE = struct.Struct(">i")


def read_share(
    bootstrap_servers: str,
    client_id: str,
    share: Share,
    reader: Reader,
    advanced: Callable[[int], None],
) -> None:
    """Reads the share's partitions from its begin to its end offsets into ``reader``."""
    started = time.monotonic()
    reader.outcome.next_offsets.update(share.begin)
    if share.size:
        topics = sorted({topic for topic, _ in share.begin})
        with kafka_reader(bootstrap_servers, client_id, topics) as fetcher:
            read_into(fetcher, share, reader, advanced)
    reader.outcome.seconds["reading"] = time.monotonic() - started


class Broker:
    """A blocking connection to one broker, one request on it at a time, in the versions
    both sides know."""

    def __init__(self, host: str, port: int, client_id: str) -> None:
        self.address = f"{host}:{port}"
        self.client_id = client_id
        try:
            self._sock = socket.create_connection((host, port), timeout=TIMEOUT_S)
        except OSError as exc:
            raise errors.KafkaConnectionError(f"no connection to {self.address}: {exc}") from exc
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._correlation = 0
        self._versions: dict[int, tuple[int, int]] = {}
        try:
            known = self.receive(self.send(ApiVersionRequest()))
            if errors.for_code(known.error_code) is not errors.NoError:
                raise errors.for_code(known.error_code)(f"API versions of {self.address}")
        except BaseException:
            self.close()
            raise
        self._versions = {key: (low, high) for key, low, high in known.api_versions}

    def send(self, request: Request[Any]) -> tuple[int, Any]:
        """Sends ``request``; what ``receive`` needs to read its response."""
        sent = request.prepare(self._versions)
        self._correlation = (self._correlation + 1) % 2**31
        header = sent.build_request_header(
            correlation_id=self._correlation, client_id=self.client_id
        )
        message = header.encode() + sent.encode()
        try:
            self._sock.sendall(_SIZE.pack(len(message)) + message)
        except OSError as exc:
            raise errors.KafkaConnectionError(f"sending to {self.address}: {exc}") from exc
        return self._correlation, sent

    def receive(self, sent: tuple[int, Any]) -> Any:
        """The response to a request ``send`` sent, read whole."""
        correlation, request = sent
        try:
            (size,) = _SIZE.unpack(self._exactly(4))
            frame = io.BytesIO(self._exactly(size))
        except OSError as exc:
            raise errors.KafkaConnectionError(f"receiving from {self.address}: {exc}") from exc
        header = request.parse_response_header(frame)
        if header.correlation_id != correlation:
            raise errors.CorrelationIdError(
                f"{self.address} answered {header.correlation_id}, not {correlation}"
            )
        return request.RESPONSE_TYPE.decode(frame)

    def _exactly(self, size: int) -> bytearray:
        buffer = bytearray(size)
        view, got = memoryview(buffer), 0
        while got < size:
            n = self._sock.recv_into(view[got:])
            if not n:
                raise ConnectionResetError("the broker closed the connection")
            got += n
        return buffer

    def close(self) -> None:
        self._sock.close()


class Fetcher:
    """Fetches a partition's records, a response at a time, from its leader."""

    def __init__(self, bootstrap_servers: str, client_id: str, topics: Sequence[str]) -> None:
        self.bootstrap = [(host, port) for host, port, _ in collect_hosts(bootstrap_servers)]
        self.client_id = client_id
        self.topics = list(topics)
        self.cluster = ClusterMetadata()
        self._brokers: dict[int, Broker] = {}
        self.refresh()

    def refresh(self) -> None:
        """Where each partition's leader is, from the first broker that answers."""
        known = [(b.host, b.port) for b in self.cluster.brokers()] + self.bootstrap
        failed: Exception | None = None
        for host, port in known:
            try:
                broker = Broker(host, port, self.client_id)
            except errors.KafkaError as exc:
                failed = exc
                continue
            try:
                request = MetadataRequest(self.topics, allow_auto_topic_creation=False)
                self.cluster.update_metadata(broker.receive(broker.send(request)))
                return
            except errors.KafkaError as exc:
                failed = exc
            finally:
                broker.close()
        raise errors.KafkaConnectionError(f"no broker of {known} answered: {failed}")

    def records(
        self, partition: Partition, begin: int, end: int
    ) -> Generator[tuple[int, Iterator[Any]], None, None]:
        """From ``begin`` up to (not including) ``end``: per response, where the next one
        begins and its records (each with ``offset``, ``headers``, ``value``), each read
        from the response when it is wanted."""
        offset, empty = begin, 0
        pending = self._send(partition, offset)
        try:
            while offset < end:
                data, pending = self._receive(pending, partition, offset), None
                batches, nxt = _batches_of(data, partition, offset, end)
                empty = empty + 1 if nxt == offset else 0
                if empty == ATTEMPTS:
                    raise errors.KafkaError(
                        f"{partition[0]}[{partition[1]}] gives no record at {offset},"
                        f" before its end {end}"
                    )
                if empty:  # nothing there yet (a leader behind): asked again, after a pause
                    time.sleep(BACKOFF_S)
                got = _records_in(batches, offset, end)
                offset = nxt
                if offset < end:
                    pending = self._send(partition, offset)
                yield offset, got
        finally:
            if pending is not None:  # its answer would be read as the next one's
                self._drop(pending[0])

    def _send(self, partition: Partition, offset: int) -> tuple[int, tuple[int, Any]] | None:
        """A fetch at ``offset`` sent to the partition's leader (None if it could not be:
        ``_receive`` tries again)."""
        topic, number = partition
        leader = self.cluster.leader_for_partition(TopicPartition(topic, number))
        if leader is None or leader < 0:
            return None
        request = FetchRequest(
            WAIT_MS, 1, PARTITION_BYTES, 0, [(topic, [(number, offset, PARTITION_BYTES)])]
        )
        try:
            return leader, self._broker(leader).send(request)
        except errors.KafkaError as exc:
            log.warning("fetching %s[%s] again: %s", topic, number, exc)
            self._drop(leader)
            return None

    def _receive(
        self, pending: tuple[int, tuple[int, Any]] | None, partition: Partition, offset: int
    ) -> bytes:
        """The record batches a fetch at ``offset`` gave; fetched again, after a pause,
        while the error is one that passes."""
        topic, number = partition
        for attempt in range(ATTEMPTS):
            try:
                if pending is None:
                    raise errors.LeaderNotAvailableError(f"no leader known for {topic}[{number}]")
                leader, sent = pending
                try:
                    broker = self._brokers.get(leader)
                    if broker is None:
                        raise errors.KafkaConnectionError(f"no connection to broker {leader}")
                    response = broker.receive(sent)
                except errors.KafkaError:
                    self._drop(leader)
                    raise
                ((_, ((_, code, _, *_, data),)),) = response.topics
                error = errors.for_code(code)
                if error is not errors.NoError:
                    raise error(f"fetching {topic}[{number}] at {offset}")
                return data or b""
            except errors.KafkaError as exc:
                if not exc.retriable or attempt == ATTEMPTS - 1:
                    raise
                log.warning("fetching %s[%s] again: %s", topic, number, exc)
                time.sleep(BACKOFF_S)
                try:
                    self.refresh()
                except errors.KafkaError as lost:
                    log.warning("finding %s[%s]'s leader: %s", topic, number, lost)
                pending = self._send(partition, offset)
        raise AssertionError("unreachable")

    def _broker(self, node: int) -> Broker:
        broker = self._brokers.get(node)
        if broker is None:
            found = self.cluster.broker_metadata(node)
            if found is None:
                raise errors.LeaderNotAvailableError(f"broker {node} is not known")
            broker = self._brokers[node] = Broker(found.host, found.port, self.client_id)
        return broker

    def _drop(self, node: int) -> None:
        broker = self._brokers.pop(node, None)
        if broker is not None:
            broker.close()

    def close(self) -> None:
        for node in list(self._brokers):
            self._drop(node)


def _batches_of(data: bytes, partition: Partition, offset: int, end: int) -> tuple[list[Any], int]:
    """The record batches of a response that hold records from ``offset`` (a batch may
    begin before it) up to ``end``, each one's checksum checked; and where the next fetch
    begins. Their records are not read yet."""
    got: list[Any] = []
    nxt = offset
    batches = MemoryRecords(data)
    while batches.has_next():
        batch = batches.next_batch()
        if batch is None:  # (a batch cut short at the response's end: fetched again)
            break
        if not batch.validate_crc():
            raise errors.CorruptRecordException(f"invalid CRC in {partition[0]}[{partition[1]}]")
        if not batch.is_control_batch and batch.next_offset > offset and batch.base_offset < end:
            got.append(batch)
        nxt = max(nxt, batch.next_offset)
    return got, min(nxt, end)


def _records_in(batches: list[Any], offset: int, end: int) -> Iterator[Any]:
    """The batches' records from ``offset`` up to ``end``, each read when it is wanted: a
    batch wholly inside is read by the record reader alone."""
    for batch in batches:
        if offset <= batch.base_offset and batch.next_offset <= end:
            yield from batch
        else:
            yield from (r for r in batch if offset <= r.offset < end)


@contextmanager
def kafka_reader(
    bootstrap_servers: str, client_id: str, topics: Sequence[str]
) -> Iterator[Fetcher]:
    """A fetcher of ``topics``' partitions, their leaders known."""
    fetcher = Fetcher(bootstrap_servers, client_id, topics)
    try:
        yield fetcher
    finally:
        fetcher.close()


def read_into(
    fetcher: Fetcher, share: Share, reader: Reader, advanced: Callable[[int], None]
) -> None:
    """Reads the share's partitions into ``reader``, one after another, a response at a
    time; ``advanced`` is told how many offsets each took it on."""
    nexts = reader.outcome.next_offsets
    nexts.update(share.begin)
    for partition, begin in share.begin.items():
        if share.end[partition] <= begin:
            continue
        responses = fetcher.records(partition, begin, share.end[partition])
        try:
            for nxt, records in responses:
                reader.take(partition, records)
                advanced(nxt - nexts[partition])
                nexts[partition] = nxt
        finally:
            responses.close()  # (its fetch in flight dropped, whatever happens)

"""The correlation id of the work in hand, from an HTTP request or a Kafka message."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

HEADER = "X-Correlation-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_current: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def current() -> str | None:
    return _current.get()


def accept_or_new(candidate: str | None) -> str:
    """Keeps a caller's well-formed id so a trace spans systems; otherwise makes one."""
    if candidate and _VALID.match(candidate):
        return candidate
    return uuid.uuid4().hex


@contextmanager
def bound(correlation_id: str | None) -> Iterator[None]:
    token = _current.set(correlation_id)
    try:
        yield
    finally:
        _current.reset(token)

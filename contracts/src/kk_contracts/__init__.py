"""The published language of the Community Centres platform.

Everything two services agree on about the domain lives here: the integration events
(versioned, frozen pydantic models), their CloudEvents envelope on Kafka, the topic names
and the coded values that published events may carry. Published events carry pseudonymous
ids and coded facts only: never names, AMKA, AFM, contact details or free text.
"""

from kk_contracts.base import IntegrationEvent
from kk_contracts.catalogue import CATALOGUE, UnknownEventTypeError, model_for
from kk_contracts.envelope import (
    ContractViolationError,
    Envelope,
    decode_message,
    encode_message,
)
from kk_contracts.topics import Topic, dead_letter_topic

__all__ = [
    "CATALOGUE",
    "ContractViolationError",
    "Envelope",
    "IntegrationEvent",
    "Topic",
    "UnknownEventTypeError",
    "dead_letter_topic",
    "decode_message",
    "encode_message",
    "model_for",
]

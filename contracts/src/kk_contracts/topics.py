"""Kafka topic names, defined once for every producer and consumer."""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    """One topic per aggregate stream; the key of every message is the aggregate id."""

    CENTRES = "kk.registry.centres.v1"
    BODIES = "kk.registry.bodies.v1"
    PROGRAMMES = "kk.registry.programmes.v1"
    BENEFICIARIES = "kk.intake.beneficiaries.v1"
    REQUESTS = "kk.intake.requests.v1"
    REFERRALS = "kk.referral.referrals.v1"
    ENROLMENTS = "kk.referral.enrolments.v1"


def dead_letter_topic(consumer: str) -> str:
    """The dead-letter topic of one consuming service (e.g. ``kk.dlq.reporting``)."""
    return f"kk.dlq.{consumer}"

"""Who may do what on the platform's Kafka: one principal per service and per regional
observatory, each with the least it needs, and the step that makes topics, users and ACLs
(idempotent: run at every start, it changes only what is missing).

The broker denies whatever no ACL allows (``StandardAuthorizer``,
``allow.everyone.if.no.acl.found=false``); ``admin`` (a super user) runs this step and
nothing else. Kubernetes gets the same ACLs as ``KafkaUser`` resources.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient
from confluent_kafka.admin._acl import AclBinding, AclOperation, AclPermissionType
from confluent_kafka.admin._resource import ResourcePatternType, ResourceType
from confluent_kafka.admin._scram import (
    ScramCredentialInfo,
    ScramMechanism,
    UserScramCredentialAlteration,
    UserScramCredentialUpsertion,
)
from kk_contracts import Topic, dead_letter_topic
from kk_contracts.observatory import observatory_prefix
from kk_contracts.reference import regions
from kk_observatory.adapters.topics import wanted as observatory_topics
from servicekit.kafka import KEPT, create_missing_topics, librdkafka_config

log = logging.getLogger(__name__)

ADMIN = "admin"
SCRAM_ITERATIONS = 8192
LITERAL, PREFIXED = ResourcePatternType.LITERAL, ResourcePatternType.PREFIXED
# The observatory service's own state: written and read back by it alone.
OBSERVATORY_STATE = "kk.observatory-state."


@dataclass(frozen=True)
class Access:
    """What one principal may do: topics it writes (``writes``) and reads (``reads``), as
    names or as prefixes ending in a dot; the consumer groups and transactional ids it may
    use, as prefixes."""

    writes: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    transactions: tuple[str, ...] = ()
    creates: tuple[str, ...] = ()  # topic prefixes it may make (its own state's)


def _service(name: str, writes: tuple[str, ...], reads: tuple[Topic, ...]) -> Access:
    return Access(
        writes=(*writes, dead_letter_topic(name)),
        reads=tuple(str(t) for t in reads),
        groups=(name,),
    )


PLATFORM_TOPICS = (
    Topic.CENTRES,
    Topic.BENEFICIARIES,
    Topic.REQUESTS,
    Topic.REFERRALS,
    Topic.ENROLMENTS,
)
SERVICES: dict[str, Access] = {
    "registry": _service(
        "registry", ("kk.registry.",), (Topic.CENTRES, Topic.BODIES, Topic.PROGRAMMES)
    ),
    "intake": _service(
        "intake",
        ("kk.intake.",),
        (Topic.CENTRES, Topic.PROGRAMMES, Topic.REQUESTS, Topic.BENEFICIARIES),
    ),
    "referral": _service(
        "referral",
        ("kk.referral.",),
        (
            Topic.REQUESTS,
            Topic.ENROLMENTS,
            Topic.BENEFICIARIES,
            Topic.REFERRALS,
            Topic.BODIES,
            Topic.PROGRAMMES,
            Topic.CENTRES,
        ),
    ),
    "reporting": _service("reporting", (), PLATFORM_TOPICS),
    "observatory": Access(
        writes=("kk.observatory.", OBSERVATORY_STATE, dead_letter_topic("observatory")),
        reads=(*(str(t) for t in PLATFORM_TOPICS), OBSERVATORY_STATE),
        groups=("observatory",),
        transactions=("observatory",),
        creates=(OBSERVATORY_STATE,),
    ),
}


def observatory_principal(region: str) -> str:
    return f"observatory-{region}"


def observatories() -> dict[str, Access]:
    """Each region's observatory reads its own topics, in groups named after them."""
    return {
        observatory_principal(region): Access(
            reads=(observatory_prefix(region),), groups=(observatory_prefix(region),)
        )
        for region in regions()
    }


def principals() -> dict[str, Access]:
    return {**SERVICES, **observatories()}


def password_variable(principal: str) -> str:
    """Where a principal's password is kept among the secrets (``KAFKA_PASSWORD_INTAKE``)."""
    return "KAFKA_PASSWORD_" + principal.upper().replace("-", "_")


def _pattern(name: str) -> tuple[str, ResourcePatternType]:
    return (name, PREFIXED) if name.endswith((".", "-")) else (name, LITERAL)


def bindings(principal: str, access: Access) -> list[AclBinding]:
    """The ACLs that give ``principal`` its ``access``, and nothing more."""
    user, allow = f"User:{principal}", AclPermissionType.ALLOW
    acls: list[AclBinding] = []

    def grant(
        kind: ResourceType,
        name: str,
        pattern: ResourcePatternType,
        operations: Iterable[AclOperation],
    ) -> None:
        acls.extend(AclBinding(kind, name, pattern, user, "*", op, allow) for op in operations)

    for topic in access.writes:
        grant(ResourceType.TOPIC, *_pattern(topic), (AclOperation.WRITE, AclOperation.DESCRIBE))
    for topic in access.reads:
        grant(ResourceType.TOPIC, *_pattern(topic), (AclOperation.READ, AclOperation.DESCRIBE))
    for prefix in access.creates:
        grant(ResourceType.TOPIC, prefix, PREFIXED, (AclOperation.CREATE,))
    for group in access.groups:
        grant(ResourceType.GROUP, group, PREFIXED, (AclOperation.READ, AclOperation.DESCRIBE))
    for transactional_id in access.transactions:
        grant(
            ResourceType.TRANSACTIONAL_ID,
            transactional_id,
            PREFIXED,
            (AclOperation.WRITE, AclOperation.DESCRIBE),
        )
    return acls


def topics() -> dict[str, dict[str, Any]]:
    """Every topic of the platform: partitions and settings."""
    made: dict[str, dict[str, Any]] = {str(t): {"partitions": 3, "config": KEPT} for t in Topic}
    for name in SERVICES:
        made[dead_letter_topic(name)] = {"partitions": 3, "config": KEPT}
    for name, config in observatory_topics().items():
        made.setdefault(name, {"partitions": 1, "config": config})
    return made


def provision(
    admin: AdminClient,
    topics: dict[str, dict[str, Any]],
    passwords: dict[str, str],
) -> None:
    """Makes what is missing: ``topics`` (name -> partitions and config), a SCRAM user
    per principal with its password, and every principal's ACLs."""
    create_missing_topics(admin, topics)
    _users(admin, passwords)
    wanted = list(  # a principal that reads and writes a topic describes it once
        dict.fromkeys(
            acl for name, access in principals().items() for acl in bindings(name, access)
        )
    )
    for future in admin.create_acls(wanted, request_timeout=30).values():
        future.result()  # creating an ACL that exists changes nothing
    log.info("kafka: %d topics, %d users, %d ACLs", len(topics), len(passwords), len(wanted))


def _users(admin: AdminClient, passwords: dict[str, str]) -> None:
    """Each principal's SCRAM credentials, set to its password (again, if it changed)."""
    info = ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS)
    upserts: list[UserScramCredentialAlteration] = [
        UserScramCredentialUpsertion(user, info, pw.encode()) for user, pw in passwords.items()
    ]
    for future in admin.alter_user_scram_credentials(upserts, request_timeout=30).values():
        future.result()


def when_ready(step: Callable[[], object], *, attempts: int = 60, pause: float = 1.0) -> None:
    """``step``, tried again while the broker answers with errors (it may still be
    starting); the last error is raised."""
    for attempt in range(attempts):
        try:
            step()
            return
        except KafkaException:
            if attempt == attempts - 1:
                raise
            time.sleep(pause)


def main() -> int:
    """``python -m devstack.access``: the admin step against the Kafka the environment names
    (``KAFKA_BOOTSTRAP_SERVERS``, the admin's ``KAFKA_USERNAME``/``KAFKA_PASSWORD`` and the
    rest as for any client), each principal's password from ``KAFKA_PASSWORD_<PRINCIPAL>``
    (e.g. ``KAFKA_PASSWORD_OBSERVATORY_EL43``): what compose's kafka-setup container runs."""
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    missing = [password_variable(n) for n in principals() if password_variable(n) not in os.environ]
    if not bootstrap or missing:
        print(
            f"set KAFKA_BOOTSTRAP_SERVERS and {', '.join(missing) or 'the passwords'}",
            file=sys.stderr,
        )
        return 2
    passwords = {name: os.environ[password_variable(name)] for name in principals()}
    admin = AdminClient(librdkafka_config(bootstrap))
    when_ready(lambda: provision(admin, topics(), passwords), pause=2.0)
    print(f"kafka: {len(topics())} topics, {len(passwords)} users and their ACLs in place")
    return 0


if __name__ == "__main__":
    sys.exit(main())

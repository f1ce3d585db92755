"""The whole platform on this machine: infrastructure, secrets, services."""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from confluent_kafka.admin import AdminClient
from servicekit.kafka import KafkaSecurity, create_missing_topics, librdkafka_config

from devstack import access
from devstack.identity import IdentityProvider
from devstack.kafka import KafkaBroker, free_port
from devstack.paths import STATE_DIR
from devstack.postgres import start_embedded, stop_embedded
from devstack.processes import ManagedProcess, ServiceSpec, wait_ready

SECRETS: dict[str, Callable[[], str]] = {
    "JWT_SECRET": lambda: secrets.token_urlsafe(48),
    "INTAKE_CIPHER_KEY": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
    "INTAKE_PSEUDONYM_KEY": lambda: secrets.token_urlsafe(48),
    "REFERRAL_CIPHER_KEY": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
    "REFERRAL_LINK_KEY": lambda: secrets.token_urlsafe(48),
    "KEYCLOAK_ADMIN_PASSWORD": lambda: secrets.token_urlsafe(24),
    "KK_DEV_USERS_PASSWORD": lambda: secrets.token_urlsafe(9),
    "OIDC_CLIENT_SECRET": lambda: secrets.token_urlsafe(32),
    "WORKSPACE_SESSION_KEY": lambda: secrets.token_urlsafe(48),
    "OBSERVATORY_MASTER_SECRET": lambda: secrets.token_urlsafe(48),
    "KAFKA_ADMIN_PASSWORD": lambda: secrets.token_urlsafe(24),
    "KAFKA_CONTROLLER_PASSWORD": lambda: secrets.token_urlsafe(24),
    **{
        access.password_variable(name): lambda: secrets.token_urlsafe(24)
        for name in access.principals()
    },
}
# Kept out of the services' environment: each gets its own Kafka password only.
KAFKA_PASSWORDS = (
    "KAFKA_ADMIN_PASSWORD",
    "KAFKA_CONTROLLER_PASSWORD",
    *(access.password_variable(name) for name in access.principals()),
)


def load_or_create_secrets(path: Path) -> dict[str, str]:
    """Development secrets, made once per state folder and kept in ``secrets.env``; a
    secret added by a newer version of the platform is made and added on the next start."""
    values: dict[str, str] = {}
    if path.exists():
        pairs = (
            line.removeprefix("export ").split("=", 1) for line in path.read_text().split("\n")
        )
        values = {k: v for k, v in (p for p in pairs if len(p) == 2)}
    missing = {name: make() for name, make in SECRETS.items() if name not in values}
    if missing or not path.exists():
        values |= missing
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"export {k}={v}\n" for k, v in values.items()))
        path.chmod(0o600)
    return values


@dataclass
class Stack:
    state_dir: Path
    kafka_port: int = 9092
    kafka_controller_port: int = 9093
    delete_database_on_exit: bool = False
    external_database_url: str | None = None
    external_bootstrap_servers: str | None = None
    external_issuer: str | None = None
    identity_port: int = 8080
    database_url: str = ""
    bootstrap_servers: str = ""
    issuer: str = ""
    broker: KafkaBroker | None = None
    identity: IdentityProvider | None = None
    secrets: dict[str, str] = field(default_factory=dict)
    processes: list[ManagedProcess] = field(default_factory=list)

    @property
    def pg_dir(self) -> Path:
        return self.state_dir / "postgres"

    def start_infrastructure(self) -> None:
        self.secrets = load_or_create_secrets(self.state_dir / "secrets.env")
        self.issuer = self.external_issuer or ""
        if self.issuer and os.environ.get("OIDC_CLIENT_SECRET"):
            # the workspace's client at that provider, not the local one's
            self.secrets["OIDC_CLIENT_SECRET"] = os.environ["OIDC_CLIENT_SECRET"]
        if not self.issuer:
            # Keycloak takes the longest to start: it starts first, and is waited for last.
            self.identity = IdentityProvider(
                self.state_dir / "keycloak",
                self.identity_port,
                admin_password=self.secrets["KEYCLOAK_ADMIN_PASSWORD"],
                users_password=self.secrets["KK_DEV_USERS_PASSWORD"],
                client_secret=self.secrets["OIDC_CLIENT_SECRET"],
            )
            self.identity.launch()
            self.issuer = self.identity.issuer
        self.database_url = self.external_database_url or start_embedded(
            self.pg_dir, delete_on_exit=self.delete_database_on_exit
        )
        self.bootstrap_servers = self.external_bootstrap_servers or ""
        if not self.bootstrap_servers:
            self.broker = KafkaBroker(
                self.state_dir / "kafka",
                self.kafka_port,
                self.kafka_controller_port,
                admin_password=self.secrets["KAFKA_ADMIN_PASSWORD"],
                controller_password=self.secrets["KAFKA_CONTROLLER_PASSWORD"],
            )
            self.broker.start()
            self.bootstrap_servers = self.broker.bootstrap_servers
            self._provision()
        else:  # a Kafka of someone else's: its topics made, as the environment's user
            admin = AdminClient(librdkafka_config(self.bootstrap_servers))
            access.when_ready(lambda: create_missing_topics(admin, access.topics()))
        if self.identity:
            self.identity.wait_ready()

    def _provision(self) -> None:
        """Topics, users and ACLs, as the admin; the broker may still be starting."""
        config = {
            "bootstrap.servers": self.bootstrap_servers,
            **self.kafka_security(access.ADMIN).librdkafka(),
        }
        passwords = {
            name: self.secrets[access.password_variable(name)] for name in access.principals()
        }
        admin = AdminClient(config)
        access.when_ready(lambda: access.provision(admin, access.topics(), passwords))

    def kafka_security(self, principal: str) -> KafkaSecurity:
        """How ``principal`` connects to the local broker; to another Kafka, as this
        process' environment says."""
        if self.broker is None:
            return KafkaSecurity.from_env()
        variable = (
            "KAFKA_ADMIN_PASSWORD"
            if principal == access.ADMIN
            else access.password_variable(principal)
        )
        return KafkaSecurity(
            self.broker.client_protocol,
            username=principal,
            password=self.secrets[variable],
            ca_file=str(self.broker.tls.ca_file) if self.broker.tls else None,
        )

    def service_env(self, principal: str | None = None, **extra: str) -> dict[str, str]:
        """A process' environment; ``principal``: the Kafka user it connects as."""
        kafka = self.kafka_security(principal).env() if principal else {}
        return {
            "DATABASE_URL": self.database_url,
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
            "OIDC_ISSUER": self.issuer,
            **{k: v for k, v in self.secrets.items() if k not in KAFKA_PASSWORDS},
            **kafka,
            **extra,
        }

    def start_api(
        self,
        spec: ServiceSpec,
        *,
        port: int | None = None,
        worker_mode: str = "embedded",
        **extra_env: str,
    ) -> tuple[ManagedProcess, str]:
        port = port or spec.port
        process = ManagedProcess(
            spec.name,
            spec.api_command(port),
            self.service_env(_principal(spec), WORKER_MODE=worker_mode, **extra_env),
            self.state_dir / "logs" / f"{spec.name}.log",
        ).start()
        self.processes.append(process)
        url = f"http://127.0.0.1:{port}"
        wait_ready(process, url)
        return process, url

    def start_worker(self, spec: ServiceSpec, **extra_env: str) -> ManagedProcess:
        process = ManagedProcess(
            f"{spec.name}-worker",
            spec.worker_command(),
            self.service_env(_principal(spec), **extra_env),
            self.state_dir / "logs" / f"{spec.name}-worker.log",
        ).start()
        self.processes.append(process)
        return process

    def run_once(self, name: str, command: list[str], principal: str | None = None) -> None:
        process = ManagedProcess(
            name,
            command,
            self.service_env(principal),
            self.state_dir / "logs" / f"{name}.log",
        ).start()
        assert process.process is not None
        if process.process.wait() != 0:
            raise RuntimeError(f"{name} failed:\n{process.log_tail()}")

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()
        if self.broker:
            self.broker.stop()
        if self.identity:
            self.identity.stop()
        if not self.external_database_url:
            stop_embedded(self.pg_dir)


@contextmanager
def throwaway_stack(prefix: str) -> Iterator[Stack]:
    """Kafka and PostgreSQL in a fresh folder on free ports, deleted afterwards: for test
    sessions and benchmarks, which must never touch the data of ``make run``."""
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    state = Path(tempfile.mkdtemp(prefix=prefix, dir=STATE_DIR))
    stack = Stack(
        state,
        kafka_port=free_port(),
        kafka_controller_port=free_port(),
        identity_port=free_port(),
        delete_database_on_exit=True,
    )
    before = dict(os.environ)
    try:
        stack.start_infrastructure()
        # the session's own clients (test helpers, benchmarks) connect as the admin
        os.environ.update(stack.kafka_security(access.ADMIN).env())
        yield stack
    finally:
        os.environ.clear()
        os.environ.update(before)
        stack.stop()
        if os.environ.get("KK_KEEP_TEST_STATE"):
            print(f"state kept for inspection: {state}")
        else:
            shutil.rmtree(state, ignore_errors=True)


def _principal(spec: ServiceSpec) -> str | None:
    """The Kafka user a service connects as (the workspace does not connect)."""
    return spec.name if spec.name in access.SERVICES else None

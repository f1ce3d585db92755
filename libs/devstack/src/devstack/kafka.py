"""A single-node Apache Kafka 4.1 broker (KRaft, combined broker + controller) on loopback,
assembled from Maven Central with ``mvn`` and run on the machine's Java."""

from __future__ import annotations

import base64
import hashlib
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from devstack.paths import KAFKA_LOG4J, KAFKA_POM, STATE_DIR
from devstack.processes import stop_group

JVM_FLAGS = [
    "-Xms256m",
    "-Xmx512m",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true",
]

SERVER_PROPERTIES = """\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{controller_port}
listeners=CLIENT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
advertised.listeners=CLIENT://127.0.0.1:{port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=CLIENT
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENT:{client_protocol}
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=\
org.apache.kafka.common.security.scram.ScramLoginModule required \
username="admin" password="{admin_password}";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=\
org.apache.kafka.common.security.plain.PlainLoginModule required \
username="controller" password="{controller_password}" \
user_controller="{controller_password}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin;User:controller
log.dirs={data_dir}
num.partitions=3
default.replication.factor=1
log.retention.ms=-1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
log.cleaner.dedupe.buffer.size=16777216
"""
# With TLS on the client listener: the broker's key and certificate chain, and the CA that
# the broker itself (as its own inter-broker client) trusts, all PEM.
TLS_PROPERTIES = """\
listener.name.client.ssl.keystore.type=PEM
listener.name.client.ssl.keystore.location={keystore}
ssl.truststore.type=PEM
ssl.truststore.location={ca_file}
ssl.endpoint.identification.algorithm=https
"""


class KafkaStartError(RuntimeError):
    pass


def java() -> str:
    found = shutil.which("java")
    if not found:
        raise KafkaStartError("Java 17+ is needed to run Kafka: install openjdk-17-jre-headless")
    return found


def assemble(lib_dir: Path | None = None) -> Path:
    """Fills ``lib_dir`` with the broker's jars from Maven Central, once per pom version."""
    lib_dir = lib_dir or STATE_DIR / "kafka" / "lib"
    stamp = lib_dir / ".pom-sha256"
    digest = hashlib.sha256(KAFKA_POM.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and any(lib_dir.glob("kafka_2.13-*.jar")):
        return lib_dir
    mvn = shutil.which("mvn")
    if not mvn:
        raise KafkaStartError("Maven is needed to assemble Kafka: install maven")
    print("Kafka: assembling the broker from Maven Central (first run only)…", flush=True)
    if lib_dir.exists():
        shutil.rmtree(lib_dir)
    lib_dir.mkdir(parents=True)
    subprocess.run(
        [
            mvn,
            "-B",
            "-q",
            "-f",
            str(KAFKA_POM),
            "dependency:copy-dependencies",
            f"-Dkafka.lib.dir={lib_dir}",
        ],
        check=True,
    )
    stamp.write_text(digest)
    print(f"Kafka: {len(list(lib_dir.glob('*.jar')))} jars in {lib_dir}", flush=True)
    return lib_dir


def new_cluster_id() -> str:
    """16 random bytes, URL-safe base64 without padding, never starting with '-' (a
    command-line tool would read it as an option; Kafka's own Uuid.randomUuid avoids it too)."""
    while True:
        raw = base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")
        if not raw.startswith("-"):
            return raw


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass(frozen=True)
class BrokerTls:
    """The broker's PEM key and certificate chain in one file, and the CA that signed it."""

    keystore: Path
    ca_file: Path


@dataclass
class KafkaBroker:
    """Clients authenticate with SASL/SCRAM-SHA-512 (over TLS with ``tls``) and are
    authorised by ACLs; ``admin``, a super user made when the storage is formatted, makes
    the other users and their ACLs (``devstack.access``)."""

    home: Path
    port: int = 9092
    controller_port: int = 9093
    admin_password: str = ""
    controller_password: str = ""
    tls: BrokerTls | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def client_protocol(self) -> str:
        return "SASL_SSL" if self.tls else "SASL_PLAINTEXT"

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.home / "broker.log"

    def start(self, *, timeout: float = 120.0) -> None:
        if _port_open(self.port):
            raise KafkaStartError(
                f"port {self.port} is taken: stop what runs there, or set "
                "KAFKA_BOOTSTRAP_SERVERS to use that Kafka instead"
            )
        if not (self.admin_password and self.controller_password):
            raise KafkaStartError("the broker needs its admin's and controller's passwords")
        lib = assemble()
        self._refuse_storage_without_users()
        self.home.mkdir(parents=True, exist_ok=True)
        properties = self._write_config()
        classpath = f"{lib}/*"
        jvm = [*JVM_FLAGS, f"-Dlog4j2.configurationFile={KAFKA_LOG4J}"]
        subprocess.run(
            [
                java(),
                *jvm,
                "-cp",
                classpath,
                "kafka.tools.StorageTool",
                "format",
                "-t",
                self._cluster_id(),
                "-c",
                str(properties),
                "-g",
                "--add-scram",
                f"SCRAM-SHA-512=[name=admin,password={self.admin_password}]",
            ],
            check=True,
            capture_output=True,
        )
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                [java(), *jvm, "-cp", classpath, "kafka.Kafka", str(properties)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_until_listening(timeout)

    def _write_config(self) -> Path:
        properties = self.home / "server.properties"
        text = SERVER_PROPERTIES.format(
            port=self.port,
            controller_port=self.controller_port,
            data_dir=self.home / "data",
            client_protocol=self.client_protocol,
            admin_password=self.admin_password,
            controller_password=self.controller_password,
        )
        if self.tls:
            text += TLS_PROPERTIES.format(keystore=self.tls.keystore, ca_file=self.tls.ca_file)
        properties.write_text(text)
        properties.chmod(0o600)  # it holds the admin's password
        (self.home / "authenticated").touch()
        return properties

    def _refuse_storage_without_users(self) -> None:
        """A storage formatted before the broker authenticated its clients has no admin
        user, and a broker on it could not even talk to itself: say so, plainly."""
        data = self.home / "data"
        if data.exists() and any(data.iterdir()) and not (self.home / "authenticated").exists():
            raise KafkaStartError(
                f"{data} was made by an older platform, whose Kafka had no users: "
                "`make clean` forgets the local data, then `make run` starts afresh"
            )

    def _cluster_id(self) -> str:
        id_file = self.home / "cluster.id"
        if not id_file.exists():
            id_file.write_text(new_cluster_id())
        return id_file.read_text().strip()

    def _wait_until_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_file.read_text(errors="replace")[-4000:]
                raise KafkaStartError(f"the Kafka broker exited at start:\n{tail}")
            if _port_open(self.port):
                return
            time.sleep(0.25)
        self.stop()
        raise KafkaStartError(f"Kafka did not listen on {self.port} within {timeout:.0f}s")

    def stop(self, *, grace: float = 30.0) -> None:
        stop_group(self.process, grace=grace)

"""The local identity provider: Keycloak's server distribution from Maven Central, run on
the machine's Java in development mode, with a realm of its own made through Keycloak's
admin API once its database is new.

Each instance keeps its database (H2 files) in its own state folder, so ``make run`` and a
test session never share users or sessions, while they share the one unpacked
distribution (like Kafka's jars)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devstack.kafka import free_port, java
from devstack.paths import KEYCLOAK_POM, STATE_DIR
from devstack.processes import stop_group
from devstack.realm import REALM, DevUser, realm, user_profile, users

KEYCLOAK_VERSION = "26.7.3"
ADMIN_USER = "kk-bootstrap-admin"


class IdentityProviderError(RuntimeError):
    pass


def assemble(root: Path | None = None) -> Path:
    """The unpacked distribution, fetched from Maven Central on first use."""
    root = root or STATE_DIR / "keycloak"
    home = root / f"keycloak-{KEYCLOAK_VERSION}"
    if (home / "bin" / "kc.sh").exists():
        return home
    mvn = shutil.which("mvn")
    if not mvn:
        raise IdentityProviderError("Maven is needed to fetch Keycloak: install maven")
    download = root / "download"
    print("Keycloak: fetching the server distribution from Maven Central (first run only)…")
    subprocess.run(
        [mvn, "-B", "-q", "-f", str(KEYCLOAK_POM), "dependency:copy",
         f"-Dkeycloak.download.dir={download}"],
        check=True,
    )  # fmt: skip
    archive = download / f"keycloak-quarkus-dist-{KEYCLOAK_VERSION}.tar.gz"
    unpacking = root / "unpacking"
    shutil.rmtree(unpacking, ignore_errors=True)
    unpacking.mkdir()
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(unpacking)], check=True)
    (unpacking / f"keycloak-{KEYCLOAK_VERSION}").rename(home)
    unpacking.rmdir()
    archive.unlink()
    return home


@dataclass
class IdentityProvider:
    """One Keycloak on loopback whose data live in ``data_dir``."""

    data_dir: Path
    port: int
    admin_password: str
    users_password: str
    client_secret: str
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.url}/realms/{REALM}"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "keycloak.log"

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """Starts the server; it takes a while, in which the caller may start other things."""
        home = assemble()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        database = self.data_dir / "h2" / "keycloak"
        env = {
            **os.environ,
            "JAVA_HOME": str(Path(java()).resolve().parents[1]),
            "JAVA_OPTS_KC_HEAP": "-Xms64m -Xmx512m",
            "KC_BOOTSTRAP_ADMIN_USERNAME": ADMIN_USER,
            "KC_BOOTSTRAP_ADMIN_PASSWORD": self.admin_password,
        }
        command = [
            str(home / "bin" / "kc.sh"), "start-dev",
            "--http-host=127.0.0.1", f"--http-port={self.port}",
            f"--db-url=jdbc:h2:file:{database};NON_KEYWORDS=VALUE",
            # Its management interface (health, metrics) would take port 9000 whatever runs.
            f"--http-management-port={free_port()}",
            "--log-level=WARN,org.keycloak.quarkus:INFO",
        ]  # fmt: skip
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_ready(self, *, timeout: float = 180.0) -> None:
        """Waits until the server answers, then makes the realm if its database is new."""
        self._wait_until_serving(timeout)
        self._ensure_realm()

    def _wait_until_serving(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self.log_file.read_text(errors="replace")[-4000:]
                raise IdentityProviderError(f"Keycloak exited at start:\n{tail}")
            try:
                if httpx.get(f"{self.url}/realms/master", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise IdentityProviderError(f"Keycloak did not answer on {self.port} in {timeout:.0f}s")

    def _admin(self, http: httpx.Client) -> dict[str, str]:
        """The master realm administrator's bearer header."""
        token = http.post(
            "/realms/master/protocol/openid-connect/token",
            data={
                "grant_type": "password",
                "client_id": "admin-cli",
                "username": ADMIN_USER,
                "password": self.admin_password,
            },
        )
        token.raise_for_status()
        return {"Authorization": f"Bearer {token.json()['access_token']}"}

    def _ensure_realm(self) -> None:
        """Makes the development realm if this database does not have it yet."""
        with httpx.Client(base_url=self.url, timeout=30) as http:
            admin = self._admin(http)
            if http.get(f"/admin/realms/{REALM}", headers=admin).status_code == 200:
                return
            # The realm, then its user profile (which attributes users may have), then the
            # users: attributes the profile does not know yet would be dropped.
            steps = [
                ("POST", "/admin/realms", realm(client_secret=self.client_secret)),
                ("PUT", f"/admin/realms/{REALM}/users/profile", user_profile()),
                ("POST", f"/admin/realms/{REALM}/partialImport", users(self.users_password)),
            ]
            for method, path, body in steps:
                answer = http.request(method, path, headers=admin, json=body)
                if answer.status_code >= 300:
                    raise IdentityProviderError(f"{method} {path}: {answer.text[:2000]}")

    def add_user(self, user: DevUser) -> None:
        """One more person in the development realm, with the users' password; kept if there
        already (tests give each scope they need a person of its own)."""
        with httpx.Client(base_url=self.url, timeout=30) as http:
            answer = http.post(
                f"/admin/realms/{REALM}/users",
                headers=self._admin(http),
                json=user.representation(self.users_password),
            )
            if answer.status_code not in (201, 409):
                raise IdentityProviderError(f"adding {user.username}: {answer.text[:2000]}")

    def stop(self, *, grace: float = 30.0) -> None:
        stop_group(self.process, grace=grace)

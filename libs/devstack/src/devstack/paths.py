from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[4]
STATE_DIR = Path(os.environ.get("KK_STATE_DIR", REPO_ROOT / ".state")).resolve()
KAFKA_POM = REPO_ROOT / "deploy" / "kafka" / "pom.xml"
KAFKA_LOG4J = REPO_ROOT / "deploy" / "kafka" / "log4j2.properties"
KEYCLOAK_POM = REPO_ROOT / "deploy" / "keycloak" / "pom.xml"

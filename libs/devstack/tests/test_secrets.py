"""Development secrets: made once, kept, and completed when a newer version needs more."""

from __future__ import annotations

from pathlib import Path

import pytest
from devstack.stack import SECRETS, load_or_create_secrets

pytestmark = pytest.mark.unit


def test_secrets_are_made_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "secrets.env"
    first = load_or_create_secrets(path)
    assert set(first) == set(SECRETS)
    assert load_or_create_secrets(path) == first
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_secret_added_by_a_newer_version_is_added_and_the_old_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "secrets.env"
    path.write_text("export JWT_SECRET=kept-value-kept-value-kept-value-1234\n")
    values = load_or_create_secrets(path)
    assert values["JWT_SECRET"] == "kept-value-kept-value-kept-value-1234"
    assert set(values) == set(SECRETS)
    assert "INTAKE_PSEUDONYM_KEY" in path.read_text()

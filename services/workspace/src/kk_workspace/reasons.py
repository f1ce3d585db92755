"""Why a file is opened: asked once, kept in the session for the last few files, and sent
with every read of that file, so that the centre head sees who opened it and why."""

from __future__ import annotations

from typing import Any

from kk_workspace.forms import Form
from kk_workspace.texts import TEXTS

KEPT = 5
"""Files whose reason the session remembers (a cookie has little room)."""
CODED = ("reason_serving", "reason_follow_up", "reason_duplicate", "reason_other")


def kept_reason(session: dict[str, Any], file_id: str) -> str | None:
    reason: str | None = session.get("reasons", {}).get(file_id)
    return reason


def keep_reason(session: dict[str, Any], file_id: str, reason: str) -> None:
    reasons = {k: v for k, v in session.get("reasons", {}).items() if k != file_id}
    reasons[file_id] = reason
    session["reasons"] = dict(list(reasons.items())[-KEPT:])


def stated_reason(form: Form) -> str | None:
    """The reason as the audit keeps it: a coded one in both languages, or the person's own
    words; ``None`` with the form's errors set when there is none."""
    form.need_choice("reason", CODED, "err_reason")
    if form.value("reason") == "reason_other":
        text = form.value("reason_text")
        if not 3 <= len(text) <= 200:
            form.errors["reason_text"] = "err_reason_text"
        return text if form.ok else None
    if not form.ok:
        return None
    greek, english = TEXTS[form.value("reason")]
    return f"{greek} / {english}"

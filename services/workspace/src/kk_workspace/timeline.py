"""A file's timeline: what happened to it, newest first, from what the file page already
reads (the file, its requests, referrals and enrolments). Dates only, as the services
record them; each entry links to what it is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kk_workspace.texts import Lang, label, text


@dataclass(frozen=True)
class Entry:
    on: date
    what: str
    href: str | None = None


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def timeline(
    person: dict[str, Any],
    requests: list[dict[str, Any]],
    referrals: list[dict[str, Any]],
    enrolments: list[dict[str, Any]],
    programme_names: dict[str, str],
    lang: Lang,
) -> list[Entry]:
    file_id = person["beneficiary_id"]
    entries: list[Entry] = []
    if registered := _day(person.get("registered_on")):
        entries.append(Entry(registered, text("timeline_registered", lang)))
    for r in requests:
        href = f"/people/{file_id}/requests/{r['request_id']}"
        what = label("RequestCategory", r["category"], lang)
        if logged := _day(r.get("logged_on")):
            entries.append(Entry(logged, f"{text('timeline_request', lang)}: {what}", href))
    for r in referrals:
        href = f"/people/{file_id}/referrals/{r['referral_id']}"
        body = label("BodyCategory", r["body_category"], lang)
        status = label("ReferralStatus", r["status"], lang)
        if sent := _day(r.get("sent_on")):
            entries.append(
                Entry(sent, f"{text('timeline_referral', lang)}: {body} ({status})", href)
            )
    for e in enrolments:
        href = f"/people/{file_id}/enrolments"
        name = programme_names.get(str(e["programme_id"])) or label(
            "ProgrammeCategory", e["programme_category"], lang
        )
        if e["status"] == "rejected" and (decided := _day(e.get("decided_on"))):
            entries.append(Entry(decided, f"{text('timeline_rejected', lang)}: {name}", href))
        if started := _day(e.get("start_date")):
            entries.append(Entry(started, f"{text('timeline_enrolled', lang)}: {name}", href))
        if exited := _day(e.get("exited_on")):
            reason = label("ExitReason", e["exit_reason"], lang)
            entries.append(
                Entry(exited, f"{text('timeline_exited', lang)}: {name} ({reason})", href)
            )
    return sorted(entries, key=lambda entry: entry.on, reverse=True)

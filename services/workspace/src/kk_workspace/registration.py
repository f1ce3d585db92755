"""Opening a file, one question page at a time (GOV.UK's pattern), then "check your
answers": what each page asks, how its answers are checked, and the request to intake they
make together. A person without an AMKA cannot be registered here yet."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from kk_contracts.codes import (
    ConsentPurpose,
    LegalBasis,
    NoAmkaReason,
    OtherIdKind,
    Sex,
    VulnerableGroup,
)
from kk_contracts.reference import municipality_codes

from kk_workspace.forms import Form

PHONE = re.compile(r"\+?[0-9 ]{10,16}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
DONE = "_done"
"""The draft's record of the pages answered, in order."""


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple[str, ...]
    many: tuple[str, ...]
    check: Callable[[Form, date], None]


def _identity(form: Form, today: date) -> None:
    form.need_choice("has_amka", ("yes", "no"), "err_has_amka")
    if form.value("has_amka") == "no":
        form.values["amka"] = ""
        form.need_choice("no_amka_reason", [r.value for r in NoAmkaReason], "err_no_amka_reason")
        kind, other = form.value("other_id_kind"), form.value("other_id")
        if kind and not 4 <= len(other) <= 30:
            form.errors["other_id"] = "err_other_id"
        elif other and kind not in {k.value for k in OtherIdKind}:
            form.errors["other_id_kind"] = "err_other_id_kind"
    else:
        form.need_amka()
    form.need_name("family_name", "err_family_name")
    form.need_name("given_name", "err_given_name")
    form.need_past_date("birth_date", today=today)
    form.need_choice("sex", [s.value for s in Sex], "err_sex")


def _residence(form: Form, today: date) -> None:
    form.need_choice("municipality_code", municipality_codes(), "err_municipality")
    form.values["phone"] = " ".join(form.value("phone").split())
    form.may_match("phone", PHONE, "err_phone")
    form.may_match("email", EMAIL, "err_email")
    if len(form.value("address")) > 300:
        form.errors["address"] = "err_address_long"


def _situation(form: Form, today: date) -> None:
    form.need_choices(
        "vulnerable_groups", [g.value for g in VulnerableGroup], "err_groups", least=0
    )
    if VulnerableGroup.DISABILITY.value in form.chosen("vulnerable_groups"):
        if form.value("disability_percent"):
            form.need_whole_number("disability_percent", 1, 100, "err_disability_percent")
    elif form.value("disability_percent"):
        form.errors["disability_percent"] = "err_disability_without_group"
    form.need_choice("mgi_recipient", ("yes", "no"), "err_mgi")


def _consent(form: Form, today: date) -> None:
    form.need_choice("legal_basis", [b.value for b in LegalBasis], "err_legal_basis")
    purposes = [p.value for p in ConsentPurpose]
    form.need_choices("purposes", purposes, "err_purposes", least=1)


STEPS = (
    Step(
        "identity",
        "step_identity",
        ("has_amka", "amka", "no_amka_reason", "other_id_kind", "other_id", "family_name",
         "given_name", "birth_date-day", "birth_date-month", "birth_date-year", "sex"),
        (),
        _identity,
    ),
    Step("residence", "step_residence", ("municipality_code", "phone", "email", "address"), (),
         _residence),
    Step("situation", "step_situation", ("disability_percent", "mgi_recipient"),
         ("vulnerable_groups",), _situation),
    Step("consent", "step_consent", ("legal_basis",), ("purposes",), _consent),
)  # fmt: skip
BY_SLUG = {step.slug: step for step in STEPS}
FIELD_STEP = {name: step.slug for step in STEPS for name in (*step.fields, *step.many)}


def answered(draft: dict[str, str]) -> list[str]:
    return [slug for slug in draft.get(DONE, "").split(",") if slug]


def first_unanswered(draft: dict[str, str]) -> str | None:
    done = answered(draft)
    return next((step.slug for step in STEPS if step.slug not in done), None)


def after(slug: str) -> str | None:
    slugs = [step.slug for step in STEPS]
    position = slugs.index(slug)
    return slugs[position + 1] if position + 1 < len(slugs) else None


def seeded(terms: dict[str, str]) -> dict[str, str]:
    """A new draft with what the person searched for already filled in."""
    born = terms.get("birth_date", "")
    parts = born.split("-") if born else []
    seeds = {"has_amka": "yes", "amka": terms.get("amka", ""),
             "family_name": terms.get("family_name", ""),
             "given_name": terms.get("given_name", "")}  # fmt: skip
    if len(parts) == 3:
        seeds |= {"birth_date-year": parts[0], "birth_date-month": parts[1].lstrip("0"),
                  "birth_date-day": parts[2].lstrip("0")}  # fmt: skip
    return {k: v for k, v in seeds.items() if v}


def registration_body(draft: dict[str, str], centre_id: str) -> dict[str, Any]:
    """The request to intake's ``POST /beneficiaries`` that the answers make."""
    born = date(*(int(draft[f"birth_date-{p}"]) for p in ("year", "month", "day")))
    groups = [g for g in draft.get("vulnerable_groups", "").split(",") if g]
    contact = {k: draft[k] for k in ("phone", "email", "address") if draft.get(k)}
    percent = draft.get("disability_percent")
    identity: dict[str, Any] = {"amka": draft["amka"]}
    if draft.get("has_amka") == "no":
        kind = draft.get("other_id_kind") or None
        identity = {"no_amka": {"reason": draft["no_amka_reason"], "other_id_kind": kind,
                                "other_id": draft.get("other_id") or None}}  # fmt: skip
    return {
        "centre_id": centre_id,
        **identity,
        "family_name": draft["family_name"],
        "given_name": draft["given_name"],
        "birth_date": born.isoformat(),
        "sex": draft["sex"],
        "municipality_code": draft["municipality_code"],
        "contact": contact,
        "vulnerable_groups": groups,
        "disability_percent": int(percent) if percent else None,
        "mgi_recipient": draft.get("mgi_recipient") == "yes",
        "consent": {
            "legal_basis": draft["legal_basis"],
            "purposes": [p for p in draft.get("purposes", "").split(",") if p],
        },
    }

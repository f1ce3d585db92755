"""Who a person is and their situation, as an individual file holds them: the value objects a
registration and its changes carry, and the checks each passes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from kk_contracts.codes import (
    NoAmkaReason,
    OtherIdKind,
    Sex,
    VulnerableGroup,
)
from kk_contracts.reference import municipality_codes

from kk_intake.domain.exceptions import InvalidPersonDetailsError, ProxyError
from kk_intake.domain.identity import check_afm, check_amka, check_birth_date


class HouseholdRelation(StrEnum):
    SPOUSE = "spouse"
    PARTNER = "partner"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    OTHER = "other"


class AuthorisationKind(StrEnum):
    """How a proxy (πληρεξούσιος) was authorised."""

    NOTARIAL = "notarial"  # συμβολαιογραφικό πληρεξούσιο
    CERTIFIED_SIGNATURE = "certified_signature"  # εξουσιοδότηση με θεώρηση γνησίου υπογραφής
    GOV_GR = "gov_gr"  # εξουσιοδότηση μέσω gov.gr
    COURT_GUARDIAN = "court_guardian"  # δικαστική συμπαράσταση / επιτροπεία


@dataclass(frozen=True)
class Contact:
    phone: str | None = None
    email: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class HouseholdMember:
    relation: HouseholdRelation
    given_name: str
    family_name: str | None = None
    birth_date: date | None = None
    amka: str | None = None


@dataclass(frozen=True)
class Proxy:
    """Someone authorised to act for the beneficiary who cannot attend."""

    given_name: str
    family_name: str
    id_document: str  # identity card or passport number, as shown
    relation: str
    authorisation: AuthorisationKind
    reference: str  # protocol number of the authorisation
    issued_on: date
    valid_until: date | None = None


@dataclass(frozen=True)
class Consent:
    """GDPR consent: the legal basis, the purposes, and, for referral_sharing, the kinds of
    body it covers (None: any kind)."""

    legal_basis: str
    purposes: list[str]
    sharing_with: list[str] | None = None


@dataclass(frozen=True)
class NoAmka:
    """A person registered without an AMKA: why, and any other identifier they carry."""

    reason: NoAmkaReason
    other_id_kind: OtherIdKind | None = None
    other_id: str | None = None


@dataclass(frozen=True)
class PersonDetails:
    amka: str | None
    given_name: str
    family_name: str
    birth_date: date
    sex: Sex
    municipality_code: str
    vulnerable_groups: tuple[VulnerableGroup, ...] = ()
    mgi_recipient: bool = False
    afm: str | None = None
    citizenship: str | None = None  # ISO 3166-1 alpha-2
    languages: tuple[str, ...] = ()  # ISO 639-1
    contact: Contact = field(default_factory=Contact)
    household: tuple[HouseholdMember, ...] = ()
    disability_percent: int | None = None
    no_amka: NoAmka | None = None


@dataclass(frozen=True)
class Situation:
    """What may change in a file while the person stays the same one."""

    municipality_code: str
    vulnerable_groups: tuple[VulnerableGroup, ...] = ()
    mgi_recipient: bool = False
    afm: str | None = None
    citizenship: str | None = None
    languages: tuple[str, ...] = ()
    contact: Contact = field(default_factory=Contact)
    household: tuple[HouseholdMember, ...] = ()
    disability_percent: int | None = None

    def of(
        self, *, amka: str | None, given_name: str, family_name: str, birth_date: date, sex: str
    ) -> PersonDetails:
        """The whole person: who they are (as on file) in this situation."""
        return PersonDetails(
            amka=amka,
            given_name=given_name,
            family_name=family_name,
            birth_date=birth_date,
            sex=Sex(sex),
            **{name: getattr(self, name) for name in SITUATION_FIELDS},
        )


def _checked_household(members: tuple[HouseholdMember, ...], today: date) -> list[dict[str, Any]]:
    checked = []
    for i, member in enumerate(members):
        if member.amka is not None:
            check_amka(member.amka, field=f"household.{i}.amka")
        if member.birth_date is not None:
            check_birth_date(member.birth_date, today, field=f"household.{i}.birth_date")
        checked.append(
            {
                "relation": member.relation.value,
                "given_name": member.given_name,
                "family_name": member.family_name,
                "birth_date": member.birth_date,
                "amka": member.amka,
            }
        )
    return checked


SITUATION_FIELDS = (
    "municipality_code",
    "vulnerable_groups",
    "mgi_recipient",
    "afm",
    "citizenship",
    "languages",
    "contact",
    "household",
    "disability_percent",
)


def situation_fields(person: PersonDetails, today: date) -> dict[str, Any]:
    """The checked parts of a person's details that describe their situation."""
    return {
        "municipality_code": _checked_municipality(person.municipality_code),
        "vulnerable_groups": sorted({g.value for g in person.vulnerable_groups}),
        "mgi_recipient": person.mgi_recipient,
        "afm": check_afm(person.afm),
        "citizenship": person.citizenship,
        "languages": sorted(set(person.languages)),
        "contact": {
            "phone": person.contact.phone,
            "email": person.contact.email,
            "address": person.contact.address,
        },
        "household": _checked_household(person.household, today),
        "disability_percent": _checked_disability(person),
    }


def checked_no_amka(person: PersonDetails) -> dict[str, str | None] | None:
    """A person has an AMKA, or is registered without one saying why."""
    if person.amka is not None and person.no_amka is not None:
        raise InvalidPersonDetailsError(
            "give the AMKA, or the reason there is none, not both",
            field="no_amka",
            message_el="Δώστε τον ΑΜΚΑ ή τον λόγο που δεν υπάρχει, όχι και τα δύο.",
        )
    if person.amka is not None:
        return None
    if person.no_amka is None:
        raise InvalidPersonDetailsError(
            "a person without an AMKA is registered with the reason there is none",
            field="amka",
            message_el="Δώστε τον ΑΜΚΑ ή τον λόγο που το άτομο δεν έχει.",
        )
    kind, other = person.no_amka.other_id_kind, person.no_amka.other_id
    if (kind is None) != (not other):
        raise InvalidPersonDetailsError(
            "another identifier needs both its kind and its number",
            field="no_amka.other_id",
            message_el="Για άλλο στοιχείο ταυτότητας δώστε και το είδος και τον αριθμό του.",
        )
    return {
        "reason": person.no_amka.reason.value,
        "other_id_kind": kind.value if kind else None,
        "other_id": other or None,
    }


def check_same_birth_date(person: PersonDetails, on_file: date) -> None:
    """New details are for the person on file only if the birth date is the one on file."""
    if person.birth_date != on_file:
        raise InvalidPersonDetailsError(
            "this AMKA is on file with another birth date: check the AMKA and the birth "
            "date (the file is not changed)",
            field="birth_date",
            message_el="Αυτός ο ΑΜΚΑ έχει φάκελο με άλλη ημερομηνία γέννησης: ελέγξτε τον "
            "ΑΜΚΑ και την ημερομηνία (ο φάκελος δεν άλλαξε).",
        )


def checked_proxy(proxy: Proxy, today: date) -> dict[str, Any]:
    """A proxy whose authorisation is already issued and not yet expired on ``today``, as
    the event authorising them holds it."""
    if proxy.issued_on > today:
        raise ProxyError("the authorisation is dated in the future", field="proxy.issued_on")
    if proxy.valid_until is not None and proxy.valid_until < today:
        raise ProxyError("the authorisation has already expired", field="proxy.valid_until")
    return {**asdict(proxy), "authorisation": proxy.authorisation.value}


def _checked_municipality(code: str) -> str:
    if code not in municipality_codes():
        raise InvalidPersonDetailsError(
            f"no municipality has the ELSTAT code {code!r}",
            field="municipality_code",
            message_el=f"Δεν υπάρχει δήμος με κωδικό ΕΛΣΤΑΤ {code}.",
        )
    return code


def _checked_disability(person: PersonDetails) -> int | None:
    percent = person.disability_percent
    if percent is None:
        return None
    if VulnerableGroup.DISABILITY not in person.vulnerable_groups:
        raise InvalidPersonDetailsError(
            "a disability percentage needs the 'disability' vulnerable group",
            field="disability_percent",
            message_el="Ποσοστό αναπηρίας δίνεται μόνο με την ομάδα «Αναπηρία».",
        )
    if not 0 < percent <= 100:
        raise InvalidPersonDetailsError(
            "the disability percentage is between 1 and 100",
            field="disability_percent",
            message_el="Το ποσοστό αναπηρίας είναι από 1 έως 100.",
        )
    return percent

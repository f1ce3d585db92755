"""Coded values that published events may carry.

Codes are stable English snake_case strings; the Greek and English labels that the
interfaces show are in ``labels.LABELS``. A code is never renamed: add a new one.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import StringConstraints

CentreCode = Annotated[str, StringConstraints(pattern=r"^KK-\d{4}$")]
"""A Community Centre's id: ``KK-`` and its municipality's 4-digit ELSTAT code."""
MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
"""ELSTAT's 4-digit municipality code."""
RegionalUnitCode = Annotated[str, StringConstraints(pattern=r"^\d{2}$")]
"""The first two digits of an ELSTAT municipality code."""


class Region(StrEnum):
    """The 13 regions (Περιφέρειες) by their NUTS-2 code."""

    ATTICA = "EL30"
    NORTH_AEGEAN = "EL41"
    SOUTH_AEGEAN = "EL42"
    CRETE = "EL43"
    EASTERN_MACEDONIA_THRACE = "EL51"
    CENTRAL_MACEDONIA = "EL52"
    WESTERN_MACEDONIA = "EL53"
    EPIRUS = "EL54"
    THESSALY = "EL61"
    IONIAN_ISLANDS = "EL62"
    WESTERN_GREECE = "EL63"
    CENTRAL_GREECE = "EL64"
    PELOPONNESE = "EL65"


RegionCode = Region


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    NOT_STATED = "not_stated"


class AgeBand(StrEnum):
    UNDER_18 = "0-17"
    FROM_18 = "18-24"
    FROM_25 = "25-34"
    FROM_35 = "35-44"
    FROM_45 = "45-54"
    FROM_55 = "55-64"
    FROM_65 = "65-74"
    FROM_75 = "75+"


class VulnerableGroup(StrEnum):
    POVERTY = "poverty"
    UNEMPLOYMENT = "unemployment"
    HOMELESSNESS = "homelessness"
    DISABILITY = "disability"
    ELDERLY = "elderly"
    ROMA = "roma"
    MIGRANT = "migrant"
    INTERNATIONAL_PROTECTION = "international_protection"
    SINGLE_PARENT_FAMILY = "single_parent_family"
    DOMESTIC_VIOLENCE = "domestic_violence"
    TRAFFICKING = "trafficking"
    CHILD_AT_RISK = "child_at_risk"


class NoAmkaReason(StrEnum):
    """Why a person is registered without an AMKA (they are then matched by names and birth
    date)."""

    NOT_ISSUED = "not_issued"  # never issued one
    NOT_KNOWN = "not_known"  # does not know it and carries no document with it
    AWAITING = "awaiting"  # applied for an AMKA or ΠΑΑΥΠΑ, not issued yet


class OtherIdKind(StrEnum):
    """Another identifier of a person without an AMKA."""

    PAAYPA = "paaypa"  # Προσωρινός Αριθμός Ασφάλισης και Υγειονομικής Περίθαλψης Αλλοδαπού
    PASSPORT = "passport"
    RESIDENCE_PERMIT = "residence_permit"
    ASYLUM_SEEKER_CARD = "asylum_seeker_card"
    IDENTITY_CARD = "identity_card"


class DuplicateReviewOutcome(StrEnum):
    DISTINCT = "distinct"  # two people who share names and birth date
    SAME_PERSON = "same_person"  # one person filed twice (e.g. a mistyped AMKA)


class BodyCategory(StrEnum):
    """The kinds of body (φορέας) a centre refers people to."""

    HOMELESS_SHELTER = "homeless_shelter"
    WOMEN_SHELTER = "women_shelter"
    TRAFFICKING_VICTIMS = "trafficking_victims"
    SOCIAL_TUTORING = "social_tutoring"
    MENTAL_HEALTH = "mental_health"
    DISABILITY_STRUCTURE = "disability_structure"
    NURSERY_DAY_CARE = "nursery_day_care"
    ELDERLY_PROGRAMMES = "elderly_programmes"
    ROMA_PROGRAMMES = "roma_programmes"
    MIGRANTS_REFUGEES = "migrants_refugees"
    EMPLOYMENT_SERVICE = "employment_service"
    VOCATIONAL_TRAINING = "vocational_training"
    SOCIAL_GROCERY_PHARMACY = "social_grocery_pharmacy"
    LEGAL_AID = "legal_aid"
    HEALTH_SERVICES = "health_services"
    WELFARE_BENEFITS = "welfare_benefits"


class Scope(StrEnum):
    NATIONAL = "national"
    REGION = "region"
    REGIONAL_UNIT = "regional_unit"
    MUNICIPALITY = "municipality"


class ProgrammeLevel(StrEnum):
    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"


class ProgrammeCategory(StrEnum):
    INCOME_SUPPORT = "income_support"
    FOOD_MATERIAL_AID = "food_material_aid"
    HOUSING = "housing"
    CHILD_FAMILY = "child_family"
    DISABILITY = "disability"
    ELDERLY = "elderly"
    EMPLOYMENT = "employment"
    EDUCATION = "education"


class StaffRole(StrEnum):
    """Roles of a centre's staff (ΦΕΚ 854 Β'/2016); a social worker must head the centre."""

    SOCIAL_WORKER = "social_worker"
    PSYCHOLOGIST = "psychologist"
    SOCIAL_SCIENCES = "social_sciences_graduate"
    HEALTH_VISITOR_NURSE = "health_visitor_nurse"
    ECONOMIST = "economist"
    LEARNING_SUPPORT = "learning_support"
    ROMA_MEDIATOR = "roma_vulnerable_groups_mediator"


class CentreStatus(StrEnum):
    OPERATING = "operating"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class AnnexKind(StrEnum):
    ROMA = "roma"
    MIGRANTS = "migrants"
    """Κέντρο Ένταξης Μεταναστών (ΚΕΜ)."""


class LegalBasis(StrEnum):
    """GDPR Art. 6 basis on which a centre keeps a person's file."""

    CONSENT = "consent"
    LEGAL_OBLIGATION = "legal_obligation"
    PUBLIC_TASK = "public_task"
    VITAL_INTERESTS = "vital_interests"


class ConsentPurpose(StrEnum):
    CASE_MANAGEMENT = "case_management"
    """Keeping the individual file and the requests at the centre."""
    REFERRAL_SHARING = "referral_sharing"
    """Sharing what a referral needs with the receiving body."""
    PROGRAMME_APPLICATIONS = "programme_applications"
    """Applying to programmes on the person's behalf."""
    FOLLOW_UP_CONTACT = "follow_up_contact"


class Axis(StrEnum):
    """The three axes of a centre's work (DOMAIN.md)."""

    A = "A"
    """Reception, information, referral and application support (mandatory)."""
    B = "B"
    """Cooperation with services and structures (mandatory)."""
    C = "C"
    """Services that raise living standards (optional, by local need)."""


class RequestCategory(StrEnum):
    PROGRAMME_INFORMATION = "programme_information"
    APPLICATION_SUPPORT = "application_support"
    REFERRAL_TO_STRUCTURE = "referral_to_structure"
    EMPLOYMENT_REFERRAL = "employment_referral"
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support"
    EMPLOYMENT_COUNSELLING = "employment_counselling"
    HOUSING = "housing"
    LEGAL_INFORMATION = "legal_information"
    BASIC_GOODS = "basic_goods"
    LEARNING_SUPPORT = "learning_support"
    HEALTH_PREVENTION = "health_prevention"
    OTHER = "other"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    MOBILE_UNIT = "mobile_unit"
    PROXY = "proxy"


class RequestStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class ReferralStatus(StrEnum):
    """Where a referral stands. A redirect sends it on to another body (``sent`` again)."""

    SENT = "sent"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    IN_SERVICE = "in_service"
    COMPLETED = "completed"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class RefusalReason(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"
    NO_CAPACITY = "no_capacity"
    NOT_ELIGIBLE = "not_eligible"
    UNREACHABLE = "unreachable"  # the beneficiary could not be reached
    OTHER = "other"  # with a text, which stays in the referral service


class ServiceOutcome(StrEnum):
    PROVIDED = "provided"
    PARTLY_PROVIDED = "partly_provided"
    NOT_PROVIDED = "not_provided"


class EmploymentReferralType(StrEnum):
    """What an employment referral to the employment service (ΔΥΠΑ) is for."""

    TRAINING = "training"
    EMPLOYMENT_PROGRAMME = "employment_programme"
    JOB_VACANCY = "job_vacancy"


class RejectionReason(StrEnum):
    """Why an application to a programme was not accepted."""

    NOT_ELIGIBLE = "not_eligible"
    INCOME_OVER_LIMIT = "income_over_limit"
    INCOMPLETE_DOCUMENTS = "incomplete_documents"
    NO_PLACES = "no_places"
    WITHDRAWN_BY_APPLICANT = "withdrawn_by_applicant"
    OTHER = "other"


class ExitReason(StrEnum):
    """Why a person left a programme."""

    COMPLETED = "completed"
    NO_LONGER_ELIGIBLE = "no_longer_eligible"
    NOT_RENEWED = "not_renewed"
    MOVED_AWAY = "moved_away"
    VOLUNTARY = "voluntary"
    DECEASED = "deceased"
    OTHER = "other"


class Urgency(StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"
    EMERGENCY = "emergency"

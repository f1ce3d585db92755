"""Coded values that published events may carry.

Codes are stable English snake_case strings; the Greek and English labels that the
interfaces show live beside them in ``LABELS``. A code is never renamed: add a new one.
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


LABELS: dict[StrEnum, tuple[str, str]] = {
    Sex.FEMALE: ("Γυναίκα", "Female"),
    Sex.MALE: ("Άνδρας", "Male"),
    Sex.OTHER: ("Άλλο", "Other"),
    Sex.NOT_STATED: ("Δεν δηλώθηκε", "Not stated"),
    VulnerableGroup.POVERTY: ("Φτώχεια", "Poverty"),
    VulnerableGroup.UNEMPLOYMENT: ("Ανεργία", "Unemployment"),
    VulnerableGroup.HOMELESSNESS: ("Αστεγία", "Homelessness"),
    VulnerableGroup.DISABILITY: ("Αναπηρία (ΑμεΑ)", "Disability"),
    VulnerableGroup.ELDERLY: ("Ηλικιωμένοι", "Elderly"),
    VulnerableGroup.ROMA: ("Ρομά", "Roma"),
    VulnerableGroup.MIGRANT: ("Μετανάστες", "Migrants"),
    VulnerableGroup.INTERNATIONAL_PROTECTION: (
        "Αιτούντες/δικαιούχοι διεθνούς προστασίας",
        "International protection",
    ),
    VulnerableGroup.SINGLE_PARENT_FAMILY: ("Μονογονεϊκή οικογένεια", "Single-parent family"),
    VulnerableGroup.DOMESTIC_VIOLENCE: ("Θύματα ενδοοικογενειακής βίας", "Domestic violence"),
    VulnerableGroup.TRAFFICKING: ("Θύματα εμπορίας ανθρώπων", "Trafficking victims"),
    VulnerableGroup.CHILD_AT_RISK: ("Παιδιά σε κίνδυνο αποκλεισμού", "Children at risk"),
    LegalBasis.CONSENT: ("Συγκατάθεση", "Consent"),
    LegalBasis.LEGAL_OBLIGATION: ("Έννομη υποχρέωση", "Legal obligation"),
    LegalBasis.PUBLIC_TASK: ("Άσκηση δημόσιας εξουσίας", "Public task"),
    LegalBasis.VITAL_INTERESTS: ("Ζωτικό συμφέρον", "Vital interests"),
    ConsentPurpose.CASE_MANAGEMENT: ("Διαχείριση της υπόθεσης", "Case management"),
    ConsentPurpose.REFERRAL_SHARING: (
        "Κοινοποίηση σε φορείς με παραπομπή",
        "Sharing with bodies in referrals",
    ),
    ConsentPurpose.PROGRAMME_APPLICATIONS: ("Αιτήσεις σε προγράμματα", "Programme applications"),
    ConsentPurpose.FOLLOW_UP_CONTACT: ("Επικοινωνία για παρακολούθηση", "Follow-up contact"),
    RequestCategory.PROGRAMME_INFORMATION: ("Ενημέρωση για προγράμματα", "Programme information"),
    RequestCategory.APPLICATION_SUPPORT: ("Υποστήριξη αίτησης", "Application support"),
    RequestCategory.REFERRAL_TO_STRUCTURE: ("Παραπομπή σε δομή", "Referral to a structure"),
    RequestCategory.EMPLOYMENT_REFERRAL: ("Παραπομπή για απασχόληση", "Employment referral"),
    RequestCategory.PSYCHOSOCIAL_SUPPORT: ("Ψυχοκοινωνική υποστήριξη", "Psychosocial support"),
    RequestCategory.EMPLOYMENT_COUNSELLING: ("Συμβουλευτική απασχόλησης", "Employment counselling"),
    RequestCategory.HOUSING: ("Στέγαση", "Housing"),
    RequestCategory.LEGAL_INFORMATION: ("Νομική ενημέρωση", "Legal information"),
    RequestCategory.BASIC_GOODS: ("Βασικά αγαθά", "Basic goods"),
    RequestCategory.LEARNING_SUPPORT: ("Μαθησιακή υποστήριξη", "Learning support"),
    RequestCategory.HEALTH_PREVENTION: ("Πρόληψη υγείας", "Health prevention"),
    RequestStatus.OPEN: ("Ανοιχτό", "Open"),
    RequestStatus.IN_PROGRESS: ("Σε εξέλιξη", "In progress"),
    RequestStatus.RESOLVED: ("Επιλύθηκε", "Resolved"),
    RequestStatus.CLOSED: ("Έκλεισε", "Closed"),
    RequestStatus.WITHDRAWN: ("Αποσύρθηκε", "Withdrawn"),
    Axis.A: ("Άξονας Α: υποδοχή, ενημέρωση, υποστήριξη", "Axis A: reception, information, support"),
    Axis.B: ("Άξονας Β: συνεργασία με υπηρεσίες και δομές", "Axis B: cooperation with services"),
    Axis.C: (
        "Άξονας Γ: υπηρεσίες αναβάθμισης ζωής",
        "Axis C: services that raise living standards",
    ),
    Channel.IN_PERSON: ("Αυτοπροσώπως", "In person"),
    Channel.PHONE: ("Τηλεφωνικά", "By phone"),
    Channel.MOBILE_UNIT: ("Κινητή μονάδα", "Mobile unit"),
    Channel.PROXY: ("Μέσω πληρεξουσίου", "Through a proxy"),
    BodyCategory.HOMELESS_SHELTER: ("Υπνωτήριο / ξενώνας αστέγων", "Homeless shelter"),
    BodyCategory.WOMEN_SHELTER: ("Ξενώνας φιλοξενίας γυναικών", "Women's shelter"),
    BodyCategory.TRAFFICKING_VICTIMS: (
        "Δομή για θύματα εμπορίας",
        "Trafficking victims' structure",
    ),
    BodyCategory.SOCIAL_TUTORING: ("Κοινωνικό φροντιστήριο", "Social tutoring"),
    BodyCategory.MENTAL_HEALTH: ("Δομή ψυχικής υγείας", "Mental health structure"),
    BodyCategory.DISABILITY_STRUCTURE: ("Δομή για ΑμεΑ", "Disability structure"),
    BodyCategory.NURSERY_DAY_CARE: ("Παιδικός σταθμός / ΚΔΑΠ", "Nursery and day care"),
    BodyCategory.ELDERLY_PROGRAMMES: ("Προγράμματα για ηλικιωμένους", "Programmes for the elderly"),
    BodyCategory.ROMA_PROGRAMMES: ("Προγράμματα για Ρομά", "Programmes for Roma"),
    BodyCategory.MIGRANTS_REFUGEES: ("Δομή για μετανάστες και πρόσφυγες", "Migrants and refugees"),
    BodyCategory.EMPLOYMENT_SERVICE: ("Υπηρεσία απασχόλησης (ΔΥΠΑ)", "Employment service (DYPA)"),
    BodyCategory.VOCATIONAL_TRAINING: ("Επαγγελματική κατάρτιση", "Vocational training"),
    BodyCategory.SOCIAL_GROCERY_PHARMACY: (
        "Κοινωνικό παντοπωλείο / φαρμακείο",
        "Social grocery or pharmacy",
    ),
    BodyCategory.LEGAL_AID: ("Νομική συνδρομή", "Legal aid"),
    BodyCategory.HEALTH_SERVICES: ("Υπηρεσίες υγείας", "Health services"),
    BodyCategory.WELFARE_BENEFITS: ("Προνοιακά επιδόματα", "Welfare benefits"),
    Urgency.ROUTINE: ("Κανονική", "Routine"),
    Urgency.URGENT: ("Επείγουσα", "Urgent"),
    Urgency.EMERGENCY: ("Άμεση ανάγκη", "Emergency"),
    ReferralStatus.SENT: ("Στάλθηκε", "Sent"),
    ReferralStatus.RECEIVED: ("Παραλήφθηκε", "Received"),
    ReferralStatus.ACCEPTED: ("Έγινε δεκτή", "Accepted"),
    ReferralStatus.REFUSED: ("Απορρίφθηκε", "Refused"),
    ReferralStatus.IN_SERVICE: ("Σε εξυπηρέτηση", "In service"),
    ReferralStatus.COMPLETED: ("Ολοκληρώθηκε", "Completed"),
    ReferralStatus.EXPIRED: ("Έληξε", "Expired"),
    RefusalReason.OUT_OF_SCOPE: ("Εκτός αρμοδιότητας", "Out of scope"),
    RefusalReason.NO_CAPACITY: ("Δεν υπάρχει διαθέσιμη θέση", "No capacity"),
    RefusalReason.NOT_ELIGIBLE: ("Δεν πληροί τις προϋποθέσεις", "Not eligible"),
    RefusalReason.UNREACHABLE: ("Δεν ήταν δυνατή η επικοινωνία", "Could not be reached"),
    ServiceOutcome.PROVIDED: ("Παρασχέθηκε", "Provided"),
    ServiceOutcome.PARTLY_PROVIDED: ("Παρασχέθηκε εν μέρει", "Partly provided"),
    ServiceOutcome.NOT_PROVIDED: ("Δεν παρασχέθηκε", "Not provided"),
    RejectionReason.INCOME_OVER_LIMIT: ("Εισόδημα πάνω από το όριο", "Income over the limit"),
    RejectionReason.INCOMPLETE_DOCUMENTS: ("Ελλιπή δικαιολογητικά", "Incomplete documents"),
    RejectionReason.NO_PLACES: ("Δεν υπάρχουν θέσεις", "No places"),
    RejectionReason.WITHDRAWN_BY_APPLICANT: (
        "Αποσύρθηκε από τον αιτούντα",
        "Withdrawn by the applicant",
    ),
    NoAmkaReason.NOT_ISSUED: ("Δεν έχει εκδοθεί ποτέ", "Never issued"),
    NoAmkaReason.NOT_KNOWN: ("Δεν τον γνωρίζει και δεν έχει έγγραφο", "Not known, no document"),
    NoAmkaReason.AWAITING: ("Έχει υποβληθεί αίτηση, αναμένεται", "Applied for, awaited"),
    OtherIdKind.PAAYPA: ("ΠΑΑΥΠΑ", "PAAYPA (temporary insurance number)"),
    OtherIdKind.PASSPORT: ("Διαβατήριο", "Passport"),
    OtherIdKind.RESIDENCE_PERMIT: ("Άδεια διαμονής", "Residence permit"),
    OtherIdKind.ASYLUM_SEEKER_CARD: ("Δελτίο αιτούντος διεθνή προστασία", "Asylum seeker's card"),
    OtherIdKind.IDENTITY_CARD: ("Δελτίο ταυτότητας", "Identity card"),
    ExitReason.NO_LONGER_ELIGIBLE: ("Δεν πληροί πλέον τις προϋποθέσεις", "No longer eligible"),
    ExitReason.NOT_RENEWED: ("Δεν ανανεώθηκε", "Not renewed"),
    ExitReason.MOVED_AWAY: ("Μετακόμισε", "Moved away"),
    ExitReason.VOLUNTARY: ("Με δική του/της επιλογή", "By their own choice"),
    ExitReason.DECEASED: ("Απεβίωσε", "Deceased"),
}

"""The one catalogue of the platform's code labels, Greek and English, keyed by (code type,
code): the workspace, the dashboards and the reports all read it. A code's label may
change; the code never does (``codes``).

The same value can be two codes (``other`` is a sex, a request category and three kinds of
reason), so a label is looked up by its type too."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Literal

from kk_contracts.codes import (
    AgeBand,
    AnnexKind,
    Axis,
    BodyCategory,
    CentreStatus,
    Channel,
    ConsentPurpose,
    DuplicateReviewOutcome,
    EmploymentReferralType,
    ExitReason,
    LegalBasis,
    NoAmkaReason,
    OtherIdKind,
    ProgrammeCategory,
    ProgrammeLevel,
    ReferralStatus,
    RefusalReason,
    Region,
    RejectionReason,
    RequestCategory,
    RequestStatus,
    Scope,
    ServiceOutcome,
    Sex,
    StaffRole,
    Urgency,
    VulnerableGroup,
)
from kk_contracts.reference import regions

Lang = Literal["el", "en"]

LABELS: dict[type[StrEnum], dict[StrEnum, tuple[str, str]]] = {
    Sex: {
        Sex.FEMALE: ("Γυναίκα", "Female"),
        Sex.MALE: ("Άνδρας", "Male"),
        Sex.OTHER: ("Άλλο", "Other"),
        Sex.NOT_STATED: ("Δεν δηλώθηκε", "Not stated"),
    },
    VulnerableGroup: {
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
    },
    LegalBasis: {
        LegalBasis.CONSENT: ("Συγκατάθεση", "Consent"),
        LegalBasis.LEGAL_OBLIGATION: ("Έννομη υποχρέωση", "Legal obligation"),
        LegalBasis.PUBLIC_TASK: ("Άσκηση δημόσιας εξουσίας", "Public task"),
        LegalBasis.VITAL_INTERESTS: ("Ζωτικό συμφέρον", "Vital interests"),
    },
    ConsentPurpose: {
        ConsentPurpose.CASE_MANAGEMENT: ("Διαχείριση της υπόθεσης", "Case management"),
        ConsentPurpose.REFERRAL_SHARING: (
            "Κοινοποίηση σε φορείς με παραπομπή",
            "Sharing with bodies in referrals",
        ),
        ConsentPurpose.PROGRAMME_APPLICATIONS: (
            "Αιτήσεις σε προγράμματα",
            "Programme applications",
        ),
        ConsentPurpose.FOLLOW_UP_CONTACT: ("Επικοινωνία για παρακολούθηση", "Follow-up contact"),
    },
    RequestCategory: {
        RequestCategory.PROGRAMME_INFORMATION: (
            "Ενημέρωση για προγράμματα",
            "Programme information",
        ),
        RequestCategory.APPLICATION_SUPPORT: ("Υποστήριξη αίτησης", "Application support"),
        RequestCategory.REFERRAL_TO_STRUCTURE: ("Παραπομπή σε δομή", "Referral to a structure"),
        RequestCategory.EMPLOYMENT_REFERRAL: ("Παραπομπή για απασχόληση", "Employment referral"),
        RequestCategory.PSYCHOSOCIAL_SUPPORT: ("Ψυχοκοινωνική υποστήριξη", "Psychosocial support"),
        RequestCategory.EMPLOYMENT_COUNSELLING: (
            "Συμβουλευτική απασχόλησης",
            "Employment counselling",
        ),
        RequestCategory.HOUSING: ("Στέγαση", "Housing"),
        RequestCategory.LEGAL_INFORMATION: ("Νομική ενημέρωση", "Legal information"),
        RequestCategory.BASIC_GOODS: ("Βασικά αγαθά", "Basic goods"),
        RequestCategory.LEARNING_SUPPORT: ("Μαθησιακή υποστήριξη", "Learning support"),
        RequestCategory.HEALTH_PREVENTION: ("Πρόληψη υγείας", "Health prevention"),
        RequestCategory.OTHER: ("Άλλο αίτημα", "Other request"),
    },
    RequestStatus: {
        RequestStatus.OPEN: ("Ανοιχτό", "Open"),
        RequestStatus.IN_PROGRESS: ("Σε εξέλιξη", "In progress"),
        RequestStatus.RESOLVED: ("Επιλύθηκε", "Resolved"),
        RequestStatus.CLOSED: ("Έκλεισε", "Closed"),
        RequestStatus.WITHDRAWN: ("Αποσύρθηκε", "Withdrawn"),
    },
    Axis: {
        Axis.A: (
            "Άξονας Α: υποδοχή, ενημέρωση, υποστήριξη",
            "Axis A: reception, information, support",
        ),
        Axis.B: (
            "Άξονας Β: συνεργασία με υπηρεσίες και δομές",
            "Axis B: cooperation with services",
        ),
        Axis.C: (
            "Άξονας Γ: υπηρεσίες αναβάθμισης ζωής",
            "Axis C: services that raise living standards",
        ),
    },
    Channel: {
        Channel.IN_PERSON: ("Αυτοπροσώπως", "In person"),
        Channel.PHONE: ("Τηλεφωνικά", "By phone"),
        Channel.MOBILE_UNIT: ("Κινητή μονάδα", "Mobile unit"),
        Channel.PROXY: ("Μέσω πληρεξουσίου", "Through a proxy"),
    },
    BodyCategory: {
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
        BodyCategory.ELDERLY_PROGRAMMES: (
            "Προγράμματα για ηλικιωμένους",
            "Programmes for the elderly",
        ),
        BodyCategory.ROMA_PROGRAMMES: ("Προγράμματα για Ρομά", "Programmes for Roma"),
        BodyCategory.MIGRANTS_REFUGEES: (
            "Δομή για μετανάστες και πρόσφυγες",
            "Migrants and refugees",
        ),
        BodyCategory.EMPLOYMENT_SERVICE: (
            "Υπηρεσία απασχόλησης (ΔΥΠΑ)",
            "Employment service (DYPA)",
        ),
        BodyCategory.VOCATIONAL_TRAINING: ("Επαγγελματική κατάρτιση", "Vocational training"),
        BodyCategory.SOCIAL_GROCERY_PHARMACY: (
            "Κοινωνικό παντοπωλείο / φαρμακείο",
            "Social grocery or pharmacy",
        ),
        BodyCategory.LEGAL_AID: ("Νομική συνδρομή", "Legal aid"),
        BodyCategory.HEALTH_SERVICES: ("Υπηρεσίες υγείας", "Health services"),
        BodyCategory.WELFARE_BENEFITS: ("Προνοιακά επιδόματα", "Welfare benefits"),
    },
    Urgency: {
        Urgency.ROUTINE: ("Κανονική", "Routine"),
        Urgency.URGENT: ("Επείγουσα", "Urgent"),
        Urgency.EMERGENCY: ("Άμεση ανάγκη", "Emergency"),
    },
    ReferralStatus: {
        ReferralStatus.SENT: ("Στάλθηκε", "Sent"),
        ReferralStatus.RECEIVED: ("Παραλήφθηκε", "Received"),
        ReferralStatus.ACCEPTED: ("Έγινε δεκτή", "Accepted"),
        ReferralStatus.REFUSED: ("Απορρίφθηκε", "Refused"),
        ReferralStatus.IN_SERVICE: ("Σε εξυπηρέτηση", "In service"),
        ReferralStatus.COMPLETED: ("Ολοκληρώθηκε", "Completed"),
        ReferralStatus.EXPIRED: ("Έληξε", "Expired"),
        ReferralStatus.WITHDRAWN: ("Ανακλήθηκε", "Withdrawn"),
    },
    RefusalReason: {
        RefusalReason.OUT_OF_SCOPE: ("Εκτός αρμοδιότητας", "Out of scope"),
        RefusalReason.NO_CAPACITY: ("Δεν υπάρχει διαθέσιμη θέση", "No capacity"),
        RefusalReason.NOT_ELIGIBLE: ("Δεν πληροί τις προϋποθέσεις", "Not eligible"),
        RefusalReason.UNREACHABLE: ("Δεν ήταν δυνατή η επικοινωνία", "Could not be reached"),
        RefusalReason.OTHER: ("Άλλος λόγος", "Another reason"),
    },
    ServiceOutcome: {
        ServiceOutcome.PROVIDED: ("Παρασχέθηκε", "Provided"),
        ServiceOutcome.PARTLY_PROVIDED: ("Παρασχέθηκε εν μέρει", "Partly provided"),
        ServiceOutcome.NOT_PROVIDED: ("Δεν παρασχέθηκε", "Not provided"),
    },
    RejectionReason: {
        RejectionReason.INCOME_OVER_LIMIT: ("Εισόδημα πάνω από το όριο", "Income over the limit"),
        RejectionReason.INCOMPLETE_DOCUMENTS: ("Ελλιπή δικαιολογητικά", "Incomplete documents"),
        RejectionReason.NO_PLACES: ("Δεν υπάρχουν θέσεις", "No places"),
        RejectionReason.NOT_ELIGIBLE: ("Δεν πληροί τις προϋποθέσεις", "Not eligible"),
        RejectionReason.OTHER: ("Άλλος λόγος", "Another reason"),
        RejectionReason.WITHDRAWN_BY_APPLICANT: (
            "Αποσύρθηκε από τον αιτούντα",
            "Withdrawn by the applicant",
        ),
    },
    NoAmkaReason: {
        NoAmkaReason.NOT_ISSUED: ("Δεν έχει εκδοθεί ποτέ", "Never issued"),
        NoAmkaReason.NOT_KNOWN: ("Δεν τον γνωρίζει και δεν έχει έγγραφο", "Not known, no document"),
        NoAmkaReason.AWAITING: ("Έχει υποβληθεί αίτηση, αναμένεται", "Applied for, awaited"),
    },
    OtherIdKind: {
        OtherIdKind.PAAYPA: ("ΠΑΑΥΠΑ", "PAAYPA (temporary insurance number)"),
        OtherIdKind.PASSPORT: ("Διαβατήριο", "Passport"),
        OtherIdKind.RESIDENCE_PERMIT: ("Άδεια διαμονής", "Residence permit"),
        OtherIdKind.ASYLUM_SEEKER_CARD: (
            "Δελτίο αιτούντος διεθνή προστασία",
            "Asylum seeker's card",
        ),
        OtherIdKind.IDENTITY_CARD: ("Δελτίο ταυτότητας", "Identity card"),
    },
    ExitReason: {
        ExitReason.NO_LONGER_ELIGIBLE: ("Δεν πληροί πλέον τις προϋποθέσεις", "No longer eligible"),
        ExitReason.NOT_RENEWED: ("Δεν ανανεώθηκε", "Not renewed"),
        ExitReason.MOVED_AWAY: ("Μετακόμισε", "Moved away"),
        ExitReason.VOLUNTARY: ("Με δική του/της επιλογή", "By their own choice"),
        ExitReason.DECEASED: ("Απεβίωσε", "Deceased"),
        ExitReason.COMPLETED: ("Ολοκλήρωσε το πρόγραμμα", "Completed the programme"),
        ExitReason.OTHER: ("Άλλος λόγος", "Another reason"),
    },
    AgeBand: {
        AgeBand.UNDER_18: ("0–17 ετών", "Aged 0–17"),
        AgeBand.FROM_18: ("18–24 ετών", "Aged 18–24"),
        AgeBand.FROM_25: ("25–34 ετών", "Aged 25–34"),
        AgeBand.FROM_35: ("35–44 ετών", "Aged 35–44"),
        AgeBand.FROM_45: ("45–54 ετών", "Aged 45–54"),
        AgeBand.FROM_55: ("55–64 ετών", "Aged 55–64"),
        AgeBand.FROM_65: ("65–74 ετών", "Aged 65–74"),
        AgeBand.FROM_75: ("75 ετών και άνω", "Aged 75 and over"),
    },
    DuplicateReviewOutcome: {
        DuplicateReviewOutcome.DISTINCT: ("Διαφορετικά πρόσωπα", "Two different people"),
        DuplicateReviewOutcome.SAME_PERSON: ("Το ίδιο πρόσωπο", "The same person"),
    },
    Scope: {
        Scope.NATIONAL: ("Εθνική εμβέλεια", "National"),
        Scope.REGION: ("Περιφέρεια", "Region"),
        Scope.REGIONAL_UNIT: ("Περιφερειακή ενότητα", "Regional unit"),
        Scope.MUNICIPALITY: ("Δήμος", "Municipality"),
    },
    ProgrammeLevel: {
        ProgrammeLevel.NATIONAL: ("Εθνικό", "National"),
        ProgrammeLevel.REGIONAL: ("Περιφερειακό", "Regional"),
        ProgrammeLevel.LOCAL: ("Τοπικό", "Local"),
    },
    ProgrammeCategory: {
        ProgrammeCategory.INCOME_SUPPORT: ("Εισοδηματική ενίσχυση", "Income support"),
        ProgrammeCategory.FOOD_MATERIAL_AID: (
            "Επισιτιστική και υλική βοήθεια",
            "Food and material aid",
        ),
        ProgrammeCategory.HOUSING: ("Στέγαση", "Housing"),
        ProgrammeCategory.CHILD_FAMILY: ("Παιδί και οικογένεια", "Child and family"),
        ProgrammeCategory.DISABILITY: ("Αναπηρία", "Disability"),
        ProgrammeCategory.ELDERLY: ("Ηλικιωμένοι", "Elderly"),
        ProgrammeCategory.EMPLOYMENT: ("Απασχόληση", "Employment"),
        ProgrammeCategory.EDUCATION: ("Εκπαίδευση", "Education"),
    },
    StaffRole: {
        StaffRole.SOCIAL_WORKER: ("Κοινωνικός λειτουργός", "Social worker"),
        StaffRole.PSYCHOLOGIST: ("Ψυχολόγος", "Psychologist"),
        StaffRole.SOCIAL_SCIENCES: ("Πτυχιούχος κοινωνικών επιστημών", "Social sciences graduate"),
        StaffRole.HEALTH_VISITOR_NURSE: (
            "Επισκέπτης υγείας / νοσηλευτής",
            "Health visitor or nurse",
        ),
        StaffRole.ECONOMIST: ("Οικονομολόγος", "Economist"),
        StaffRole.LEARNING_SUPPORT: ("Στέλεχος μαθησιακής υποστήριξης", "Learning support"),
        StaffRole.ROMA_MEDIATOR: (
            "Διαμεσολαβητής Ρομά και ευάλωτων ομάδων",
            "Roma and vulnerable groups mediator",
        ),
    },
    CentreStatus: {
        CentreStatus.OPERATING: ("Σε λειτουργία", "Operating"),
        CentreStatus.SUSPENDED: ("Σε αναστολή", "Suspended"),
        CentreStatus.CLOSED: ("Έκλεισε", "Closed"),
    },
    AnnexKind: {
        AnnexKind.ROMA: ("Παράρτημα Ρομά", "Roma annex"),
        AnnexKind.MIGRANTS: ("Κέντρο Ένταξης Μεταναστών", "Migrant integration centre"),
    },
    EmploymentReferralType: {
        EmploymentReferralType.TRAINING: ("Κατάρτιση", "Training"),
        EmploymentReferralType.EMPLOYMENT_PROGRAMME: (
            "Πρόγραμμα απασχόλησης",
            "Employment programme",
        ),
        EmploymentReferralType.JOB_VACANCY: ("Θέση εργασίας", "Job vacancy"),
    },
}


@cache
def _types() -> dict[str, type[StrEnum]]:
    kinds: list[type[StrEnum]] = [*LABELS, Region]
    return {kind.__name__: kind for kind in kinds}


def label(kind: type[StrEnum] | str, code: str, lang: Lang) -> str:
    """A code of a type (the type or its name) as people read it; an unknown code shows as
    itself, so that a page never fails on a code newer than its catalogue."""
    found = _types().get(kind) if isinstance(kind, str) else kind
    if found is Region:
        names = regions().get(str(code))
        return str(code) if names is None else names[0 if lang == "el" else 1]
    labels: tuple[str, str] | None = None
    if found is not None:
        labels = LABELS.get(found, {}).get(code)  # type: ignore[call-overload]
    if labels is None:
        return str(code)
    return labels[0] if lang == "el" else labels[1]


def label_of(code: StrEnum, lang: Lang) -> str:
    """A code member as people read it: its type is its own."""
    return label(type(code), code, lang)

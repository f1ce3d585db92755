"""Labels of the codes about people and their requests."""

from __future__ import annotations

from enum import StrEnum

from kk_contracts.codes import (
    AgeBand,
    AnnexKind,
    Axis,
    Channel,
    ConsentPurpose,
    DuplicateReviewOutcome,
    LegalBasis,
    NoAmkaReason,
    OtherIdKind,
    RequestCategory,
    RequestStatus,
    Sex,
    Urgency,
    VulnerableGroup,
)

PEOPLE: dict[type[StrEnum], dict[StrEnum, tuple[str, str]]] = {
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
    Urgency: {
        Urgency.ROUTINE: ("Κανονική", "Routine"),
        Urgency.URGENT: ("Επείγουσα", "Urgent"),
        Urgency.EMERGENCY: ("Άμεση ανάγκη", "Emergency"),
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
    AnnexKind: {
        AnnexKind.ROMA: ("Παράρτημα Ρομά", "Roma annex"),
        AnnexKind.MIGRANTS: ("Κέντρο Ένταξης Μεταναστών", "Migrant integration centre"),
    },
}

"""Labels of the codes about referrals, bodies, programmes, centres and their staff."""

from __future__ import annotations

from enum import StrEnum

from kk_contracts.codes import (
    BodyCategory,
    CentreStatus,
    EmploymentReferralType,
    ExitReason,
    ProgrammeCategory,
    ProgrammeLevel,
    ReferralStatus,
    RefusalReason,
    RejectionReason,
    Scope,
    ServiceOutcome,
    StaffRole,
)

SERVICES: dict[type[StrEnum], dict[StrEnum, tuple[str, str]]] = {
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
    ExitReason: {
        ExitReason.NO_LONGER_ELIGIBLE: ("Δεν πληροί πλέον τις προϋποθέσεις", "No longer eligible"),
        ExitReason.NOT_RENEWED: ("Δεν ανανεώθηκε", "Not renewed"),
        ExitReason.MOVED_AWAY: ("Μετακόμισε", "Moved away"),
        ExitReason.VOLUNTARY: ("Με δική του/της επιλογή", "By their own choice"),
        ExitReason.DECEASED: ("Απεβίωσε", "Deceased"),
        ExitReason.COMPLETED: ("Ολοκλήρωσε το πρόγραμμα", "Completed the programme"),
        ExitReason.OTHER: ("Άλλος λόγος", "Another reason"),
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
    EmploymentReferralType: {
        EmploymentReferralType.TRAINING: ("Κατάρτιση", "Training"),
        EmploymentReferralType.EMPLOYMENT_PROGRAMME: (
            "Πρόγραμμα απασχόλησης",
            "Employment programme",
        ),
        EmploymentReferralType.JOB_VACANCY: ("Θέση εργασίας", "Job vacancy"),
    },
}

"""Every word the workspace shows, in Greek first and English second, and the labels of the
platform's codes (from ``kk_contracts.codes.LABELS``, the one catalogue of them)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, cast

from kk_contracts.codes import LABELS

Lang = Literal["el", "en"]
LANGS: tuple[Lang, ...] = ("el", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # the frame
    "service_name": ("Κέντρα Κοινότητας", "Community Centres"),
    "service_tagline": ("Χώρος εργασίας προσωπικού", "Staff workspace"),
    "skip_to_content": ("Μετάβαση στο κύριο περιεχόμενο", "Skip to main content"),
    "other_language": ("English", "Ελληνικά"),
    "other_language_label": ("Switch to English", "Αλλαγή σε ελληνικά"),
    "main_navigation": ("Κύριο μενού", "Main menu"),
    "nav_work": ("Η δουλειά μου", "My work"),
    "nav_search": ("Αναζήτηση ατόμου", "Find a person"),
    "signed_in_as": ("Έχετε συνδεθεί ως", "Signed in as"),
    "sign_out": ("Αποσύνδεση", "Sign out"),
    "sign_in": ("Σύνδεση", "Sign in"),
    "footer_ministry": (
        "Υπουργείο Κοινωνικής Συνοχής και Οικογένειας · Εθνικός μηχανισμός παρακολούθησης",
        "Ministry of Social Cohesion and Family · National monitoring mechanism",
    ),
    "footer_privacy": (
        "Τα δεδομένα των ωφελουμένων είναι προσωπικά δεδομένα ευάλωτων ανθρώπων: κάθε άνοιγμα "
        "φακέλου καταγράφεται.",
        "Beneficiaries' data are personal data of vulnerable people: every file opened is "
        "recorded.",
    ),
    "problem_prefix": ("Πρόβλημα: ", "Error: "),
    "error_summary_title": ("Υπάρχει πρόβλημα", "There is a problem"),
    # signing in and out
    "signed_out_title": ("Αποσυνδεθήκατε", "You have signed out"),
    "signed_out_body": (
        "Η σύνδεσή σας έκλεισε. Κλείστε το πρόγραμμα περιήγησης αν ο υπολογιστής είναι "
        "κοινόχρηστος.",
        "Your session has ended. Close the browser if this computer is shared.",
    ),
    "session_expired": (
        "Η σύνδεσή σας έληξε λόγω αδράνειας. Συνδεθείτε ξανά.",
        "Your session ended after a period of inactivity. Please sign in again.",
    ),
    "sign_in_title": ("Σύνδεση στον χώρο εργασίας", "Sign in to the workspace"),
    "sign_in_body": (
        "Συνδεθείτε με τον λογαριασμό που σας έδωσε ο φορέας σας.",
        "Sign in with the account your organisation gave you.",
    ),
    "sign_in_failed": (
        "Η σύνδεση δεν ολοκληρώθηκε. Δοκιμάστε ξανά.",
        "Signing in did not complete. Please try again.",
    ),
    # my work
    "work_title": ("Η δουλειά μου", "My work"),
    "work_centre": ("Κέντρο Κοινότητας", "Community Centre"),
    "work_overdue": ("Αιτήματα εκπρόθεσμα", "Requests overdue"),
    "work_due_soon": ("Αιτήματα που λήγουν σε 2 εργάσιμες", "Requests due within 2 working days"),
    "work_duplicates": ("Πιθανά διπλά αρχεία προς έλεγχο", "Likely duplicate files to review"),
    "work_referrals_overdue": ("Παραπομπές εκπρόθεσμες", "Referrals overdue"),
    "work_referrals_waiting": (
        "Παραπομπές που περιμένουν απάντηση φορέα",
        "Referrals waiting for a body's answer",
    ),
    "work_applications": ("Αιτήσεις προς απόφαση", "Applications to decide"),
    "work_nothing": ("Τίποτα εκκρεμές εδώ.", "Nothing waiting here."),
    "work_not_centre_staff": (
        "Ο χώρος εργασίας των κέντρων είναι για το προσωπικό τους. Δείτε τους πίνακες δεικτών.",
        "The centres' workspace is for their staff. See the dashboards instead.",
    ),
    "col_person": ("Άτομο", "Person"),
    "col_category": ("Κατηγορία", "Category"),
    "col_logged_on": ("Καταχωρίστηκε", "Logged on"),
    "col_due_on": ("Προθεσμία", "Due on"),
    "col_status": ("Κατάσταση", "Status"),
    "col_flagged_on": ("Επισημάνθηκε", "Flagged on"),
    "col_file": ("Φάκελος", "File"),
    "open_file": ("Άνοιγμα φακέλου", "Open the file"),
    # find a person
    "search_title": ("Αναζήτηση ατόμου", "Find a person"),
    "search_lead": (
        "Αναζητήστε πρώτα, πριν ανοίξετε νέο φάκελο: κάθε άτομο έχει έναν φάκελο σε όλη τη χώρα.",
        "Search first, before you open a new file: each person has one file nationwide.",
    ),
    "search_by_amka": ("Με ΑΜΚΑ", "By AMKA"),
    "search_by_names": ("Με ονοματεπώνυμο και ημερομηνία γέννησης", "By name and date of birth"),
    "amka": ("ΑΜΚΑ", "AMKA (social security number)"),
    "amka_hint": ("11 ψηφία, όπως στην κάρτα", "11 digits, as on the card"),
    "family_name": ("Επώνυμο", "Family name"),
    "given_name": ("Όνομα", "Given name"),
    "birth_date": ("Ημερομηνία γέννησης", "Date of birth"),
    "birth_date_hint": ("Για παράδειγμα 27 3 1980", "For example 27 3 1980"),
    "day": ("Ημέρα", "Day"),
    "month": ("Μήνας", "Month"),
    "year": ("Έτος", "Year"),
    "search_button": ("Αναζήτηση", "Search"),
    "results_title": ("Αποτελέσματα αναζήτησης", "Search results"),
    "found_here": ("Φάκελος στο κέντρο σας", "A file at your centre"),
    "found_elsewhere_title": ("Υπάρχει φάκελος σε άλλο κέντρο", "A file exists at another centre"),
    "found_elsewhere_amka": (
        "Το άτομο έχει φάκελο σε άλλο Κέντρο Κοινότητας. Αν το εξυπηρετείτε πλέον εσείς, η "
        "καταχώρισή του εδώ με τον ΑΜΚΑ του μεταφέρει τον φάκελο στο κέντρο σας.",
        "The person has a file at another Community Centre. If your centre now serves them, "
        "registering them here with their AMKA transfers the file to your centre.",
    ),
    "found_elsewhere_names": (
        "Άτομο με τα ίδια στοιχεία έχει φάκελο σε άλλο κέντρο. Αναζητήστε με τον ΑΜΚΑ για να "
        "βεβαιωθείτε ότι είναι το ίδιο άτομο.",
        "Someone with the same details has a file at another centre. Search by AMKA to make "
        "sure it is the same person.",
    ),
    "registered_on": ("Φάκελος από", "File opened on"),
    "not_found_title": ("Δεν βρέθηκε φάκελος", "No file found"),
    "not_found_body": (
        "Κανένας φάκελος δεν ταιριάζει με την αναζήτησή σας.",
        "No file matches your search.",
    ),
    "open_new_file": ("Άνοιγμα νέου φακέλου", "Open a new file"),
    "register_here": ("Καταχώριση εδώ (μεταφορά φακέλου)", "Register here (transfers the file)"),
    "search_again": ("Νέα αναζήτηση", "Search again"),
    # errors of the form
    "err_search_way": (
        "Συμπληρώστε τον ΑΜΚΑ ή το επώνυμο, το όνομα και την ημερομηνία γέννησης",
        "Enter the AMKA, or the family name, given name and date of birth",
    ),
    "err_amka_digits": ("Ο ΑΜΚΑ έχει ακριβώς 11 ψηφία", "The AMKA must be exactly 11 digits"),
    "err_amka_check": (
        "Ο ΑΜΚΑ δεν είναι έγκυρος: ελέγξτε τον ξανά στην κάρτα",
        "The AMKA is not valid: check it again on the card",
    ),
    "err_family_name": ("Συμπληρώστε το επώνυμο", "Enter the family name"),
    "err_given_name": ("Συμπληρώστε το όνομα", "Enter the given name"),
    "err_name_long": ("Το όνομα είναι πολύ μεγάλο", "The name is too long"),
    "err_birth_date": (
        "Η ημερομηνία γέννησης πρέπει να είναι πραγματική ημερομηνία, π.χ. 27 3 1980",
        "The date of birth must be a real date, for example 27 3 1980",
    ),
    "err_birth_date_future": (
        "Η ημερομηνία γέννησης πρέπει να είναι στο παρελθόν",
        "The date of birth must be in the past",
    ),
    # opening a file
    "new_file_title": ("Νέος φάκελος", "New file"),
    "step_of": ("βήμα %d από %d", "step %d of %d"),
    "back": ("Πίσω", "Back"),
    "continue": ("Συνέχεια", "Continue"),
    "change": ("Αλλαγή", "Change"),
    "yes": ("Ναι", "Yes"),
    "no": ("Όχι", "No"),
    "step_identity": ("Στοιχεία ταυτότητας", "Identity"),
    "step_residence": ("Κατοικία και επικοινωνία", "Residence and contact"),
    "step_situation": ("Κατάσταση", "Situation"),
    "step_consent": ("Συγκατάθεση", "Consent"),
    "sex": ("Φύλο", "Sex"),
    "has_amka": ("Έχει ΑΜΚΑ το άτομο;", "Does the person have an AMKA?"),
    "no_amka_title": ("Αν δεν έχει ΑΜΚΑ", "If they have no AMKA"),
    "no_amka_hint": (
        "Θα αναζητείται με ονοματεπώνυμο και ημερομηνία γέννησης.",
        "They will be found by name and date of birth.",
    ),
    "no_amka_reason": ("Γιατί δεν έχει ΑΜΚΑ", "Why there is no AMKA"),
    "other_id_kind": ("Άλλο στοιχείο ταυτότητας (προαιρετικό)", "Another identifier (optional)"),
    "other_id": ("Αριθμός του στοιχείου", "Its number"),
    "without_amka": ("Χωρίς ΑΜΚΑ", "No AMKA"),
    "err_has_amka": ("Επιλέξτε αν έχει ΑΜΚΑ", "Select whether they have an AMKA"),
    "err_no_amka_reason": ("Επιλέξτε γιατί δεν έχει ΑΜΚΑ", "Select why there is no AMKA"),
    "err_other_id": (
        "Γράψτε τον αριθμό του στοιχείου (4 έως 30 χαρακτήρες)",
        "Write the identifier's number (4 to 30 characters)",
    ),
    "err_other_id_kind": ("Επιλέξτε το είδος του στοιχείου", "Select the kind of identifier"),
    "municipality": ("Δήμος κατοικίας", "Municipality of residence"),
    "municipality_hint": (
        "Ο δήμος όπου μένει το άτομο, όχι ο δήμος εγγραφής του",
        "Where the person lives, not where they are registered",
    ),
    "phone": ("Τηλέφωνο (προαιρετικό)", "Phone (optional)"),
    "phone_hint": ("Για παράδειγμα +30 6912345678", "For example +30 6912345678"),
    "email": ("Email (προαιρετικό)", "Email (optional)"),
    "address": ("Διεύθυνση (προαιρετική)", "Address (optional)"),
    "vulnerable_groups": ("Ευάλωτες ομάδες", "Vulnerable groups"),
    "vulnerable_groups_hint": (
        "Επιλέξτε όσες ισχύουν· καμία αν δεν ισχύει καμία",
        "Select all that apply, or none",
    ),
    "disability_percent": ("Ποσοστό αναπηρίας (προαιρετικό)", "Disability percentage (optional)"),
    "disability_percent_hint": (
        "Από τη γνωμάτευση ΚΕΠΑ, μόνο με την ομάδα «Αναπηρία»",
        "From the disability certificate (ΚΕΠΑ), only with the group 'Disability'",
    ),
    "mgi_recipient": (
        "Λαμβάνει Ελάχιστο Εγγυημένο Εισόδημα;",
        "Does the person receive the Minimum Guaranteed Income?",
    ),
    "consent_lead": (
        "Ενημερώστε το άτομο για την τήρηση του φακέλου του και για ποιους σκοπούς "
        "χρησιμοποιούνται τα στοιχεία του.",
        "Tell the person that their file is kept, and what their details are used for.",
    ),
    "legal_basis": ("Νομική βάση", "Legal basis"),
    "purposes": ("Σκοποί", "Purposes"),
    "purposes_hint": ("Επιλέξτε τουλάχιστον έναν", "Select at least one"),
    "check_title": ("Ελέγξτε τα στοιχεία", "Check your answers"),
    "check_declaration": (
        "Με το άνοιγμα του φακέλου επιβεβαιώνετε ότι τα στοιχεία είναι σωστά και ότι το "
        "άτομο ενημερώθηκε.",
        "By opening the file you confirm the details are correct and the person was informed.",
    ),
    "open_file_button": ("Άνοιγμα φακέλου", "Open the file"),
    "done_title": ("Ο φάκελος άνοιξε", "The file is open"),
    "done_reference": ("Κωδικός φακέλου", "File reference"),
    "done_transferred": (
        "Το άτομο είχε φάκελο σε άλλο κέντρο: ο φάκελος μεταφέρθηκε στο κέντρο σας.",
        "The person had a file at another centre: it has been transferred to your centre.",
    ),
    "done_duplicate": (
        "Άλλος φάκελος έχει τα ίδια ονόματα και ημερομηνία γέννησης: ελέγξτε τον από «Η "
        "δουλειά μου».",
        "Another file has the same names and date of birth: review it from 'My work'.",
    ),
    "done_next": ("Τι ακολουθεί", "What next"),
    "open_the_new_file": (
        "Άνοιγμα του φακέλου, για να καταχωρίσετε αίτημα",
        "Open the file, to log a request",
    ),
    "err_sex": ("Επιλέξτε φύλο", "Select the sex"),
    "err_municipality": ("Επιλέξτε δήμο κατοικίας", "Select the municipality of residence"),
    "err_phone": (
        "Το τηλέφωνο έχει 10 έως 16 ψηφία, π.χ. +30 6912345678",
        "The phone has 10 to 16 digits, for example +30 6912345678",
    ),
    "err_email": (
        "Το email πρέπει να είναι όπως name@example.gr",
        "Enter an email like name@example.gr",
    ),
    "err_address_long": ("Η διεύθυνση είναι πολύ μεγάλη", "The address is too long"),
    "err_groups": ("Επιλέξτε από τη λίστα", "Select from the list"),
    "err_disability_percent": (
        "Το ποσοστό αναπηρίας είναι ακέραιος από 1 έως 100",
        "The disability percentage is a whole number from 1 to 100",
    ),
    "err_disability_without_group": (
        "Επιλέξτε την ομάδα «Αναπηρία» για να δώσετε ποσοστό",
        "Select the group 'Disability' to give a percentage",
    ),
    "err_mgi": ("Επιλέξτε Ναι ή Όχι", "Select Yes or No"),
    "err_legal_basis": ("Επιλέξτε τη νομική βάση", "Select the legal basis"),
    "err_purposes": ("Επιλέξτε τουλάχιστον έναν σκοπό", "Select at least one purpose"),
    # the individual file
    "reason_title": ("Γιατί ανοίγετε τον φάκελο;", "Why are you opening the file?"),
    "reason_hint": (
        "Κάθε άνοιγμα φακέλου καταγράφεται με τον λόγο του· ο/η υπεύθυνος/η του κέντρου τα βλέπει.",
        "Every time a file is opened it is recorded with its reason; the centre head sees them.",
    ),
    "reason_serving": ("Εξυπηρέτηση του ατόμου", "Serving the person"),
    "reason_follow_up": (
        "Παρακολούθηση αιτήματος ή παραπομπής",
        "Following up a request or referral",
    ),
    "reason_duplicate": ("Έλεγχος πιθανού διπλού φακέλου", "Reviewing a likely duplicate file"),
    "reason_other": ("Άλλος λόγος", "Another reason"),
    "reason_text": ("Ο λόγος, με δικά σας λόγια", "The reason, in your own words"),
    "reason_text_hint": ("Μόνο για «Άλλος λόγος»", "Only for 'Another reason'"),
    "err_reason": ("Επιλέξτε τον λόγο", "Select the reason"),
    "err_reason_text": (
        "Γράψτε τον λόγο (3 έως 200 χαρακτήρες)",
        "Write the reason (3 to 200 characters)",
    ),
    "file_caption": ("Ατομικός φάκελος", "Individual file"),
    "file_likely_duplicate": (
        "Πιθανό διπλό: άλλος φάκελος έχει τα ίδια ονόματα και ημερομηνία γέννησης.",
        "Likely duplicate: another file has the same names and date of birth.",
    ),
    "duplicate_legend": ("Έλεγχος πιθανού διπλού", "Review the likely duplicate"),
    "duplicate_distinct": (
        "Δύο διαφορετικά άτομα με ίδια στοιχεία",
        "Two different people with the same details",
    ),
    "duplicate_same": (
        "Το ίδιο άτομο με δύο φακέλους (π.χ. λάθος ΑΜΚΑ)",
        "One person filed twice (a mistyped AMKA, say)",
    ),
    "duplicate_button": ("Καταγραφή ελέγχου", "Record the review"),
    "duplicate_reviewed": ("Ελέγχθηκε", "Reviewed"),
    "profile_title": ("Στοιχεία", "Details"),
    "household_title": ("Νοικοκυριό", "Household"),
    "requests_title": ("Αιτήματα", "Requests"),
    "no_requests": ("Δεν υπάρχουν αιτήματα ακόμη.", "No requests yet."),
    "overdue": ("εκπρόθεσμο", "overdue"),
    "reads_title": ("Ποιος άνοιξε τον φάκελο", "Who opened the file"),
    "reads_when": ("Πότε", "When"),
    "reads_who": ("Ποιος", "Who"),
    "reads_what": ("Τι", "What"),
    "reads_why": ("Γιατί", "Why"),
    "reads_file": ("Φάκελος", "File"),
    "reads_referral": ("Παραπομπή", "Referral"),
    "reads_refused": ("απορρίφθηκε", "refused"),
    "edit_title": ("Αλλαγή στοιχείων", "Change the details"),
    "edit_link": ("Αλλαγή στοιχείων κατοικίας και κατάστασης", "Change residence and situation"),
    "edit_save": ("Αποθήκευση αλλαγών", "Save the changes"),
    "consent_title": ("Συγκατάθεση", "Consent"),
    "consent_change": ("Αλλαγή συγκατάθεσης", "Change the consent"),
    "consent_record_title": ("Καταγραφή συγκατάθεσης", "Record consent"),
    "consent_record_button": ("Καταγραφή", "Record"),
    "consent_withdraw_title": ("Ανάκληση συγκατάθεσης", "Withdraw consent"),
    "consent_withdrawn": ("Σκοποί που ανακαλούνται", "Purposes withdrawn"),
    "consent_withdraw_hint": (
        "Όλες οι υπηρεσίες σέβονται την ανάκληση από τη στιγμή που καταγράφεται.",
        "Every service honours the withdrawal from the moment it is recorded.",
    ),
    "consent_withdraw_button": ("Ανάκληση", "Withdraw"),
    "err_withdrawn": ("Επιλέξτε τι ανακαλείται", "Select what is withdrawn"),
    "file_elsewhere_body": (
        "Ο φάκελος αυτός τηρείται από άλλο Κέντρο Κοινότητας. Η απόπειρα καταγράφηκε.",
        "This file is kept by another Community Centre. The attempt was recorded.",
    ),
    "glass_title": ("Πρόσβαση έκτακτης ανάγκης", "Emergency access"),
    "glass_warning": (
        "Μόνο σε έκτακτη ανάγκη (π.χ. το άτομο βρίσκεται στο κέντρο σας και χρειάζεται "
        "βοήθεια τώρα). Η πρόσβαση διαρκεί 4 ώρες, καταγράφεται με τον λόγο της και τη βλέπει "
        "ο/η υπεύθυνος/η του κέντρου του φακέλου.",
        "Only in an emergency (the person is at your centre and needs help now, say). Access "
        "lasts 4 hours, is recorded with its reason and is shown to the head of the file's "
        "centre.",
    ),
    "glass_link": ("Πρόσβαση έκτακτης ανάγκης", "Emergency access"),
    "glass_reason": ("Γιατί χρειάζεστε τον φάκελο τώρα", "Why you need the file now"),
    "glass_reason_hint": ("Μία ή δύο προτάσεις", "A sentence or two"),
    "glass_button": ("Άνοιγμα με καταγραφή", "Open, on the record"),
    "err_glass_reason": (
        "Γράψτε τον λόγο (10 έως 300 χαρακτήρες)",
        "Write the reason (10 to 300 characters)",
    ),
    "household_link": ("Αλλαγή νοικοκυριού", "Change the household"),
    "household_none": ("Δεν έχουν καταγραφεί μέλη.", "No members are recorded."),
    "household_relation": ("Σχέση", "Relation"),
    "household_add_title": ("Προσθήκη μέλους", "Add a member"),
    "household_add": ("Προσθήκη", "Add"),
    "household_remove": ("Αφαίρεση", "Remove"),
    "household_family_name": ("Επώνυμο (προαιρετικό)", "Family name (optional)"),
    "household_birth_date": ("Ημερομηνία γέννησης (προαιρετική)", "Date of birth (optional)"),
    "household_amka": ("ΑΜΚΑ (προαιρετικός)", "AMKA (optional)"),
    "err_household_relation": ("Επιλέξτε τη σχέση", "Select the relation"),
    "rel_spouse": ("Σύζυγος", "Spouse"),
    "rel_partner": ("Σύντροφος", "Partner"),
    "rel_child": ("Τέκνο", "Child"),
    "rel_parent": ("Γονέας", "Parent"),
    "rel_sibling": ("Αδελφός/ή", "Sibling"),
    "rel_grandparent": ("Παππούς/γιαγιά", "Grandparent"),
    "rel_grandchild": ("Εγγόνι", "Grandchild"),
    "rel_other": ("Άλλη σχέση", "Other"),
    "proxy_title": ("Πληρεξούσιος", "Proxy"),
    "proxy_link": ("Πληρεξούσιος", "Proxy"),
    "proxy_now": ("Ισχύουσα εξουσιοδότηση", "The authorisation in force"),
    "proxy_new": ("Καταχώριση πληρεξουσίου", "Record a proxy"),
    "proxy_replace": ("Αντικατάσταση πληρεξουσίου", "Replace the proxy"),
    "proxy_name": ("Ονοματεπώνυμο", "Name"),
    "proxy_relation": ("Σχέση με το άτομο", "Relation to the person"),
    "proxy_relation_hint": ("Για παράδειγμα κόρη, γείτονας", "For example daughter, neighbour"),
    "proxy_id_document": ("Αριθμός ταυτότητας ή διαβατηρίου", "Identity card or passport number"),
    "proxy_id_document_hint": ("Του/της πληρεξουσίου", "The proxy's own"),
    "proxy_authorisation": ("Εξουσιοδότηση", "Authorisation"),
    "proxy_reference": ("Αριθμός πρωτοκόλλου", "Protocol number"),
    "proxy_issued_on": ("Ημερομηνία έκδοσης", "Issued on"),
    "proxy_valid_until": ("Ισχύει έως (προαιρετικό)", "Valid until (optional)"),
    "proxy_valid_until_hint": ("Κενό αν δεν λήγει", "Empty if it does not lapse"),
    "proxy_save": ("Αποθήκευση", "Save"),
    "proxy_revoke": ("Ανάκληση εξουσιοδότησης", "Revoke the authorisation"),
    "auth_notarial": ("Συμβολαιογραφικό πληρεξούσιο", "Notarial power of attorney"),
    "auth_certified_signature": (
        "Εξουσιοδότηση με θεώρηση γνησίου υπογραφής",
        "Authorisation with a certified signature",
    ),
    "auth_gov_gr": ("Εξουσιοδότηση μέσω gov.gr", "Authorisation through gov.gr"),
    "auth_court_guardian": ("Δικαστική συμπαράσταση", "Court-appointed guardian"),
    "err_id_document": (
        "Γράψτε τον αριθμό (4 έως 20 χαρακτήρες)",
        "Write the number (4 to 20 characters)",
    ),
    "err_relation": (
        "Γράψτε τη σχέση (2 έως 60 χαρακτήρες)",
        "Write the relation (2 to 60 characters)",
    ),
    "err_authorisation": ("Επιλέξτε την εξουσιοδότηση", "Select the authorisation"),
    "err_reference": ("Γράψτε τον αριθμό πρωτοκόλλου", "Write the protocol number"),
    "err_issued_on": (
        "Η ημερομηνία έκδοσης πρέπει να είναι πραγματική ημερομηνία",
        "The issue date must be a real date",
    ),
    "err_issued_on_future": (
        "Η ημερομηνία έκδοσης δεν μπορεί να είναι στο μέλλον",
        "The issue date cannot be in the future",
    ),
    "err_valid_until": (
        "Η ημερομηνία λήξης πρέπει να είναι πραγματική ημερομηνία",
        "The end date must be a real date",
    ),
    # requests
    "log_request": ("Καταχώριση αιτήματος", "Log a request"),
    "log_request_button": ("Καταχώριση", "Log the request"),
    "axis": ("Άξονας", "Axis"),
    "channel": ("Τρόπος", "Channel"),
    "programme": ("Πρόγραμμα", "Programme"),
    "programme_hint": (
        "Υποχρεωτικό για ενημέρωση για προγράμματα και υποστήριξη αίτησης",
        "Required for programme information and application support",
    ),
    "notes": ("Σημειώσεις (προαιρετικές)", "Notes (optional)"),
    "notes_hint": (
        "Μένουν στον φάκελο, κρυπτογραφημένες· δεν δημοσιεύονται ποτέ.",
        "They stay in the file, encrypted; they are never published.",
    ),
    "err_axis": ("Επιλέξτε άξονα", "Select the axis"),
    "err_category": ("Επιλέξτε κατηγορία", "Select the category"),
    "err_channel": ("Επιλέξτε τρόπο", "Select the channel"),
    "err_programme": (
        "Επιλέξτε το πρόγραμμα του αιτήματος",
        "Select the programme the request is about",
    ),
    "err_notes_long": ("Οι σημειώσεις είναι πολύ μεγάλες", "The notes are too long"),
    "err_refused": ("Ελέγξτε αυτό το πεδίο", "Check this field"),
    "request_caption": ("Αίτημα", "Request"),
    "back_to_file": ("Πίσω στον φάκελο", "Back to the file"),
    "informed_on": ("Ενημερώθηκε στις", "Informed on"),
    "application_submitted_on": ("Υποβολή αίτησης", "Application submitted"),
    "documents_title": ("Δικαιολογητικά", "Supporting documents"),
    "documents_legend": ("Σημειώστε όσα συγκεντρώθηκαν", "Tick those collected"),
    "documents_save": ("Αποθήκευση δικαιολογητικών", "Save the documents"),
    "application_hint": (
        "Η αίτηση υποβάλλεται όταν έχουν συγκεντρωθεί όλα τα δικαιολογητικά.",
        "The application is submitted once every document is collected.",
    ),
    "application_submit": ("Υποβολή αίτησης", "Submit the application"),
    "informed_title": ("Ενημέρωση του ατόμου", "Informing the person"),
    "informed_legend": ("Πώς ενημερώθηκε", "How they were informed"),
    "informed_button": ("Καταγραφή ενημέρωσης", "Record that they were informed"),
    "status_title": ("Κατάσταση αιτήματος", "Request status"),
    "status_new": ("Νέα κατάσταση", "New status"),
    "status_reason": ("Αιτιολογία (προαιρετική)", "Reason (optional)"),
    "status_button": ("Αλλαγή κατάστασης", "Change the status"),
    "decision_title": ("Απόφαση για την αίτηση", "Decision on the application"),
    "decision_legend": ("Τι αποφάσισε το πρόγραμμα", "What the programme decided"),
    "decision_enrolled": ("Εντάχθηκε στο πρόγραμμα", "Enrolled in the programme"),
    "decision_rejected": ("Απορρίφθηκε", "Rejected"),
    "decision_exited": (
        "Εντάχθηκε στο πρόγραμμα και έχει πλέον αποχωρήσει",
        "Was enrolled in the programme and has since left it",
    ),
    "rejection_reason": ("Λόγος απόρριψης (για «Απορρίφθηκε»)", "Reason (for 'Rejected')"),
    "decision_button": ("Καταγραφή απόφασης", "Record the decision"),
    "renewal_title": ("Ανανέωση ένταξης", "Renewing the enrolment"),
    "renew_by": ("Ανανέωση έως", "Renew by"),
    "renew_by_hint": ("Η επόμενη ημερομηνία επανελέγχου", "The next re-certification date"),
    "renewal_button": ("Ανανέωση", "Renew"),
    "exit_title": ("Έξοδος από το πρόγραμμα", "Leaving the programme"),
    "exit_reason": ("Λόγος εξόδου", "Reason for leaving"),
    "exit_button": ("Καταγραφή εξόδου", "Record the exit"),
    # referrals
    "referrals_title": ("Παραπομπές", "Referrals"),
    "no_referrals": ("Δεν υπάρχουν παραπομπές ακόμη.", "No referrals yet."),
    "refer": ("Παραπομπή σε φορέα", "Refer to a body"),
    "refer_title": ("Παραπομπή σε φορέα", "Refer to a body"),
    "body_category_filter": ("Είδος φορέα", "Kind of body"),
    "filter_button": ("Εμφάνιση φορέων", "Show bodies"),
    "body": ("Φορέας", "Body"),
    "no_bodies": (
        "Κανένας φορέας αυτού του είδους δεν δέχεται παραπομπές ακόμη.",
        "No body of this kind takes referrals yet.",
    ),
    "referral_service": ("Για ποια υπηρεσία", "For which service"),
    "urgency": ("Επείγον", "Urgency"),
    "referral_note": ("Σημείωμα προς τον φορέα", "Note to the body"),
    "referral_note_hint": (
        "Το βλέπει μόνο ο φορέας. Μην γράφετε περισσότερα από όσα χρειάζεται.",
        "Only the body sees it. Write no more than it needs.",
    ),
    "refer_button": ("Αποστολή παραπομπής", "Send the referral"),
    "err_service": ("Επιλέξτε την υπηρεσία", "Select the service"),
    "err_urgency": ("Επιλέξτε πόσο επείγει", "Select the urgency"),
    "err_body": ("Επιλέξτε φορέα", "Select a body"),
    "referral_caption": ("Παραπομπή", "Referral"),
    "sent_on": ("Στάλθηκε", "Sent on"),
    "respond_by": ("Απάντηση έως", "Answer due by"),
    "complete_by": ("Ολοκλήρωση έως", "Completion due by"),
    "refusal_reason": ("Λόγος απόρριψης", "Reason for refusal"),
    "outcome": ("Αποτέλεσμα", "Outcome"),
    "feedback": ("Ενημέρωση προς το κέντρο", "Feedback to the centre"),
    "feedback_hint": ("Προαιρετικά, τι έγινε", "Optional: what was done"),
    "body_link_title": ("Σύνδεσμος για τον φορέα", "The body's link"),
    "body_link_hint": (
        "Στείλτε τον σύνδεσμο στον φορέα (email ή εκτύπωση): απαντά από εκεί, χωρίς λογαριασμό.",
        "Send the link to the body (email or print): it answers there, without an account.",
    ),
    "body_link_label": ("Σύνδεσμος", "Link"),
    "body_link_open": ("Άνοιγμα της σελίδας του φορέα", "Open the body's page"),
    "withdraw_title": ("Ανάκληση παραπομπής", "Withdraw the referral"),
    "withdraw_reason": ("Λόγος ανάκλησης", "Reason for withdrawing"),
    "withdraw_button": ("Ανάκληση", "Withdraw"),
    "err_withdraw_reason": (
        "Γράψτε τον λόγο (3 έως 500 χαρακτήρες)",
        "Write the reason (3 to 500 characters)",
    ),
    # the receiving body's page
    "answer_caption": ("Παραπομπή από Κέντρο Κοινότητας", "Referral from a Community Centre"),
    "answer_title": ("Απάντηση σε παραπομπή", "Answer a referral"),
    "answer_lead": (
        "Το Κέντρο Κοινότητας σάς παρέπεμψε ένα άτομο. Απαντήστε εδώ· το κέντρο ενημερώνεται.",
        "The Community Centre has referred a person to you. Answer here; the centre is told.",
    ),
    "answer_accept": ("Αποδοχή της παραπομπής", "Accept the referral"),
    "answer_start": ("Η εξυπηρέτηση ξεκίνησε", "The service has started"),
    "answer_complete_title": ("Ολοκλήρωση", "Completion"),
    "answer_complete": ("Καταγραφή ολοκλήρωσης", "Record the completion"),
    "answer_refuse_title": ("Απόρριψη", "Refusal"),
    "answer_refuse": ("Απόρριψη της παραπομπής", "Refuse the referral"),
    "refusal_detail": ("Λεπτομέρειες", "Details"),
    "refusal_detail_hint": ("Υποχρεωτικές για «Άλλο»", "Required for 'Other'"),
    "answer_closed": (
        "Η παραπομπή έκλεισε: δεν χρειάζεται άλλη ενέργεια.",
        "The referral is closed: nothing more is needed.",
    ),
    "answer_done_acceptance": ("Η αποδοχή καταγράφηκε", "The acceptance was recorded"),
    "answer_done_service": (
        "Η έναρξη της εξυπηρέτησης καταγράφηκε",
        "The start of the service was recorded",
    ),
    "answer_done_refusal": ("Η απόρριψη καταγράφηκε", "The refusal was recorded"),
    "answer_done_completion": (
        "Η ολοκλήρωση καταγράφηκε· ευχαριστούμε",
        "The completion was recorded; thank you",
    ),
    "answer_redirect_title": ("Προώθηση σε άλλο φορέα", "Send on to another body"),
    "answer_redirect_to": ("Φορέας", "Body"),
    "answer_redirect_hint": (
        "Αν αρμόδιος είναι άλλος φορέας: παίρνει δικό του σύνδεσμο και προθεσμία.",
        "If another body is the right one: it gets its own link and deadline.",
    ),
    "answer_redirect": ("Προώθηση", "Send on"),
    "answer_done_redirection": (
        "Η παραπομπή προωθήθηκε· αυτός ο σύνδεσμος δεν ισχύει πλέον",
        "The referral was sent on; this link no longer works",
    ),
    "answer_gone_title": ("Ο σύνδεσμος δεν ισχύει πλέον", "This link no longer works"),
    "answer_gone_body": (
        "Η παραπομπή έκλεισε, μεταφέρθηκε σε άλλο φορέα ή ο σύνδεσμος έληξε. Επικοινωνήστε με "
        "το Κέντρο Κοινότητας που σας τον έστειλε.",
        "The referral was closed or moved to another body, or the link expired. Contact the "
        "Community Centre that sent it.",
    ),
    "err_refusal_reason": ("Επιλέξτε τον λόγο απόρριψης", "Select the reason for refusing"),
    "err_refusal_detail": ("Γράψτε τον λόγο για «Άλλο»", "Write the reason for 'Other'"),
    "err_outcome": ("Επιλέξτε το αποτέλεσμα", "Select the outcome"),
    # local bodies
    "nav_bodies": ("Φορείς του δήμου", "Local bodies"),
    "bodies_title": ("Φορείς του δήμου", "Bodies of the municipality"),
    "bodies_lead": (
        "Οι δομές του δήμου σας (ξενώνες, δομές ψυχικής υγείας, κοινωνικά παντοπωλεία…) που "
        "δέχονται παραπομπές από το κέντρο.",
        "Your municipality's structures (shelters, mental-health structures, social "
        "groceries…) that take referrals from the centre.",
    ),
    "bodies_none": ("Δεν έχει καταχωριστεί φορέας ακόμη.", "No body is registered yet."),
    "body_new": ("Καταχώριση φορέα", "Register a body"),
    "body_edit": ("Αλλαγή στοιχείων φορέα", "Change a body's details"),
    "body_name": ("Όνομα", "Name"),
    "body_name_el": ("Όνομα στα ελληνικά", "Name in Greek"),
    "body_name_en": ("Όνομα στα αγγλικά", "Name in English"),
    "body_category": ("Είδος", "Kind"),
    "accepts_referrals": ("Δέχεται παραπομπές", "Takes referrals"),
    "accepts_referrals_hint": (
        "Τότε χρειάζεται τηλέφωνο ή email του φορέα",
        "Then the body's phone or email is needed",
    ),
    "body_phone": ("Τηλέφωνο φορέα", "The body's phone"),
    "body_email": ("Email φορέα", "The body's email"),
    "body_address": ("Διεύθυνση (προαιρετική)", "Address (optional)"),
    "body_website": ("Ιστότοπος (προαιρετικός)", "Website (optional)"),
    "body_capacity": ("Θέσεις (προαιρετικό)", "Places (optional)"),
    "body_save": ("Αποθήκευση", "Save"),
    "err_body_name": (
        "Γράψτε το όνομα (2 έως 200 χαρακτήρες)",
        "Write the name (2 to 200 characters)",
    ),
    "err_body_category": ("Επιλέξτε το είδος του φορέα", "Select the kind of body"),
    "err_accepts_referrals": ("Επιλέξτε Ναι ή Όχι", "Select Yes or No"),
    "err_body_phone": ("Το τηλέφωνο δεν έχει σωστή μορφή", "The phone is not in the right form"),
    "err_body_reachable": (
        "Ένας φορέας που δέχεται παραπομπές χρειάζεται τηλέφωνο ή email",
        "A body that takes referrals needs a phone or an email",
    ),
    "err_capacity": ("Οι θέσεις είναι ακέραιος αριθμός", "Places are a whole number"),
    # error pages
    "forbidden_title": ("Δεν έχετε πρόσβαση", "You do not have access"),
    "forbidden_body": (
        "Αυτό ανήκει σε άλλο κέντρο ή ο ρόλος σας δεν το επιτρέπει. Η απόπειρα καταγράφηκε.",
        "This belongs to another centre or your role does not allow it. The attempt was recorded.",
    ),
    "not_found_page_title": ("Η σελίδα δεν βρέθηκε", "Page not found"),
    "not_found_page_body": (
        "Ελέγξτε τη διεύθυνση ή επιστρέψτε στην αρχική σελίδα.",
        "Check the address or go back to the start page.",
    ),
    "unavailable_title": (
        "Η υπηρεσία δεν είναι διαθέσιμη προσωρινά",
        "The service is temporarily unavailable",
    ),
    "unavailable_body": (
        "Δεν χάθηκε τίποτα από όσα συμπληρώσατε: δοκιμάστε ξανά σε λίγο.",
        "Nothing you entered was lost: try again in a moment.",
    ),
    "failure_title": ("Κάτι πήγε στραβά", "Something went wrong"),
    "failure_body": (
        "Ανοίξτε ξανά τη σελίδα και ελέγξτε αν η ενέργειά σας καταγράφηκε πριν την "
        "επαναλάβετε. Αν το πρόβλημα συνεχιστεί, δώστε στην υποστήριξη τον κωδικό παρακάτω.",
        "Open the page again and check whether your action was recorded before you repeat "
        "it. If it happens again, give support the reference below.",
    ),
    "failure_reference": ("Κωδικός αναφοράς:", "Reference:"),
    "csrf_title": ("Η φόρμα έληξε", "The form has expired"),
    "csrf_body": (
        "Η φόρμα δεν στάλθηκε για λόγους ασφαλείας. Ανοίξτε τη σελίδα ξανά και υποβάλετέ τη.",
        "The form was not sent, for your security. Open the page again and send it.",
    ),
    "back_home": ("Επιστροφή στην αρχική", "Back to the start page"),
}


def text(key: str, lang: Lang) -> str:
    el, en = TEXTS[key]
    return el if lang == "el" else en


def label(code: StrEnum | str, lang: Lang) -> str:
    """A code as people read it; a code without a label yet shows as itself."""
    labels = LABELS.get(cast(StrEnum, code))  # a plain value finds its member: StrEnum
    if labels is None:
        return str(code)
    return labels[0] if lang == "el" else labels[1]

"""The frame of every page, signing in and out, the worklist, the search, the form's errors
and the error pages."""

from __future__ import annotations

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

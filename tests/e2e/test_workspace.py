"""The staff workspace in a real browser, on the real platform: staff sign in at the real
identity provider (Keycloak's own login page), find people before they open files, get
every form back with their input and the problem beside each field, read every page in
Greek first and English second, with JavaScript or without, by keyboard, and axe-core finds
no serious or critical accessibility problem on any page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from devstack.kafka import free_port
from devstack.processes import WORKSPACE
from kk_contracts import Topic
from servicekit.auth import Role

from tests.e2e.browsers import (
    click_and_wait,
    keyboard_submit,
    launched_chromium,
    reloaded_until,
    screenshot,
    serious_accessibility_violations,
    signed_in,
    signed_in_by_keyboard,
    tab_to,
)
from tests.e2e.conftest import Platform
from tests.support import eventually, person, read_topic, unique_birth_date, valid_amka

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"  # Kalymnos: the realm's kl.kalymnos works there


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_chromium()


def _sign_in(
    browser: Any, workspace: str, platform: Platform, username: str, **options: Any
) -> Any:
    """A fresh browser that signs in through the identity provider's login page."""
    page = signed_in(
        browser, workspace, platform.stack.issuer, username,
        platform.stack.secrets["KK_DEV_USERS_PASSWORD"], **options,
    )  # fmt: skip
    assert page.url == workspace + "/"
    return page


def _checked(page: Any, name: str) -> None:
    """Every page: no serious accessibility problem, and a screenshot kept. (axe-core runs
    in the page, so a page without JavaScript is checked as it is served with it: the same
    HTML.)"""
    if page.context.pages and page.evaluate("() => typeof htmx !== 'undefined'"):
        assert serious_accessibility_violations(page) == [], page.url
    screenshot(page, "workspace", name)


def _search_by_amka(page: Any, amka: str) -> None:
    page.fill("#amka", amka)
    click_and_wait(page, "form:has(input[value=amka]) button[type=submit]")


def _search_by_names(page: Any, family: str, given: str, born: str) -> None:
    year, month, day = born.split("-")
    page.fill("#family_name", family)
    page.fill("#given_name", given)
    page.fill("#birth_date-day", day)
    page.fill("#birth_date-month", month)
    page.fill("#birth_date-year", year)
    click_and_wait(page, "form:has(input[value=names]) button[type=submit]")


def test_a_social_worker_signs_in_and_sees_the_centres_work(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    assert page.get_attribute("html", "lang") == "el"
    assert page.text_content("h1") == "Η δουλειά μου"
    assert "Μαρία Γεωργίου" in page.text_content("header")
    assert CENTRE in page.text_content("main")
    _checked(page, "work-el")
    # the keyboard: the first Tab reaches the skip link, and it leads to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_wrong_amka_comes_back_with_the_problem_beside_it(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    # htmx asks for the page's content only, and swaps the title and the menu with it
    with page.expect_response(lambda r: r.url == workspace + "/people/search") as answer:
        click_and_wait(page, "nav a[href='/people/search']")
    fragment = answer.value.text()
    assert "<html" not in fragment
    assert 'id="kk-nav"' in fragment
    assert page.url == workspace + "/people/search"
    assert page.title().startswith("Αναζήτηση")
    assert page.get_attribute("nav a[href='/people/search']", "aria-current") == "page"
    assert page.locator("header").count() == 1
    _checked(page, "search-el")
    _search_by_amka(page, "0101801234")
    assert page.title().startswith("Πρόβλημα: ")
    summary = page.locator(".govgr-error-summary")
    assert summary.evaluate("e => e === document.activeElement"), "the summary takes focus"
    assert summary.locator("a[href='#amka']").text_content() == "Ο ΑΜΚΑ έχει ακριβώς 11 ψηφία"
    assert page.input_value("#amka") == "0101801234", "what was typed is shown again"
    assert page.text_content("#amka-error").endswith("Ο ΑΜΚΑ έχει ακριβώς 11 ψηφία")
    _checked(page, "search-error-el")
    _search_by_amka(page, "01018012343")
    assert "ελέγξτε τον ξανά στην κάρτα" in page.text_content("#amka-error")


def test_a_wrong_birth_date_is_flagged_and_the_names_are_kept(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    page.goto(workspace + "/people/search")
    _search_by_names(page, "Οικονόμου", "", "1980-02-30")
    assert page.title().startswith("Πρόβλημα: ")
    links = page.locator(".govgr-error-summary a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "#given_name",
        "#birth_date-day",
    ]
    assert page.input_value("#family_name") == "Οικονόμου"
    assert page.input_value("#birth_date-day") == "30"


def test_a_person_not_found_is_offered_a_new_file_and_one_found_is_shown(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    page.goto(workspace + "/people/search")
    born = unique_birth_date()
    _search_by_names(page, "Καλαμαρά", "Ειρήνη", born)
    assert page.locator("#results h3").first.text_content() == "Δεν βρέθηκε φάκελος"
    assert page.locator("#results button", has_text="Άνοιγμα νέου φακέλου").count() == 1
    _checked(page, "search-not-found-el")

    details = person(CENTRE, family_name="Καλαμαρά", given_name="Ειρήνη", birth_date=born)
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    assert platform.post("intake", "/beneficiaries", details, staff).status_code == 201
    _search_by_names(page, "ΚΑΛΑΜΑΡΑ", "ειρηνη", born)
    assert page.locator("#results .govgr-card h3").text_content() == "Καλαμαρά Ειρήνη"
    _checked(page, "search-found-el")

    # staff of another centre learn only that a file exists, not whose
    athens = _sign_in(browser, workspace, platform, "kl.athens")
    athens.goto(workspace + "/people/search")
    _search_by_amka(athens, details["amka"])
    assert athens.locator("#elsewhere-title").text_content() == "Υπάρχει φάκελος σε άλλο κέντρο"
    assert "Καλαμαρά" not in athens.content()
    _checked(athens, "search-elsewhere-el")


def test_english_is_one_link_away_on_every_page(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    page.goto(workspace + "/people/search")
    page.click("header a[lang=en]")
    page.wait_for_url(workspace + "/people/search")
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("h1") == "Find a person"
    _search_by_amka(page, "123")
    assert page.title().startswith("Error: ")
    assert page.text_content("#amka-error").endswith("The AMKA must be exactly 11 digits")
    _checked(page, "search-error-en")
    page.click("header a[lang=el]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "el"


def test_without_javascript_every_step_still_works(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = _sign_in(browser, workspace, platform, "kl.kalymnos", java_script_enabled=False)
    page.goto(workspace + "/people/search")
    _search_by_amka(page, valid_amka())
    assert page.locator("#results h3").first.text_content() == "Δεν βρέθηκε φάκελος"
    _search_by_amka(page, "12")
    assert page.title().startswith("Πρόβλημα: ")
    page.locator("button", has_text="Αποσύνδεση").click()
    page.wait_for_url(workspace + "/signed-out")
    _checked(page, "signed-out-el")


def test_signing_out_ends_the_session_at_the_provider_too(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    page.locator("button", has_text="Αποσύνδεση").click()
    page.wait_for_url(workspace + "/signed-out")
    assert page.text_content("h1") == "Αποσυνδεθήκατε"
    _checked(page, "signed-out-js-el")
    page.goto(workspace + "/")
    assert page.url.startswith(platform.stack.issuer)
    assert page.locator("#username").count() == 1, "the provider asks for the password again"


def test_a_form_sent_without_its_csrf_token_is_refused(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    forged = httpx.post(
        workspace + "/people/search",
        data={"way": "amka", "amka": valid_amka()},
        cookies=cookies,
        timeout=10,
    )
    assert forged.status_code == 403
    assert "Η φόρμα έληξε" in forged.text
    session = page.context.cookies(workspace)
    [cookie] = [c for c in session if c["name"] == "kk_workspace_session"]
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"


def test_a_service_that_is_down_gives_a_greek_page_not_a_stack_trace(
    browser: Any, platform: Platform
) -> None:
    urls = {f"{name.upper()}_URL": url for name, url in platform.urls.items()}
    urls["INTAKE_URL"] = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    process, broken = platform.stack.start_api(WORKSPACE, port=free_port(), **urls)
    try:
        page = _sign_in(browser, broken, platform, "kl.kalymnos")
        assert page.text_content("h1") == "Η υπηρεσία δεν είναι διαθέσιμη προσωρινά"
        assert page.evaluate("document.title").startswith("Η υπηρεσία")
        response = page.goto(broken + "/")
        assert response.status == 503
        assert not re.search(r"Traceback|Exception", page.content())
        _checked(page, "unavailable-el")
    finally:
        process.stop()
        platform.stack.processes.remove(process)


def _file_reads(platform: Platform, beneficiary_id: str) -> list[str]:
    with psycopg.connect(platform.stack.database_url) as conn:
        rows = conn.execute(
            "SELECT reason FROM intake.file_reads WHERE beneficiary_id = %s", (beneficiary_id,)
        ).fetchall()
    return [row[0] for row in rows]


def _enrolment_events(platform: Platform, enrolment_id: str) -> list[str]:
    # read_topic runs an event loop of its own: not in the thread Playwright's loop runs in
    with ThreadPoolExecutor(1) as thread:
        reading = thread.submit(read_topic, platform.stack.bootstrap_servers, Topic.ENROLMENTS)
        records = reading.result()
    types = [dict(r.headers)["ce_type"].decode() for r in records if r.key.decode() == enrolment_id]
    return types if "gr.kk.referral.ProgramExited" in types else []


def _a_file(platform: Platform) -> str:
    """A file opened at the centre through intake's API."""
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    opened = platform.post("intake", "/beneficiaries", person(CENTRE), staff)
    assert opened.status_code == 201, opened.text
    return str(opened.json()["beneficiary_id"])


def _open_stating_reason(page: Any, url: str) -> None:
    """Goes to a page of a file, giving the first reason offered for opening it."""
    page.goto(url)
    page.check("#reason")
    _continue(page)


def _continue(page: Any) -> None:
    click_and_wait(page, "main form[method=post] button[type=submit]")


def test_a_person_not_found_gets_a_file_through_question_pages(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    page.goto(workspace + "/people/search")
    born = unique_birth_date()
    _search_by_names(page, "Βασιλείου", "Χρυσάνθη", born)
    click_and_wait(page, "#results button")
    # the first question page has the search terms filled in
    assert page.url == workspace + "/people/new/identity"
    assert page.input_value("#family_name") == "Βασιλείου"
    assert page.input_value("#birth_date-year") == born[:4]
    _checked(page, "new-identity-el")
    amka = valid_amka()
    page.fill("#amka", amka)
    _continue(page)
    assert page.title().startswith("Πρόβλημα: ")
    assert page.locator(".govgr-error-summary a[href='#sex']").count() == 1
    assert page.input_value("#amka") == amka
    _checked(page, "new-identity-error-el")
    page.check("#sex")
    _continue(page)
    assert page.url == workspace + "/people/new/residence"
    assert page.input_value("#municipality_code") == "6101", "the centre's own municipality"
    page.fill("#phone", "69")
    _continue(page)
    assert "10 έως 16 ψηφία" in page.text_content("#phone-error")
    page.fill("#phone", "+30 6912345678")
    _checked(page, "new-residence-el")
    _continue(page)
    page.check("input[name=vulnerable_groups][value=unemployment]")
    page.check("#mgi_recipient")
    _checked(page, "new-situation-el")
    _continue(page)
    page.check("#legal_basis")
    page.check("input[name=purposes][value=case_management]")
    page.check("input[name=purposes][value=referral_sharing]")
    page.check("input[name=purposes][value=programme_applications]")
    _checked(page, "new-consent-el")
    _continue(page)
    assert page.url == workspace + "/people/new/check"
    summary = page.text_content("main")
    assert amka in summary
    assert "Ανεργία" in summary
    _checked(page, "new-check-el")
    # changing an answer goes back to its page and returns here
    page.click("a[href='/people/new/residence?change=1#phone']")
    page.wait_for_load_state()
    page.fill("#phone", "+30 6900000001")
    _continue(page)
    assert page.url == workspace + "/people/new/check"
    assert "+30 6900000001" in page.text_content("main")
    _continue(page)
    assert page.url.startswith(workspace + "/people/new/done?file=")
    assert page.text_content("h1") == "Ο φάκελος άνοιξε"
    _checked(page, "new-done-el")
    # the file is there, at this centre, with what was typed
    found = platform.post(
        "intake",
        "/beneficiaries/search",
        {"centre_id": CENTRE, "amka": amka},
        platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE),
    )
    [match] = found.json()["matches"]
    assert match["family_name"] == "Βασιλείου"
    assert page.url.endswith(f"file={match['beneficiary_id']}&transferred=&duplicate=")

    # the file asks why it is opened, once
    page.locator("a", has_text="Άνοιγμα του φακέλου").click()
    page.wait_for_url(re.compile(r".*/reason\?next=.*"))
    _continue(page)
    assert page.locator(".govgr-error-summary a[href='#reason']").count() == 1
    page.check("#reason")
    _checked(page, "file-reason-el")
    _continue(page)
    assert page.text_content("h1") == "Βασιλείου Χρυσάνθη"
    _checked(page, "file-el")
    reads = _file_reads(platform, match["beneficiary_id"])
    assert "Εξυπηρέτηση του ατόμου / Serving the person" in reads

    # a request for application support to the Minimum Guaranteed Income
    click_and_wait(page, "a:has-text('Καταχώριση αιτήματος')")
    page.select_option("#category", "application_support")
    _continue(page)
    assert page.text_content("#programme_id-error").endswith("Επιλέξτε το πρόγραμμα του αιτήματος")
    eee = platform.ids["programmes"]["eee"]["programme_id"]
    page.select_option("#programme_id", eee)
    page.fill("#notes", "Χρειάζεται βοήθεια με τους κωδικούς TAXISnet.")
    _checked(page, "request-new-el")
    _continue(page)
    assert page.text_content("h1") == "Υποστήριξη αίτησης"
    assert "Χρειάζεται βοήθεια" in page.text_content("main")
    _checked(page, "request-el")
    # submitting before every document is collected is refused, and says why
    click_and_wait(page, "form[action$='/application'] button")
    assert page.locator(".govgr-error-summary").count() == 1
    documents = page.locator("input[name=document]")
    assert documents.count() == 4
    for i in range(documents.count()):
        documents.nth(i).check()
    click_and_wait(page, "form[action$='/documents'] button")
    assert all(documents.nth(i).is_checked() for i in range(documents.count()))
    click_and_wait(page, "form[action$='/application'] button")
    assert page.locator(".govgr-error-summary").count() == 0
    assert page.locator("form[action$='/application']").count() == 0
    click_and_wait(page, "form[action$='/informed'] button")
    assert page.locator("form[action$='/informed']").count() == 0
    _checked(page, "request-submitted-el")

    # the application reaches referral a moment later: the worklist lists it to decide
    request_page = page.url
    reloaded_until(page, lambda: page.locator("form[action$='/decision']").count() == 1, timeout=30)
    click_and_wait(page, "nav a[href='/']")
    assert page.locator(f"a[href='{request_page.removeprefix(workspace)}']").count() == 1
    row = page.locator(f"tr:has(a[href='{request_page.removeprefix(workspace)}'])")
    assert "Βασιλείου Χρυσάνθη" in row.text_content(), "names for the centre's own staff"
    _checked(page, "work-with-application-el")
    page.goto(request_page)
    click_and_wait(page, "form[action$='/decision'] button")
    assert page.locator("form[action$='/decision']").count() == 0, "decided, at once"
    assert "Εντάχθηκε στο πρόγραμμα" in page.text_content("main")
    # the enrolment is renewed, then the person leaves the programme
    enrolment = page.input_value("form[action$='/enrolment/renewal'] input[name=enrolment_id]")
    page.fill("#renew_by", f"{date.today().year + 1}-06-30")
    click_and_wait(page, "form[action$='/enrolment/renewal'] button")
    page.select_option("#exit-reason", "moved_away")
    click_and_wait(page, "form[action$='/enrolment/exit'] button")
    assert page.locator(".govgr-error-summary").count() == 0
    published = eventually(lambda: _enrolment_events(platform, enrolment) or None, timeout=30)
    assert published[-2:] == ["gr.kk.referral.ProgramRenewed", "gr.kk.referral.ProgramExited"]

    # a referral to the welfare benefits' body, chosen from the registry
    click_and_wait(page, "a.govgr-back-link")
    assert page.text_content("h1") == "Βασιλείου Χρυσάνθη"
    click_and_wait(page, "a:has-text('Παραπομπή σε φορέα')")
    page.select_option("#category", "welfare_benefits")
    click_and_wait(page, "form.kk-filter button")
    page.check("#body_id")
    page.select_option("#service", "application_support")
    page.fill("#note", "Βοήθεια με την αίτηση ΕΕΕ.")
    _checked(page, "referral-new-el")
    _continue(page)
    assert "Οργανισμός Προνοιακών Επιδομάτων" in page.text_content("h1")
    _checked(page, "referral-el")
    body_page = page.input_value("#body-page")
    assert body_page.startswith(workspace + "/answer/")

    # the body answers on its page, signed in nowhere
    body = browser.new_context(locale="el-GR").new_page()
    body.goto(body_page)
    assert body.text_content("h1") == "Απάντηση σε παραπομπή"
    assert "Βοήθεια με την αίτηση ΕΕΕ." in body.text_content("main")
    assert "Βασιλείου" not in body.content(), "the body sees the referral, not the file"
    _checked(body, "answer-el")
    body.reload()
    page.reload()
    assert "Στάλθηκε" in page.text_content("main"), "opening the link changed nothing"
    click_and_wait(body, "form[action$='/acceptance'] button")
    assert body.text_content("#done-title") == "Η αποδοχή καταγράφηκε"
    click_and_wait(body, "form[action$='/service'] button")
    click_and_wait(body, "form[action$='/completion'] button")
    assert body.locator(".govgr-error-summary a[href='#outcome']").count() == 1
    body.check("#outcome")
    body.fill("#feedback", "Η αίτηση υποβλήθηκε στο ΟΠΕΚΑ.")
    click_and_wait(body, "form[action$='/completion'] button")
    assert "ευχαριστούμε" in body.text_content("#done-title")
    _checked(body, "answer-completed-el")
    page.reload()
    assert "Ολοκληρώθηκε" in page.text_content("main")
    assert "Η αίτηση υποβλήθηκε στο ΟΠΕΚΑ." in page.text_content("main")

    # the centre's dashboard counts it, each code by its Greek label, a moment later
    click_and_wait(page, "nav a[href='/dashboards']")
    assert page.url.split("?")[0] == workspace + f"/dashboards/centres/{CENTRE}"
    completed = "[data-breakdown=referrals_completed_by_outcome] tr[data-code=provided] th"
    reloaded_until(page, lambda: page.locator(completed).count() == 1, timeout=30)
    assert page.text_content(completed) == "Παρασχέθηκε"
    category = "[data-breakdown=requests_by_category] tr[data-code=application_support] th"
    assert page.text_content(category) == "Υποστήριξη αίτησης"
    _checked(page, "dashboard-centre-el")


def test_opening_a_file_twice_from_the_same_form_opens_one_file(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    page.goto(workspace + "/people/new/identity")
    amka = valid_amka()
    page.fill("#amka", amka)
    page.fill("#family_name", "Σταυροπούλου")
    page.fill("#given_name", "Ιφιγένεια")
    year, month, day = unique_birth_date().split("-")
    page.fill("#birth_date-day", day)
    page.fill("#birth_date-month", month)
    page.fill("#birth_date-year", year)
    page.check("#sex")
    _continue(page)
    _continue(page)
    page.check("#mgi_recipient-no")
    _continue(page)
    page.check("#legal_basis")
    page.check("input[name=purposes][value=case_management]")
    _continue(page)
    # the check page's form, sent twice as a double click or a resent form would
    fields = page.evaluate("Object.fromEntries(new FormData(document.querySelector('main form')))")
    cookies = {c["name"]: c["value"] for c in page.context.cookies(workspace + "/people/new")}
    answers = [
        httpx.post(workspace + "/people/new/check", data=fields, cookies=cookies, timeout=10)
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [303, 303]
    assert answers[0].headers["location"] == answers[1].headers["location"]
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    found = platform.post(
        "intake", "/beneficiaries/search", {"centre_id": CENTRE, "amka": amka}, staff
    )
    assert len(found.json()["matches"]) == 1


def test_a_referral_the_consent_does_not_cover_is_refused_saying_why_in_greek(
    browser: Any, workspace: str, platform: Platform
) -> None:
    details = person(CENTRE, consent={"legal_basis": "consent", "purposes": ["case_management"]})
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    opened = platform.post("intake", "/beneficiaries", details, staff)
    assert opened.status_code == 201, opened.text
    file_id = opened.json()["beneficiary_id"]
    opeka = platform.ids["bodies"]["opeka"]["body_id"]
    attempt = {"beneficiary_id": file_id, "body_id": opeka, "service": "legal_information"}
    # once the referral service has heard of the file, it refuses for want of consent
    eventually(
        lambda: platform.post("referral", "/referrals", attempt, staff).status_code == 409,
        timeout=30,
    )
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    page.goto(f"{workspace}/people/{file_id}")
    page.check("#reason-reason_follow_up")
    _continue(page)
    page.goto(f"{workspace}/people/{file_id}/referrals/new")
    page.check("#body_id")
    page.select_option("#service", "legal_information")
    _continue(page)
    summary = page.text_content(".govgr-error-summary")
    assert "καταγράψτε πρώτα τη συγκατάθεση στον φάκελο" in summary
    assert page.title().startswith("Πρόβλημα: ")
    # the person consents to sharing with bodies: the consent page records it
    page.goto(f"{workspace}/people/{file_id}/consent")
    _checked(page, "consent-el")
    page.check("input[name=purposes][value=referral_sharing]")
    click_and_wait(page, "form[action$='/consent'] button")
    assert page.url == f"{workspace}/people/{file_id}"
    assert "Κοινοποίηση σε φορείς με παραπομπή" in page.text_content("main")
    # once the referral service has heard of it, the referral goes
    eventually(
        lambda: platform.post("referral", "/referrals", attempt, staff).status_code == 201,
        timeout=30,
    )


def test_the_centre_head_sees_who_opened_a_file_and_why_refused_attempts_included(
    browser: Any, workspace: str, platform: Platform
) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    opened = platform.post("intake", "/beneficiaries", person(CENTRE), staff)
    file_id = opened.json()["beneficiary_id"]
    # a social worker of the centre opens it, saying why in her own words
    worker = _sign_in(browser, workspace, platform, "kl.kalymnos")
    worker.goto(f"{workspace}/people/{file_id}")
    worker.check("#reason-reason_other")
    worker.fill("#reason_text", "Τηλεφώνησε η κόρη της")
    _continue(worker)
    assert worker.url == f"{workspace}/people/{file_id}"
    # another centre's social worker is refused, and the attempt is on the record
    stranger = _sign_in(browser, workspace, platform, "kl.athens")
    stranger.goto(f"{workspace}/people/{file_id}")
    stranger.check("#reason")
    response = None
    with stranger.expect_response(lambda r: r.url.endswith(file_id)) as answer:
        _continue(stranger)
    response = answer.value
    assert response.status == 403
    assert stranger.text_content("h1") == "Δεν έχετε πρόσβαση"
    # in an emergency, she breaks the glass: a stated reason, a few hours, on the record
    click_and_wait(stranger, "a[href$='/break-glass']")
    stranger.fill("#reason", "Λίγο")
    _continue(stranger)
    assert "10 έως 300" in stranger.text_content("#reason-error")
    _checked(stranger, "break-glass-error-el")
    stranger.fill("#reason", "Ήρθε στο κέντρο μας της Αθήνας άρρωστη, χωρίς χαρτιά")
    _continue(stranger)
    assert stranger.url == f"{workspace}/people/{file_id}"
    assert stranger.locator("h1").count() == 1
    assert stranger.text_content("h1") != "Δεν έχετε πρόσβαση"
    # the head sees both, with names and reasons
    head = _sign_in(browser, workspace, platform, "head.kalymnos")
    head.goto(f"{workspace}/people/{file_id}")
    head.check("#reason")
    _continue(head)
    reads = head.text_content("h2:has-text('Ποιος άνοιξε τον φάκελο') + table")
    assert "Μαρία Γεωργίου" in reads
    assert "Τηλεφώνησε η κόρη της" in reads
    assert "Ελένη Παππά" in reads
    assert "απορρίφθηκε" in reads
    assert "break the glass: Ήρθε στο κέντρο μας της Αθήνας" in reads
    _checked(head, "file-reads-head-el")
    # a social worker does not see the reads
    worker.reload()
    assert worker.locator("text=Ποιος άνοιξε τον φάκελο").count() == 0


def test_a_file_is_opened_by_keyboard_alone(
    browser: Any, workspace: str, platform: Platform
) -> None:
    password = platform.stack.secrets["KK_DEV_USERS_PASSWORD"]
    page = signed_in_by_keyboard(browser, workspace, "kl.kalymnos", password)
    tab_to(page, "nav a[href='/people/search']")
    page.keyboard.press("Enter")
    page.wait_for_url(workspace + "/people/search")
    born = unique_birth_date()
    year, month, day = born.split("-")
    tab_to(page, "#family_name")
    page.keyboard.type("Κυριακίδου")
    page.keyboard.press("Tab")
    page.keyboard.type("Ευανθία")
    for part in (day, month, year):
        page.keyboard.press("Tab")
        page.keyboard.type(part)
    keyboard_submit(page, "form:has(input[value=names]) button")
    assert page.locator("#results h3").first.text_content() == "Δεν βρέθηκε φάκελος"
    keyboard_submit(page, "#results button")
    assert page.url == workspace + "/people/new/identity"
    tab_to(page, "#amka")
    amka = valid_amka()
    page.keyboard.type(amka)
    tab_to(page, "#sex")
    page.keyboard.press("Space")
    keyboard_submit(page, "main form[method=post] button")
    assert page.url == workspace + "/people/new/residence"
    keyboard_submit(page, "main form[method=post] button")
    tab_to(page, "input[name=vulnerable_groups][value=elderly]")
    page.keyboard.press("Space")
    tab_to(page, "#mgi_recipient")  # a radio group is one stop; arrows move within it
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#mgi_recipient-no")
    keyboard_submit(page, "main form[method=post] button")
    tab_to(page, "#legal_basis")
    page.keyboard.press("Space")
    tab_to(page, "input[name=purposes][value=case_management]")
    page.keyboard.press("Space")
    keyboard_submit(page, "main form[method=post] button")
    assert page.url == workspace + "/people/new/check"
    assert "Ηλικιωμένοι" in page.text_content("main")
    keyboard_submit(page, "main form[method=post] button")
    assert page.text_content("h1") == "Ο φάκελος άνοιξε"
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    found = platform.post(
        "intake", "/beneficiaries/search", {"centre_id": CENTRE, "amka": amka}, staff
    )
    assert [m["family_name"] for m in found.json()["matches"]] == ["Κυριακίδου"]


def test_a_social_worker_edits_the_files_situation(
    browser: Any, workspace: str, platform: Platform
) -> None:
    file_id = _a_file(platform)
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    _open_stating_reason(page, f"{workspace}/people/{file_id}/edit")
    assert page.url == f"{workspace}/people/{file_id}/edit", "back where she was going"
    assert page.is_checked("input[name=vulnerable_groups][value=unemployment]"), "as on file"
    _checked(page, "edit-el")
    page.fill("#disability_percent", "40")
    page.fill("#phone", "+30 6944000111")
    _continue(page)
    assert page.title().startswith("Πρόβλημα: ")
    assert "«Αναπηρία»" in page.text_content("#disability_percent-error")
    assert page.input_value("#phone") == "+30 6944000111"
    page.check("input[name=vulnerable_groups][value=disability]")
    _continue(page)
    assert page.url == f"{workspace}/people/{file_id}"
    details = page.text_content("main")
    assert "+30 6944000111" in details
    assert "40%" in details
    assert "Αναπηρία (ΑμεΑ)" in details


def test_a_centre_head_registers_a_local_body_that_referrals_can_then_reach(
    browser: Any, workspace: str, platform: Platform
) -> None:
    head = _sign_in(browser, workspace, platform, "head.kalymnos")
    click_and_wait(head, "nav a[href='/bodies']")
    _checked(head, "bodies-el")
    click_and_wait(head, "a[href='/bodies/new']")
    head.fill("#name_el", "Κινητή Μονάδα Ψυχικής Υγείας Καλύμνου")
    head.fill("#name_en", "Mobile mental health unit of Kalymnos")
    head.select_option("#category", "mental_health")
    _continue(head)
    assert "τηλέφωνο ή email" in head.text_content("#contact_phone-error")
    _checked(head, "body-new-error-el")
    head.fill("#contact_phone", "22430 12345")
    _continue(head)
    assert head.url == workspace + "/bodies"
    reloaded_until(
        head, lambda: "Κινητή Μονάδα Ψυχικής Υγείας" in head.text_content("main"), timeout=30
    )
    # a social worker of the centre can now refer to it
    worker = _sign_in(browser, workspace, platform, "kl.kalymnos")
    assert worker.locator("nav a[href='/bodies']").count() == 0, "only the head keeps bodies"
    file_id = platform.post(
        "intake",
        "/beneficiaries",
        person(CENTRE),
        platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE),
    ).json()["beneficiary_id"]
    worker.goto(f"{workspace}/people/{file_id}/referrals/new?category=mental_health")
    assert "Κινητή Μονάδα Ψυχικής Υγείας Καλύμνου" in worker.text_content("main form[method=post]")
    assert worker.goto(workspace + "/bodies").status == 403


def test_a_person_without_an_amka_is_registered_with_the_reason(
    browser: Any, workspace: str, platform: Platform
) -> None:
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    page.goto(workspace + "/people/search")
    born = unique_birth_date()
    _search_by_names(page, "Αχμάντ", "Ιμπραήμ", born)
    click_and_wait(page, "#results button")
    page.check("#has_amka-no")
    page.check("#sex-male")
    _continue(page)
    assert page.locator(".govgr-error-summary a[href='#no_amka_reason']").count() == 1
    page.select_option("#no_amka_reason", "awaiting")
    page.select_option("#other_id_kind", "asylum_seeker_card")
    page.fill("#other_id", "ΑΑ-123456")
    _checked(page, "new-identity-no-amka-el")
    _continue(page)
    _continue(page)
    page.check("#mgi_recipient-no")
    _continue(page)
    page.check("#legal_basis")
    page.check("input[name=purposes][value=case_management]")
    _continue(page)
    summary = page.text_content("main")
    assert "Χωρίς ΑΜΚΑ: Έχει υποβληθεί αίτηση, αναμένεται" in summary
    assert "Δελτίο αιτούντος διεθνή προστασία ΑΑ-123456" in summary
    _continue(page)
    assert page.text_content("h1") == "Ο φάκελος άνοιξε"
    # found again by names and birth date
    page.goto(workspace + "/people/search")
    _search_by_names(page, "Αχμάντ", "Ιμπραήμ", born)
    assert page.locator("#results .govgr-card h3").text_content() == "Αχμάντ Ιμπραήμ"


def test_a_likely_duplicate_is_reviewed_from_the_file(
    browser: Any, workspace: str, platform: Platform
) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    twin = person(CENTRE, family_name="Δίδυμου", given_name="Ιωάννα")
    platform.post("intake", "/beneficiaries", twin, staff)
    second = platform.post("intake", "/beneficiaries", twin | {"amka": valid_amka()}, staff)
    assert second.json()["likely_duplicate"] is True
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    page.goto(f"{workspace}/people/{second.json()['beneficiary_id']}")
    page.check("#reason-reason_duplicate")
    _continue(page)
    _checked(page, "file-duplicate-el")
    click_and_wait(page, "form[action$='/duplicate-review'] button")
    assert "Ελέγχθηκε: Δύο διαφορετικά άτομα με ίδια στοιχεία" in page.text_content("main")


def test_a_body_sends_a_referral_on_to_another_body_from_its_page(
    browser: Any, workspace: str, platform: Platform
) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    file_id = _a_file(platform)
    opeka = platform.ids["bodies"]["opeka"]["body_id"]
    ekka = platform.ids["bodies"]["ekka"]["body_id"]
    body = {"beneficiary_id": file_id, "body_id": opeka, "service": "legal_information"}
    sent = eventually(
        lambda: (
            (r := platform.post("referral", "/referrals", body, staff)).status_code == 201 and r
        ),
        timeout=30,
    )
    page = browser.new_context(locale="el-GR").new_page()
    page.goto(sent.json()["body_page"])
    _checked(page, "answer-redirect-el")
    click_and_wait(page, "form[action$='/redirection'] button")
    assert page.locator(".govgr-error-summary a[href='#body_id']").count() == 1
    page.select_option("#body_id", ekka)
    click_and_wait(page, "form[action$='/redirection'] button")
    assert "προωθήθηκε" in page.text_content("h1")
    page.goto(sent.json()["body_page"])
    assert page.text_content("h1") == "Ο σύνδεσμος δεν ισχύει πλέον"


def test_a_proxy_is_recorded_and_revoked(browser: Any, workspace: str, platform: Platform) -> None:
    file_id = _a_file(platform)
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    _open_stating_reason(page, f"{workspace}/people/{file_id}/proxy")
    assert page.url == f"{workspace}/people/{file_id}/proxy"
    _continue(page)
    assert page.title().startswith("Πρόβλημα: ")
    assert page.locator(".govgr-error-summary a[href='#authorisation']").count() == 1
    page.fill("#family_name", "Γεωργιάδη")
    page.fill("#given_name", "Καλλιόπη")
    page.fill("#id_document", "ΑΚ123456")
    page.fill("#relation", "κόρη")
    page.check("#authorisation-gov_gr")
    page.fill("#reference", "GOV-2026-0099")
    issued = date.today() - timedelta(days=5)
    page.fill("#issued_on-day", str(issued.day))
    page.fill("#issued_on-month", str(issued.month))
    page.fill("#issued_on-year", str(issued.year))
    _checked(page, "proxy-el")
    _continue(page)
    assert page.url == f"{workspace}/people/{file_id}"
    assert "Γεωργιάδη Καλλιόπη (κόρη)" in page.text_content("main")
    page.goto(f"{workspace}/people/{file_id}/proxy")
    click_and_wait(page, "form[action$='/proxy/revocation'] button")
    assert "Γεωργιάδη" not in page.text_content("main")


def test_household_members_are_added_and_removed(
    browser: Any, workspace: str, platform: Platform
) -> None:
    file_id = _a_file(platform)
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    _open_stating_reason(page, f"{workspace}/people/{file_id}/household")
    page.fill("#given_name", "Νικόλαος")
    _continue(page)
    assert page.locator(".govgr-error-summary a[href='#relation']").count() == 1
    assert page.input_value("#given_name") == "Νικόλαος"
    page.select_option("#relation", "child")
    page.fill("#birth_date-day", "3")
    page.fill("#birth_date-month", "5")
    page.fill("#birth_date-year", "2015")
    _checked(page, "household-el")
    # the same form sent twice (a double click, a resend) adds the member once
    sent = page.evaluate(
        "() => Object.fromEntries(new FormData(document.querySelector("
        "'form[action$=\"/household\"]')))"
    )
    for _ in range(2):
        answer = page.request.post(f"{workspace}/people/{file_id}/household", form=sent)
        assert answer.ok, answer.status
    page.reload()
    assert page.locator("table tbody tr").count() == 1
    assert "Νικόλαος" in page.text_content("table")
    assert "03/05/2015" in page.text_content("table")
    click_and_wait(page, "form[action$='/household/removal'] button")
    assert page.locator("table").count() == 0
    assert "Δεν έχουν καταγραφεί μέλη." in page.text_content("main")


def test_a_person_is_enrolled_directly_and_the_file_lists_it_on_its_timeline(
    browser: Any, workspace: str, platform: Platform
) -> None:
    file_id = _a_file(platform)
    page = _sign_in(browser, workspace, platform, "kl.kalymnos")
    _open_stating_reason(page, f"{workspace}/people/{file_id}")
    click_and_wait(page, f"a[href='/people/{file_id}/enrolments']")
    assert page.text_content("h1") == "Εντάξεις σε προγράμματα"
    assert page.input_value("#start_date-year") == str(date.today().year), "today, unless not"
    _checked(page, "enrolments-el")
    # no programme chosen, and a renewal before the start: both said, beside their fields
    page.fill("#renew_by-day", "1")
    page.fill("#renew_by-month", "1")
    page.fill("#renew_by-year", str(date.today().year - 1))
    _continue(page)
    assert page.title().startswith("Πρόβλημα: ")
    assert page.locator(".govgr-error-summary a[href='#programme_id']").count() == 1
    assert "μετά την ημερομηνία ένταξης" in page.text_content("#renew_by-day-error")
    assert page.input_value("#renew_by-year") == str(date.today().year - 1), "kept as typed"
    _checked(page, "enrolments-error-el")
    programme = platform.ids["programmes"]["eee"]
    page.select_option("#programme_id", programme["programme_id"])
    page.fill("#renew_by-year", str(date.today().year + 1))

    def enrolled() -> bool:  # referral hears of a new file from intake a moment later
        _continue(page)
        return page.locator(".govgr-panel--confirmation").count() == 1

    eventually(enrolled, timeout=30)
    row = "[data-testid=enrolments] tr[data-status=enrolled]"
    reloaded_until(page, lambda: page.locator(row).count() == 1, timeout=30)
    assert programme["name_el"] in page.text_content(row)
    # the same programme again, while enrolled: refused, saying why in Greek
    page.select_option("#programme_id", programme["programme_id"])
    _continue(page)
    assert page.locator(".govgr-error-summary").count() == 1
    # the person leaves the programme
    page.locator("select[id^='reason-']").select_option("moved_away")
    click_and_wait(page, "form[action$='/exit'] button")
    ended = "[data-testid=enrolments] tr[data-status=exited]"
    reloaded_until(page, lambda: page.locator(ended).count() == 1, timeout=30)
    assert "Μετακόμισε" in page.text_content(ended)
    _checked(page, "enrolments-ended-el")
    # the file lists the enrolment, and its timeline what happened, newest first
    click_and_wait(page, "a.govgr-back-link")
    timeline = page.locator("[data-testid=timeline] tbody tr")
    texts = [timeline.nth(i).text_content() or "" for i in range(timeline.count())]
    assert any("Έξοδος από πρόγραμμα" in t and "Μετακόμισε" in t for t in texts)
    assert any(t.strip().endswith("Άνοιξε ο φάκελος") for t in texts)
    _checked(page, "file-with-timeline-el")

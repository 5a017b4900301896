#!/usr/bin/env python3
"""The import desk in a real browser: headless Chromium driven by Selenium (`make test-browser`).

A marketer's path: open the desk, choose examples/contacts-nl.csv, see the columns mapped
(E-mailadres -> email, Voornaam -> firstname, Achternaam -> lastname, Plaats -> city), check the
rows (2 to fix, with their reasons), import, and download the report, which must say for each line
what the CLI's report says for the same file and mapping; then export the contacts as a workbook. A screenshot of each step goes to
docs/screenshots/, which the README shows. And a larger file's import, whose progress bar moves
live on the page (no reload) and ends at 100% before the results show. axe-core (PyPI's
axe-selenium-python bundles it) finds no serious or critical violation on any page of the flow,
and the whole flow goes by keyboard alone, the focus visible at each step, a wrong email fixed
in its cell on the check page on the way (checked in the page, no reload). A row Leat refused
after the run (a city longer than the sandbox takes) is fixed on the results page and sent again,
once. A browser that asks for Dutch gets the flow in Dutch,
fixes a German file's wrong email in its cell, and switches to German; Leat holds the address as
fixed.
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

os.environ["SE_OFFLINE"] = "true"  # Selenium Manager makes no network calls: the driver is Debian's.

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("BIN", os.path.join(ROOT, ".build", "debug", "loyalty-batch"))
SANDBOX = os.environ.get("SANDBOX", os.path.join(ROOT, ".build", "debug", "loyalty-sandbox"))
EXAMPLE = os.path.join(ROOT, "examples", "contacts-nl.csv")
SHOTS = os.path.join(ROOT, "docs", "screenshots")
MAP = {"E-mailadres": "email", "Voornaam": "firstname", "Achternaam": "lastname", "Plaats": "city"}


def outcomes(text):
    """A report's (line, action, error_code), by line."""
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return sorted(((int(row["line"]), row["action"], row["error_code"]) for row in rows))


class BrowserCase(unittest.TestCase):
    """A desk, its sandbox and a headless Chromium for each test, and the steps tests share."""

    # The language the browser asks for (`Accept-Language`); a test for another sets its own.
    languages = "en-US,en"

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="desk-browser-")
        self.processes = []
        options = webdriver.ChromeOptions()
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
            options.add_argument(argument)
        options.add_argument("--lang=" + self.languages.split(",")[0])
        options.add_experimental_option("prefs", {"intl.accept_languages": self.languages})
        self.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)

    def tearDown(self):
        self.browser.quit()
        for process, log in reversed(self.processes):
            process.terminate()
            process.wait(timeout=30)
            log.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def start(self, arguments, says, env=None):
        """Starts a process and waits for the line where it says its address; that address."""
        log = open(os.path.join(self.folder, f"log-{len(self.processes)}"), "w+")
        process = subprocess.Popen(arguments, stdout=log, stderr=log, env=env)
        self.processes.append((process, log))
        for _ in range(300):
            with open(log.name) as handle:
                for line in handle:
                    if says in line:
                        return line.split(says, 1)[1].split()[0]
            time.sleep(0.1)
        self.fail(f"{arguments[0]} did not say where it listens")

    def start_desk(self, *arguments, env=None):
        self.url = self.start([BIN, "serve", "--port", "0", "--data-dir", os.path.join(self.folder, "data"), *arguments], "desk: ", env)

    def start_desk_on_sandbox(self, *flags):
        """Starts a sandbox of its own (with `flags`) and a desk on it; the environment that reaches it."""
        sandbox = self.start([SANDBOX, "--port", "0", *flags], "LEAT_API_URL=")
        env = {**os.environ, "LEAT_API_URL": sandbox, "LEAT_API_TOKEN": "sandbox-token"}
        self.start_desk(env=env)
        return env

    def leat_contacts(self, env):
        """The contacts Leat holds, as `loyalty-batch export contacts` writes them, a dict a row."""
        exported = os.path.join(self.folder, "contacts.csv")
        subprocess.run([BIN, "export", "contacts", "-o", exported, "--quiet"], env=env, check=True, timeout=120)
        with open(exported, encoding="utf-8-sig") as handle:
            return list(csv.DictReader(handle))

    def shot(self, name):
        """The page as it is, 1280 px wide (`name`) and 768 px wide (`name` with `-768`)."""
        os.makedirs(SHOTS, exist_ok=True)
        self.browser.save_screenshot(os.path.join(SHOTS, name))
        self.browser.set_window_size(768, 1000)
        wide = self.browser.execute_script("return document.documentElement.scrollWidth;")
        self.assertLessEqual(wide, 768, f"{name}: the page fits 768 px (its wide tables scroll on their own)")
        self.browser.save_screenshot(os.path.join(SHOTS, name.replace(".png", "-768.png")))
        self.assert_accessible(name + " at 768 px")
        self.browser.set_window_size(1280, 1000)

    def assert_accessible(self, page):
        """axe-core on the page as it is: no serious or critical violation."""
        axe = Axe(self.browser)
        axe.inject()
        violations = axe.run()["violations"]
        serious = [violation for violation in violations if violation.get("impact") in ("serious", "critical")]
        self.assertEqual([violation["id"] for violation in serious], [], f"{page}: {axe.report(serious)}")

    def tab_to(self, wanted):
        """Presses Tab until the focused element is `wanted` (a predicate); that element, its focus visible."""
        for _ in range(80):
            ActionChains(self.browser).send_keys(Keys.TAB).perform()
            focused = self.browser.switch_to.active_element
            if wanted(focused):
                outline = self.browser.execute_script("return getComputedStyle(document.activeElement).outlineStyle;")
                self.assertNotEqual(outline, "none", f"the focus on '{focused.text}' is visible")
                return focused
        self.fail("no element of the page took the focus by Tab")

    def wait_for(self, text, seconds):
        """Waits until the page shows `text` and is parsed whole: a page read while it still loads
        can have its heading and not yet what comes after it."""
        WebDriverWait(self.browser, seconds).until(
            lambda b: text in b.page_source and b.execute_script("return document.readyState") != "loading")

    def announced(self):
        """What the page last said to a screen reader (its live region's text)."""
        return self.browser.find_element(By.ID, "announce").get_attribute("textContent")

    def press_enter_on(self, label):
        """Tabs to the button whose text starts with `label` and presses Enter on it."""
        self.tab_to(lambda element: element.tag_name == "button" and element.text.startswith(label))
        ActionChains(self.browser).send_keys(Keys.ENTER).perform()

    def upload_and_check(self, path):
        """Chooses the file `path` on the desk's first page, keeps the suggested mapping and checks the rows."""
        self.browser.get(self.url)
        self.browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(path)
        self.browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.wait_for("Where each column goes", 30)
        self.browser.find_element(By.XPATH, "//button[contains(., 'Check the rows')]").click()
        self.wait_for("the rows, checked", 30)


class DeskInABrowser(BrowserCase):
    """The flow in an English browser: the import, its live progress, the keyboard alone."""

    def test_the_progress_bar_moves_live_and_ends_full(self):
        rows = 3000
        self.start_desk_on_sandbox("--latency-ms", "10")
        path = os.path.join(self.folder, "members.csv")
        with open(path, "w") as handle:
            handle.write("email,firstname\n" + "".join(f"member{n}@example.com,M{n}\n" for n in range(rows)))
        self.upload_and_check(path)
        browser = self.browser
        browser.find_element(By.XPATH, f"//button[contains(., 'Import the {rows:,} rows')]").click()
        WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, "progress[data-events]"))
        self.assert_accessible("progress")
        # A mark on this page: it is gone if the page is loaded again.
        browser.execute_script("window.deskMark = true;")
        seen = []
        deadline = time.time() + 120
        while time.time() < deadline and "members.csv: imported" not in browser.page_source:
            sample = browser.execute_script(
                "var bar = document.querySelector('progress[data-events]');"
                "return bar && window.deskMark ? [bar.value, bar.max, document.getElementById('progress-text').textContent] : null;")
            if sample:
                seen.append(sample)
            time.sleep(0.05)
        self.assertIn(f"<strong>{rows:,} ok</strong>", browser.page_source)
        values = sorted({value for value, _, _ in seen})
        self.assertGreaterEqual(len([value for value in values if 0 < value < rows]), 2, f"the bar moved live: {values}")
        self.assertEqual([value for value, _, _ in seen], sorted(value for value, _, _ in seen), "the bar never goes back")
        full = [text for value, maximum, text in seen if value == maximum == rows]
        self.assertTrue(full, f"the bar reached 100% before the results: {seen[-3:]}")
        self.assertIn("(100%)", full[-1])

    def test_a_marketer_imports_the_dutch_export(self):
        self.start_desk("--sandbox")
        browser = self.browser
        browser.get(self.url)
        self.shot("1-upload.png")
        self.assert_accessible("upload")
        browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(EXAMPLE)
        browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()

        self.wait_for("Where each column goes", 30)
        self.assertIn("CSV, columns separated by semicolons", browser.page_source)
        for column, target in MAP.items():
            chosen = Select(browser.find_element(By.CSS_SELECTOR, f"select[aria-label='{column}']")).first_selected_option
            self.assertEqual(chosen.get_attribute("value"), target, column)
        self.shot("2-map.png")
        self.assert_accessible("map")
        browser.find_element(By.XPATH, "//button[contains(., 'Check the rows')]").click()

        self.wait_for("the rows, checked", 30)
        page = browser.page_source
        self.assertIn("<strong>2 to fix</strong>", page)
        self.assertIn("invalid-email", page)
        self.assertIn("missing-email", page)
        self.shot("3-check.png")
        self.assert_accessible("check")
        browser.find_element(By.XPATH, "//button[contains(., 'Import the 4 rows')]").click()

        self.wait_for("contacts-nl.csv: imported", 60)
        self.assertIn("<strong>4 ok</strong>", browser.page_source)
        self.shot("4-results.png")
        self.assert_accessible("results")
        link = browser.find_element(By.LINK_TEXT, "the report").get_attribute("href")
        with urllib.request.urlopen(link, timeout=30) as answer:
            desk_report = outcomes(answer.read().decode("utf-8"))

        # The CLI, the same file and mapping, its own sandbox.
        copy = os.path.join(self.folder, "contacts-nl.csv")
        shutil.copy(EXAMPLE, copy)
        maps = [argument for column, target in {**MAP, "Klantnummer": "klantnummer"}.items() for argument in ("--map", f"{column}={target}")]
        subprocess.run([BIN, "import", "contacts", copy, "--sandbox", "--quiet", "--create-attributes", *maps], check=False)
        with open(copy + ".report.csv", encoding="utf-8") as handle:
            self.assertEqual(desk_report, outcomes(handle.read()))
        self.assertEqual(len(desk_report), 6)

        # The first page lists the job: its file, kind, who, state and counts.
        browser.get(self.url)
        cells = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "table.jobs tbody tr:first-child td")]
        self.assertEqual([cells[0], cells[1], cells[2], cells[5], cells[6], cells[7]], ["contacts-nl.csv", "contacts", "local", "done", "4", "2"])
        self.shot("5-jobs.png")
        self.assert_accessible("jobs")

        # An export from the browser: the contacts as a workbook, its figures on the page.
        browser.find_element(By.LINK_TEXT, "Exports").click()
        self.wait_for("Export a list from Leat", 30)
        self.assert_accessible("exports")
        browser.find_element(By.XPATH, "//button[contains(., 'Export')]").click()
        self.wait_for("Download contacts-", 60)
        self.assertIn("SHA-256 of the file", browser.page_source)
        self.shot("6-export.png")
        self.assert_accessible("export")

    def test_the_whole_flow_goes_by_keyboard_alone(self):
        self.start_desk("--sandbox")
        browser = self.browser
        browser.get(self.url)
        # The file's path typed into the file input (what a keyboard's Enter on it would choose).
        browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(EXAMPLE)
        self.press_enter_on("Upload")
        self.wait_for("Where each column goes", 30)
        self.press_enter_on("Check the rows")
        self.wait_for("the rows, checked", 30)
        # Line 4's email (pieter@example) fixed in its cell, and checked again in the page: no
        # reload, what its check found announced, the focus on the next row to fix.
        browser.execute_script("window.stayed = true;")
        self.tab_to(lambda element: element.get_attribute("aria-label") == "E-mailadres, line 4")
        ActionChains(browser).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys("pieter@example.nl").perform()
        self.tab_to(lambda element: element.tag_name == "button" and element.get_attribute("aria-label") == "Check line 4 again")
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        self.wait_for("<strong>1 to fix</strong>", 30)
        self.assertTrue(browser.execute_script("return window.stayed === true;"), "the row was checked without a reload")
        self.assertEqual(self.announced(), "Line 4 checked again: nothing left to fix.")
        self.assertTrue(browser.switch_to.active_element.get_attribute("aria-label").endswith(", line 5"))
        self.assert_accessible("check, a row fixed")
        self.press_enter_on("Import the 5 rows into Leat (1 fixed here)")
        self.wait_for("contacts-nl.csv: imported", 60)
        self.assertIn("<strong>5 ok</strong>", browser.page_source)
        # After the run: line 5, which it failed (no email), fixed in its cells and sent again, once.
        self.tab_to(lambda element: element.get_attribute("aria-label") == "E-mailadres, line 5")
        ActionChains(browser).send_keys("sanne@example.nl").perform()
        self.tab_to(lambda element: element.tag_name == "button" and element.get_attribute("aria-label") == "Keep the fix of line 5")
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        self.wait_for("(fixed here, to send again)", 30)
        self.assertEqual(self.announced(), "Line 5 fixed: it goes with the fixed rows you send again.")
        self.assert_accessible("results, a row fixed after the run")
        # The focus is on what comes next: sending it.
        self.assertTrue(browser.switch_to.active_element.text.startswith("Send the 1 fixed rows again"))
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        WebDriverWait(browser, 60).until(
            lambda b: "contacts-nl.csv: imported" in b.page_source and "Send the 1 fixed rows again" not in b.page_source)
        self.assertNotIn("<strong>1 failed</strong>", browser.page_source)
        link = self.tab_to(lambda element: element.tag_name == "a" and element.text == "the report").get_attribute("href")
        with urllib.request.urlopen(link, timeout=30) as answer:
            report = outcomes(answer.read().decode("utf-8"))
        self.assertEqual([line for line, _, _ in report], [2, 3, 4, 5, 6, 7], "each row has one line: none was sent twice")
        self.assertIn((5, "created", ""), report)

    def test_a_row_leat_refused_is_fixed_after_the_run_and_sent_again_once(self):
        # Leat refuses a city of more than 20 characters: a refusal no check before sending knows.
        env = self.start_desk_on_sandbox("--max-text-length", "20")
        path = os.path.join(self.folder, "towns.csv")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("email,firstname,city\nann@example.com,Ann,Amsterdam\n"
                         "bob@example.com,Bob,Llanfairpwllgwyngyllgogerychwyrndrobwll\ncarl@example.com,Carl,Utrecht\n")
        browser = self.browser
        self.upload_and_check(path)
        self.assertIn("<strong>0 to fix</strong>", browser.page_source)
        browser.find_element(By.XPATH, "//button[contains(., 'Import the 3 rows')]").click()
        self.wait_for("towns.csv: imported", 60)
        self.assertIn("<strong>1 failed</strong>", browser.page_source)
        self.assertIn("may not be greater than 20 characters", browser.page_source)

        cell = browser.find_element(By.CSS_SELECTOR, "input[aria-label='city, line 3']")
        cell.clear()
        cell.send_keys("Llanfair PG")
        browser.find_element(By.CSS_SELECTOR, "button[aria-label='Keep the fix of line 3']").click()
        self.wait_for("(fixed here, to send again)", 30)
        self.assert_accessible("results, a row Leat refused fixed")
        browser.find_element(By.XPATH, "//button[contains(., 'Send the 1 fixed rows again')]").click()

        def sent_again(page):
            """The report's link once the run sent again is over (the page may reload on the way)."""
            if "towns.csv: imported" not in page.page_source or "Send the 1 fixed rows again" in page.page_source:
                return None
            links = page.find_elements(By.LINK_TEXT, "the report")
            return links[0].get_attribute("href") if links else None

        report_link = WebDriverWait(browser, 60, ignored_exceptions=[StaleElementReferenceException]).until(sent_again)
        self.assertNotIn("<strong>1 failed</strong>", browser.page_source)
        with urllib.request.urlopen(report_link, timeout=30) as answer:
            report = outcomes(answer.read().decode("utf-8"))
        self.assertEqual([line for line, _, _ in report], [2, 3, 4], "each row has one line: none was sent twice")
        self.assertEqual(report[1][2], "", f"line 3 went through: {report}")

        # Leat holds the city as fixed.
        cities = {row["email"]: row.get("city") for row in self.leat_contacts(env)}
        self.assertEqual(cities.get("bob@example.com"), "Llanfair PG", f"{cities}")


class DeskInADutchBrowser(BrowserCase):
    """A browser that asks for Dutch: every page of the flow in Dutch, a German file's wrong email
    fixed in its cell, the import, and the switch to German in the header."""

    languages = "nl-NL,nl"

    def test_a_dutch_browser_fixes_a_german_file_in_dutch_pages(self):
        env = self.start_desk_on_sandbox()
        path = os.path.join(self.folder, "kunden.csv")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("E-Mail;Vorname;Nachname\nanna@beispiel.de;Anna;Schmidt\nbernd@beispiel;Bernd;Meyer\ncarla@beispiel.de;Carla;Wolf\n")
        browser = self.browser
        browser.get(self.url)
        self.assertIn('<html lang="nl">', browser.page_source)
        self.assertIn("Het bestand bevat", browser.page_source)
        self.assert_accessible("upload, in Dutch")
        browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(path)
        browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.wait_for("Waar elke kolom heen gaat", 30)
        self.assertIn("CSV, kolommen gescheiden door puntkomma's", browser.page_source)
        self.assert_accessible("map, in Dutch")
        browser.find_element(By.XPATH, "//button[contains(., 'Controleer de rijen')]").click()
        self.wait_for("de rijen, gecontroleerd", 30)
        self.assertIn("<strong>1 te herstellen</strong>", browser.page_source)
        self.assertIn("het domein 'beispiel' heeft geen punt", browser.find_element(By.TAG_NAME, "main").text)
        self.shot("7-check-nl.png")

        cell = browser.find_element(By.CSS_SELECTOR, "input[aria-label='E-Mail, regel 3']")
        cell.clear()
        cell.send_keys("bernd@beispiel.de")
        browser.execute_script("window.stayed = true;")
        browser.find_element(By.CSS_SELECTOR, "button[aria-label='Controleer regel 3 opnieuw']").click()
        self.wait_for("<strong>0 te herstellen</strong>", 30)
        self.assertTrue(browser.execute_script("return window.stayed === true;"), "the row was checked without a reload")
        self.assertEqual(self.announced(), "Regel 3 opnieuw gecontroleerd: niets meer te herstellen.")
        browser.find_element(By.XPATH, "//button[contains(., 'Importeer de 3 rijen in Leat (1 hier hersteld)')]").click()
        self.wait_for("kunden.csv: geïmporteerd", 60)
        self.assertIn("<strong>3 gelukt</strong>", browser.page_source)
        self.assert_accessible("results, in Dutch")

        browser.find_element(By.LINK_TEXT, "Deutsch").click()
        self.wait_for('<html lang="de">', 30)
        self.assertIn("<strong>3 erfolgreich</strong>", browser.page_source)
        browser.get(self.url)
        self.assertIn("Die Datei enthält", browser.page_source, "the language picked stays")

        # Leat holds the address as fixed, not as the file had it.
        emails = {row["email"] for row in self.leat_contacts(env)}
        self.assertIn("bernd@beispiel.de", emails)
        self.assertNotIn("bernd@beispiel", emails)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    print(f"browser tests: {result.testsRun - len(result.failures) - len(result.errors)} passed, "
          f"{len(result.failures) + len(result.errors)} failed")
    sys.exit(0 if result.wasSuccessful() else 1)

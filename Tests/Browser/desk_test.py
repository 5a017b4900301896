#!/usr/bin/env python3
"""The import desk in a real browser: headless Chromium driven by Selenium (`make test-browser`).

A marketer's path: open the desk, choose examples/contacts-nl.csv, see the columns mapped
(E-mailadres -> email, Voornaam -> firstname, Achternaam -> lastname, Plaats -> city), check the
rows (2 to fix, with their reasons), import, and download the report, which must say for each line
what the CLI's report says for the same file and mapping. A screenshot of each step goes to
docs/screenshots/, which the README shows.
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

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("BIN", os.path.join(ROOT, ".build", "debug", "loyalty-batch"))
EXAMPLE = os.path.join(ROOT, "examples", "contacts-nl.csv")
SHOTS = os.path.join(ROOT, "docs", "screenshots")
MAP = {"E-mailadres": "email", "Voornaam": "firstname", "Achternaam": "lastname", "Plaats": "city"}


def outcomes(text):
    """A report's (line, action, error_code), by line."""
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return sorted(((int(row["line"]), row["action"], row["error_code"]) for row in rows))


class DeskInABrowser(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="desk-browser-")
        self.log = open(os.path.join(self.folder, "desk.log"), "w+")
        self.desk = subprocess.Popen([BIN, "serve", "--sandbox", "--port", "0", "--data-dir", os.path.join(self.folder, "data")],
                                     stdout=self.log, stderr=self.log)
        self.url = None
        for _ in range(300):
            with open(self.log.name) as handle:
                for line in handle:
                    if line.startswith("desk: http://"):
                        self.url = line.split()[1]
            if self.url:
                break
            time.sleep(0.1)
        self.assertIsNotNone(self.url, "the desk did not say where it listens")
        options = webdriver.ChromeOptions()
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
            options.add_argument(argument)
        self.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)

    def tearDown(self):
        self.browser.quit()
        self.desk.terminate()
        self.desk.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def shot(self, name):
        os.makedirs(SHOTS, exist_ok=True)
        self.browser.save_screenshot(os.path.join(SHOTS, name))

    def test_a_marketer_imports_the_dutch_export(self):
        browser = self.browser
        browser.get(self.url)
        self.shot("1-upload.png")
        browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(EXAMPLE)
        browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()

        WebDriverWait(browser, 30).until(lambda b: "Where each column goes" in b.page_source)
        self.assertIn("CSV, columns separated by semicolons", browser.page_source)
        for column, target in MAP.items():
            chosen = Select(browser.find_element(By.CSS_SELECTOR, f"select[aria-label='{column}']")).first_selected_option
            self.assertEqual(chosen.get_attribute("value"), target, column)
        self.shot("2-map.png")
        browser.find_element(By.XPATH, "//button[contains(., 'Check the rows')]").click()

        WebDriverWait(browser, 30).until(lambda b: "the rows, checked" in b.page_source)
        page = browser.page_source
        self.assertIn("<strong>2 to fix</strong>", page)
        self.assertIn("invalid-email", page)
        self.assertIn("missing-email", page)
        self.shot("3-check.png")
        browser.find_element(By.XPATH, "//button[contains(., 'Import the 4 rows')]").click()

        WebDriverWait(browser, 60).until(lambda b: "contacts-nl.csv: imported" in b.page_source)
        self.assertIn("<strong>4 ok</strong>", browser.page_source)
        self.shot("4-results.png")
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


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    print(f"browser tests: {result.testsRun - len(result.failures) - len(result.errors)} passed, "
          f"{len(result.failures) + len(result.errors)} failed")
    sys.exit(0 if result.wasSuccessful() else 1)

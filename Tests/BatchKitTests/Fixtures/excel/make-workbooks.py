#!/usr/bin/env python3
"""Writes the Excel fixtures of ExcelReaderTests with software that is not ours, so the reader is
tested against what real producers write. Run it from this folder; commit what it writes.

    pip install openpyxl==3.1.5         # openpyxl.xlsx, openpyxl-1904.xlsx
    apt-get install libreoffice-calc-nogui   # libreoffice.xlsx (from libreoffice.fods, text)

openpyxl writes shared strings, inline rich text, typed numbers, dates with their number formats,
booleans, error values, a hidden and a second sheet, and the 1904 date system; it stores a
formula without a cached value. LibreOffice computes formulas and stores their values, writes
errors from formulas (=NA(), a bad reference), and styles dates its own way.
"""
import datetime
import os
import shutil
import subprocess
import tempfile
import zipfile

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))


def openpyxl_workbook():
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Read me"
    notes["A1"] = "This sheet is hidden; the contacts are on the next one."
    notes.sheet_state = "hidden"
    sheet = book.create_sheet("Contacts")
    sheet.append(["E-mailadres", "Voornaam", "Telefoon", "Geboortedatum", "Punten", "Actief", "Notitie"])
    sheet.append(["anne@example.nl", "Anne", 31612345678, datetime.date(1990, 12, 31), 0.1, True, "plain"])
    rich = CellRichText(["Bold ", TextBlock(InlineFont(b=True), "and"), " plain"])
    sheet.append(["bram@example.nl", rich, "0612345678", datetime.datetime(2024, 3, 1, 14, 30, 5), 1234.5, False, None])
    sheet.append(["cor@example.nl", "Cor", None, None, -7, None, "#N/A"])  # openpyxl stores #N/A as an error
    sheet.append([])  # a blank row
    sheet["A6"] = "dirk@example.nl"
    sheet["E6"] = 1e20
    sheet["G6"] = "=1+1"  # openpyxl keeps no cached value: the cell reads empty
    sheet["D7"] = datetime.time(8, 15)
    sheet["A7"] = "eva@example.nl"
    sheet["H8"] = "stray"  # a value in a column with no header
    sheet["A8"] = "fem@example.nl"
    for row in (2, 3, 7):
        sheet.cell(row=row, column=4).number_format = {2: "dd/mm/yyyy", 3: "yyyy-mm-dd hh:mm:ss", 7: "h:mm"}[row]
    book.create_sheet("Second")["A1"] = "email"
    book["Second"]["A2"] = "second@example.nl"
    book.save(os.path.join(HERE, "openpyxl.xlsx"))

    mac = openpyxl.Workbook()
    mac.epoch = CALENDAR_MAC_1904
    sheet = mac.active
    sheet.append(["email", "birthdate"])
    sheet.append(["mac@example.nl", datetime.date(1990, 12, 31)])
    sheet["B2"].number_format = "yyyy-mm-dd"
    mac.save(os.path.join(HERE, "openpyxl-1904.xlsx"))


def libreoffice_workbook():
    soffice = shutil.which("soffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", out,
                        os.path.join(HERE, "libreoffice.fods")], check=True, capture_output=True)
        shutil.copy(os.path.join(out, "libreoffice.xlsx"), os.path.join(HERE, "libreoffice.xlsx"))


def referrals_workbook():
    """Referral invites as a marketer's sheet has them: mobiles typed in as numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Invites"
    sheet.append(["referrer_mobile", "referrer_email", "identifier", "name", "type", "campaign_token"])
    sheet.append([9190000000001, None, 31612345678, "Sanne", "MOBILE", "J0H7Q"])
    sheet.append([9190000000001, None, "pieter@example.nl", "Pieter", "EMAIL", "J0H7Q"])
    sheet.append([None, "customer2@example.com", 31611112222, "Daan", "MOBILE", "J0H7Q"])
    sheet.append([9190000000003, None, 79998364, "Shikhar", "MOBILE", "J0H7Q"])
    book.save(os.path.join(HERE, "referrals.xlsx"))


def minimal_workbook():
    """What some generators write and neither of the above does: cells and rows without `r`
    (each after the one before), inline strings, a cell with a stated `r` after a gap, cells out
    of column order, Excel's `_x000D_` escape of a carriage return (as Excel writes an Alt+Enter
    line break pasted from Windows text), and no styles or shared strings at all. Written here, by hand, to the letter of ECMA-376."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row><c t="inlineStr"><is><t>email</t></is></c><c t="inlineStr"><is><t>city</t></is></c><c t="inlineStr"><is><t>points</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>a@example.nl</t></is></c><c t="inlineStr"><is><r><t>Den </t></r><r><t>Haag</t></r></is></c><c><v>3.1612345678E10</v></c></row>'
        '<row r="5"><c r="A5" t="inlineStr"><is><t>b@example.nl</t></is></c><c r="C5"><v>0.10000000000000001</v></c></row>'
        '<row><c t="inlineStr"><is><t>c@example.nl</t></is></c><c t="b"><v>1</v></c></row>'
        '<row r="7"><c r="B7" t="inlineStr"><is><t>Zwolle</t></is></c><c r="A7" t="inlineStr"><is><t>d@example.nl</t></is></c></row>'
        '<row r="8"><c r="A8" t="inlineStr"><is><t>e@example.nl</t></is></c><c r="B8" t="inlineStr"><is><t>Straat 1_x000D_&#10;Utrecht</t></is></c></row>'
        '</sheetData></worksheet>',
    }
    with zipfile.ZipFile(os.path.join(HERE, "minimal.xlsx"), "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


if __name__ == "__main__":
    openpyxl_workbook()
    libreoffice_workbook()
    minimal_workbook()
    referrals_workbook()

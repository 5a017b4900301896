#!/usr/bin/env python3
"""Writes bench/data/contacts-N.csv as an Excel workbook with openpyxl (write-only mode): seven
columns typed as a marketer's export has them: text, a date (birthdate, in a date style), the
phone as text, the points as numbers.

    gen_workbook.py CSV XLSX
"""
import csv
import datetime
import sys

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

source, target = sys.argv[1], sys.argv[2]
book = Workbook(write_only=True)
sheet = book.create_sheet("Contacts")
with open(source, newline="", encoding="utf-8") as handle:
    rows = csv.reader(handle)
    sheet.append(next(rows))
    for email, first, last, city, birthdate, phone, points in rows:
        born = WriteOnlyCell(sheet, value=datetime.date.fromisoformat(birthdate))
        born.number_format = "yyyy-mm-dd"
        sheet.append([email, first, last, city, born, phone, int(points)])
book.save(target)

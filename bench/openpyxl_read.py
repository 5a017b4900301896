#!/usr/bin/env python3
"""The anchor a Python user would reach for: openpyxl in read-only mode, iterating every row's
values (values_only) of a workbook's first sheet. Prints the row count."""
import sys

from openpyxl import load_workbook

book = load_workbook(sys.argv[1], read_only=True)
count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
print(count)

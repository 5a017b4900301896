"""Reference: Python's csv.DictReader counting the rows of a file."""
import csv
import sys

with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = sum(1 for _ in csv.DictReader(handle))
print(f"{rows} rows")

"""Export: files for finance: the audit workbook (workbook.py) and the facts table as CSV or JSON (factsio.py).

Imports the stages below it (base to views), never Qt.
"""

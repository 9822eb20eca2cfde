"""Views: every page's data shaped without Qt: statements, comparison, trends, guidance, coverage, measures,
the document view's text, the import report, clipboard text.

Imports base, ingest, analysis and library; the Qt models (iijviewer.models) wrap what it returns.
"""

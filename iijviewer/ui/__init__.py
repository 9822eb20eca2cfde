"""Widgets, plots and dialogs of the desktop viewer.

This layer may import Qt, pyqtgraph and iijviewer.models; the core never
imports it (see the import-linter contracts in pyproject.toml).
"""

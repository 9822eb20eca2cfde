"""Base: what every stage shares: paths and safe files, the fact and period types, the concept catalog, number formats.

Imports nothing else of iijviewer (the import-linter contract "stages" in pyproject.toml).
"""

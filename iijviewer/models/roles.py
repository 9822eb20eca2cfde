"""Custom item-data roles shared by the models and the views (module constants, as napari does)."""

from __future__ import annotations

from PySide6.QtCore import Qt

ValueRole = Qt.ItemDataRole.UserRole + 1  # the raw value (float) for sorting, plots and export
FactRole = Qt.ItemDataRole.UserRole + 2  # the normalized Fact behind a cell, or None
SourceRole = Qt.ItemDataRole.UserRole + 3  # the SourceRef a double-click opens, or None
StatusRole = Qt.ItemDataRole.UserRole + 4  # reported / derived / conflict / missing
KeyRole = Qt.ItemDataRole.UserRole + 5  # a period key or concept id that identifies the row

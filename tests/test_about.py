"""Help > About: the version and the documents loaded, also for a library of decades."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from iijviewer import __version__
from iijviewer.ui.main_window import MainWindow


def test_about_names_the_version_and_every_document(qtbot, library, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    window = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    summary, details = window.about_text()
    assert f"iijviewer {__version__}" in summary
    assert f"{len(library.documents)} documents loaded" in summary
    for d in library.documents:
        assert d.title in details
        assert d.publication_date in summary


def test_a_long_library_lists_the_newest_and_keeps_the_rest_in_the_details(library) -> None:
    many = [
        dataclasses.replace(d, id=f"{d.id}-{i}", title=f"{d.title} #{i}", publication_date=f"{2020 + i}-01-01")
        for i in range(20)
        for d in library.documents[:1]
    ]
    fake = SimpleNamespace(library=SimpleNamespace(documents=many, data_dir=None), ABOUT_LISTED=MainWindow.ABOUT_LISTED)
    summary, details = MainWindow.about_text(fake)
    assert "#19</li>" in summary and "#0</li>" not in summary  # newest first, the oldest left out
    assert "… and 8 older" in summary
    assert all(f"#{i}" in details for i in range(20))

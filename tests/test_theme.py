"""Light and dark themes: one palette with both, followed by the models' roles, the chart, the window and its settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from iijviewer.models import palette
from iijviewer.models.statement_model import StatementTreeModel
from iijviewer.ui.main_window import MainWindow
from iijviewer.views.comparison import StatementView

FG = Qt.ItemDataRole.ForegroundRole
BG = Qt.ItemDataRole.BackgroundRole


@pytest.fixture(autouse=True)
def light_again():
    """Every test starts and ends in the light theme (the palette is the application's, shared by all tests)."""
    palette.set_theme(palette.LIGHT)
    yield
    palette.set_theme(palette.LIGHT)


def lightness(c: QColor) -> int:
    return c.lightness()


def test_every_colour_has_a_light_and_a_dark_value():
    for name, (light, dark) in palette.COLOURS.items():
        assert QColor(light).isValid() and QColor(dark).isValid(), name
        assert light != dark, f"{name} is the same in both themes"
    assert len(palette.SERIES[0]) == len(palette.SERIES[1])
    # fills that text sits on are light in the light theme and dark in the dark one
    for name in ("large_change", "source_line", "coverage_missing", "chart_background"):
        light, dark = (QColor(v) for v in palette.COLOURS[name])
        assert lightness(light) > 180 > 90 > lightness(dark), name


def test_switching_the_theme_recolours_the_model_roles(index):
    model = StatementTreeModel(index, StatementView("income", "FY2010-Q1"))
    derived = model.index_of("revenue_total", model.column_of("actual"))
    large = next(
        model.index_of(r.concept_id, model.column_of("change_pct"))
        for r in model.table.rows
        if r.cells[[c.key for c in model.table.columns].index("change_pct")].large
    )
    light_fg = model.data(derived, FG).color()
    light_bg = model.data(large, BG).color()
    assert light_fg == QColor(palette.COLOURS["derived"][0])
    assert light_bg == QColor(palette.COLOURS["large_change"][0])
    assert palette.set_theme(palette.DARK) == palette.DARK
    assert model.data(derived, FG).color() == QColor(palette.COLOURS["derived"][1]) != light_fg
    assert model.data(large, BG).color() == QColor(palette.COLOURS["large_change"][1]) != light_bg
    assert lightness(model.data(large, BG).color()) < 100  # a dark band under light text


def test_the_window_follows_the_chosen_theme_and_remembers_it(qtbot, library, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    assert window.theme == palette.SYSTEM  # nothing chosen yet: the system's scheme
    dark = next(a for a in window.theme_actions.actions() if a.data() == palette.DARK)
    dark.trigger()
    assert window.theme == palette.DARK and palette.is_dark() and dark.isChecked()
    app = QApplication.instance()
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 128  # the window too, not only the figures
    assert app.palette().color(QPalette.ColorRole.Text).lightness() > 128
    window.save_settings()
    again = MainWindow(library, settings)
    qtbot.addWidget(again)
    assert again.theme == palette.DARK and palette.is_dark()
    light = next(a for a in again.theme_actions.actions() if a.data() == palette.LIGHT)
    light.trigger()
    assert not palette.is_dark()
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 128


def test_the_chart_background_follows_the_theme(qtbot, library, index):
    from iijviewer.ui.trends import TrendsPanel

    panel = TrendsPanel()
    qtbot.addWidget(panel)
    panel.set_data(library, index)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_concepts(["revenue_total"])
    corner = panel.plot.widget.grab().toImage().pixelColor(3, 3)
    assert corner == QColor(palette.COLOURS["chart_background"][0])
    palette.set_theme(palette.DARK)
    qtbot.waitUntil(lambda: panel.plot is not None)
    assert panel.plot.widget.backgroundBrush().color() == QColor(palette.COLOURS["chart_background"][1])
    corner = panel.plot.widget.grab().toImage().pixelColor(3, 3)
    assert corner == QColor(palette.COLOURS["chart_background"][1])
    assert panel.plot.colours[0] == QColor(palette.SERIES[1][0])  # the series in the dark theme's lighter set


def test_the_legend_speaks_each_mark_in_the_theme_colours(qtbot):
    from iijviewer.ui.statements import StatementsPanel

    panel = StatementsPanel()
    qtbot.addWidget(panel)
    assert palette.COLOURS["derived"][0] in panel.legend.text()
    palette.set_theme(palette.DARK)
    text = panel.legend.text()
    assert palette.COLOURS["derived"][1] in text and palette.COLOURS["derived"][0] not in text
    assert "\u26a0</span> documents disagree" in text and "\u2260</span> a sum does not add up" in text


def test_the_document_view_marks_follow_the_theme(qtbot, library, index):
    from PySide6.QtGui import QTextFormat

    from iijviewer.base.facts import SourceRef
    from iijviewer.ui.sources import SourcesPanel

    panel = SourcesPanel()
    qtbot.addWidget(panel)
    panel.set_data(library, index)
    panel.show_source(SourceRef("2010-11-15_press-release_1H-FY2010-results", 375))
    panel.find_edit.setText("Total")

    def colours() -> set[str]:
        return {s.format.background().color().name() for s in panel.text_view.extraSelections()}

    light = colours()
    assert {palette.COLOURS[n][0] for n in ("source_line", "source_figure", "find_match")} <= light
    palette.set_theme(palette.DARK)
    dark = colours()
    assert {palette.COLOURS[n][1] for n in ("source_line", "source_figure", "find_match")} <= dark
    assert not light & dark
    line = [s for s in panel.text_view.extraSelections() if s.format.property(QTextFormat.Property.FullWidthSelection)]
    assert len(line) == 1  # one quiet band for the line; the figure itself is marked apart


def test_the_system_scheme_is_followed_and_its_changes_too(qtbot, library, tmp_path, monkeypatch):
    window = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.set_theme(palette.SYSTEM)
    assert not palette.is_dark()  # offscreen says no scheme, and started light
    monkeypatch.setattr(palette, "system_scheme", lambda: palette.DARK)
    window._system_scheme_changed(Qt.ColorScheme.Dark)  # what QStyleHints.colorSchemeChanged calls
    assert palette.is_dark()
    window.set_theme(palette.LIGHT)  # an explicit choice is kept whatever the system does
    window._system_scheme_changed(Qt.ColorScheme.Dark)
    assert not palette.is_dark()


def test_a_desktop_that_started_dark_without_saying_so_gets_the_dark_theme(monkeypatch):
    monkeypatch.setitem(palette._state, "started_dark", True)
    if QApplication.styleHints().colorScheme() != Qt.ColorScheme.Unknown:
        pytest.skip("the platform says its scheme")
    assert palette.resolve(palette.SYSTEM) == palette.DARK
    monkeypatch.setitem(palette._state, "started_dark", False)
    assert palette.resolve(palette.SYSTEM) == palette.LIGHT


@pytest.mark.slow  # every page in both themes at both scales
def test_the_screenshot_script_renders_both_themes_at_both_scales(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from PySide6.QtGui import QImage

    script = Path(__file__).resolve().parent.parent / "docs" / "make_screenshots.py"
    done = subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path), "--pages", "statements", "--data-dir", str(tmp_path / "lib")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert names == ["statements-dark.png", "statements-dark@2x.png", "statements.png", "statements@2x.png"]

    def mean_lightness(image: QImage) -> float:
        step = 40
        values = [image.pixelColor(x, y).lightness() for x in range(0, image.width(), step) for y in range(0, image.height(), step)]
        return sum(values) / len(values)

    light, dark, light2 = (QImage(str(tmp_path / n)) for n in ("statements.png", "statements-dark.png", "statements@2x.png"))
    assert (light2.width(), light2.height()) == (2 * light.width(), 2 * light.height())  # QT_SCALE_FACTOR=2
    assert mean_lightness(light) > 180 > 80 > mean_lightness(dark)

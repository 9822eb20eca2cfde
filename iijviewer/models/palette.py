"""Every colour the viewer paints with, in a light and a dark theme: the one place colours are chosen.

A model or widget never writes a colour: it asks for one by name
(`brush("derived")` for item-data roles, `colour("chart_background")` for
widgets and pens).  `set_theme()` chooses the theme; it recolours the shared
brushes in place, so that role maps cached by the models stay valid and a
repaint shows the new colours, and it emits `notifier().changed` for whatever
keeps its own copies (pens, style sheets, rich-text legends).

The theme follows the system's colour scheme (Qt 6.5+ `QStyleHints.colorScheme`)
unless the user chose one (View > Theme, kept in QSettings).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette

SYSTEM = "system"
LIGHT = "light"
DARK = "dark"
THEMES = (SYSTEM, LIGHT, DARK)
THEME_LABELS = {SYSTEM: "Follow the &System", LIGHT: "&Light", DARK: "&Dark"}
SETTINGS_KEY = "view/theme"

# name: (light, dark); "#rrggbb" or "#aarrggbb"
COLOURS: dict[str, tuple[str, str]] = {
    # figures in the statement, compare and guidance tables
    "derived": ("#1f5ea0", "#7fb4f0"),  # italic blue: computed from other figures
    "conflict": ("#a64d00", "#f0a050"),  # ⚠: reports of one figure disagree between documents
    "arithmetic": ("#7a3e9d", "#d0a0f0"),  # ≠: the parts of a statement do not add up to its total
    "muted": ("#808080", "#9a9a9a"),  # rounding differences, headings from another statement, old rows
    "alarm": ("#b22222", "#ff7b72"),  # a report that disagrees with the one used
    "shortfall": ("#b02020", "#ff7b72"),  # an actual result below its target
    "large_change": ("#fff0c8", "#5a4a1a"),  # background of a change of 20% or more
    "legend": ("#5a5a5a", "#a8a8a8"),  # the legends and hints under the tables
    "hint": ("#808080", "#9a9a9a"),  # what an empty page says
    # the coverage grid (fills: the text on them is the window's text colour)
    "coverage_reported": ("#76b878", "#2f6e33"),
    "coverage_derived": ("#a0c4ec", "#2b5586"),
    "coverage_conflict": ("#ec7854", "#8e3b1f"),
    "coverage_missing": ("#f0f0f0", "#2d2d2d"),
    "coverage_missing_band": ("#e2e2e2", "#3a3a3a"),
    "coverage_heading": ("#cdcdcd", "#505050"),
    # the document view
    "source_line": ("#fff6c8", "#3f3816"),  # the line a figure comes from (a quiet band)
    "source_figure": ("#ffd54a", "#8a6a00"),  # the figure itself on that line
    "find_match": ("#aad7ff", "#1e5082"),  # find matches
    "page_mark_fill": ("#50ffc400", "#60ffc400"),  # a figure's box on a PDF page: translucent amber
    "page_mark_edge": ("#e67800", "#ffa028"),
    # the trends chart
    "chart_background": ("#ffffff", "#1e1f22"),
    "chart_foreground": ("#404040", "#c8c8c8"),  # axes and their text
    "chart_crosshair": ("#909090", "#7a7a7a"),
    "chart_zero": ("#606060", "#a0a0a0"),
    "chart_key": ("#606060", "#a0a0a0"),
}
# the chart's series colours: Tableau 10, and a lighter set that reads on a dark background
SERIES = (
    ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"),
    ("#5fa8e8", "#ffa040", "#5cc85c", "#f06060", "#b48ce0", "#c89078", "#f09ad8", "#b0b0b0", "#d8d850", "#40d8e8"),
)
# the window's own colours in the dark theme, where the platform's style gives none
_DARK_WINDOW = {
    QPalette.ColorRole.Window: "#2b2b2d",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26272b",
    QPalette.ColorRole.ToolTipBase: "#3a3a3e",
    QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#35363a",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6060",
    QPalette.ColorRole.Light: "#4a4b50",
    QPalette.ColorRole.Midlight: "#3e3f44",
    QPalette.ColorRole.Mid: "#5a5b60",
    QPalette.ColorRole.Dark: "#18181a",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7fb4f0",
    QPalette.ColorRole.LinkVisited: "#c0a0f0",
}
_DISABLED_DARK = {
    QPalette.ColorRole.WindowText: "#7a7a7a",
    QPalette.ColorRole.Text: "#7a7a7a",
    QPalette.ColorRole.ButtonText: "#7a7a7a",
    QPalette.ColorRole.HighlightedText: "#9a9a9a",
}


class _Notifier(QObject):
    changed = Signal(str)  # the theme now shown: LIGHT or DARK


_state: dict[str, object] = {"scheme": LIGHT}  # the theme shown; "started_dark": the application's own window colours
_brushes: dict[str, QBrush] = {}
_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    """The object whose `changed` signal says the theme changed (made on first use, after the QApplication)."""
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def current() -> str:
    """The theme shown: LIGHT or DARK."""
    return str(_state["scheme"])


def is_dark() -> bool:
    return _state["scheme"] == DARK


def colour(name: str) -> QColor:
    """A named colour in the theme shown (a new QColor: keep it only until the theme changes)."""
    light, dark = COLOURS[name]
    return QColor(dark if is_dark() else light)


def hex_colour(name: str) -> str:
    """A named colour as `#rrggbb`, for style sheets and rich text."""
    return colour(name).name()


def brush(name: str) -> QBrush:
    """The shared brush of a named colour; `set_theme` recolours it in place, so it can be cached in role maps."""
    b = _brushes.get(name)
    if b is None:
        b = _brushes[name] = QBrush(colour(name))
    return b


def series_colours() -> list[QColor]:
    return [QColor(c) for c in SERIES[1 if is_dark() else 0]]


def system_scheme() -> str:
    """The system's colour scheme as LIGHT or DARK.

    Qt 6.5+ says it (`QStyleHints.colorScheme`); where the platform does not,
    the window colours the application started with tell (a dark desktop
    theme gives a dark window), else LIGHT.
    """
    app = QGuiApplication.instance()
    if app is None:
        return LIGHT
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Unknown:
        return DARK if _state.get("started_dark") else LIGHT
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def resolve(choice: str) -> str:
    """LIGHT or DARK for a user's choice (SYSTEM, LIGHT or DARK; anything else is SYSTEM)."""
    return choice if choice in (LIGHT, DARK) else system_scheme()


def window_palette(scheme: str) -> QPalette:
    """The window colours of a theme, for an application whose style does not follow the choice itself."""
    if scheme == DARK:
        p = QPalette()
        for role, value in _DARK_WINDOW.items():
            p.setColor(role, QColor(value))
        for role, value in _DISABLED_DARK.items():
            p.setColor(QPalette.ColorGroup.Disabled, role, QColor(value))
        return p
    from PySide6.QtWidgets import QApplication, QStyleFactory

    style = QStyleFactory.create("Fusion") or QApplication.style()
    return style.standardPalette()


def _palette_is_dark(p: QPalette) -> bool:
    return p.color(QPalette.ColorRole.Window).lightness() < 128


def set_theme(choice: str) -> str:
    """Show the theme the user chose (SYSTEM, LIGHT or DARK); return the one shown (LIGHT or DARK).

    The platform is asked first (Qt 6.8+ `setColorScheme`); where its style does
    not follow (offscreen, X11 without a desktop theme), the application gets
    Fusion with the theme's window colours, so that the window and the figures
    always agree.
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication) and "started_dark" not in _state:  # before this module changes them
        _state["started_dark"] = _palette_is_dark(app.palette())
    scheme = resolve(choice)
    if isinstance(app, QApplication):
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "setColorScheme"):
            if choice in (LIGHT, DARK):
                hints.setColorScheme(Qt.ColorScheme.Dark if scheme == DARK else Qt.ColorScheme.Light)
            else:
                hints.unsetColorScheme()
        if _palette_is_dark(app.palette()) != (scheme == DARK):
            app.setStyle("Fusion")
            app.setPalette(window_palette(scheme))
    _state["scheme"] = scheme
    for name, b in _brushes.items():
        b.setColor(colour(name))
    notifier().changed.emit(scheme)
    return scheme

"""The window's choices in one `ViewerState` that the pages follow, and page capabilities declared, not probed (issue 17, point 5)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings

from iijviewer.base.formatting import BILLIONS, MILLIONS, THOUSANDS, USD_MILLIONS
from iijviewer.base.vocabulary import PerShareBasis
from iijviewer.ui import panel as panel_module
from iijviewer.ui.main_window import PAGES, MainWindow, _load_page
from iijviewer.ui.state import ViewerState

UI = Path(__file__).resolve().parent.parent / "iijviewer" / "ui"
MODELS = UI.parent / "models"


# -- the state ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setter", "signal", "first", "second"),
    [
        ("set_period", "period_changed", "FY2010-H1", "FY2011"),
        ("set_unit", "unit_changed", BILLIONS, USD_MILLIONS),
        ("set_statement", "statement_changed", "balance", "per_share"),
        ("set_filter", "filter_changed", "revenue", ""),
        ("set_per_share", "per_share_changed", PerShareBasis.REPORTED, PerShareBasis.ADJUSTED),
    ],
)
def test_the_state_says_each_change_once_and_nothing_for_the_same_value(qtbot, setter, signal, first, second) -> None:
    state = ViewerState("income")
    heard: list = []
    getattr(state, signal).connect(heard.append)
    set_value = getattr(state, setter)
    set_value(first)
    set_value(first)
    assert heard == [first]
    set_value(second)
    set_value(second)
    set_value(second)
    assert heard == [first, second]
    set_value(first)
    assert heard == [first, second, first]


def test_the_state_starts_on_the_windows_defaults_and_keeps_a_period_once_chosen(qtbot) -> None:
    state = ViewerState("income")
    assert (state.period, state.unit, state.statement, state.filter, state.per_share) == (None, MILLIONS, "income", "", PerShareBasis.ADJUSTED)
    heard: list = []
    state.period_changed.connect(heard.append)
    state.statement_changed.connect(heard.append)
    state.set_statement("income")  # the value it starts with: no change
    state.set_period("FY2010-H1")
    state.set_period("")  # "no period" is not a choice
    state.set_statement("")
    assert heard == ["FY2010-H1"]
    assert state.period == "FY2010-H1" and state.statement == "income"


# -- the window sets it, pages made before and after follow it -------------------------------------


@pytest.fixture
def settings(tmp_path) -> QSettings:
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("view/page", "compare")  # the start makes the comparison, not the statements
    return s


def _trigger(actions, data) -> None:
    (action,) = [a for a in actions.actions() if a.data() == data]
    action.trigger()


def test_choices_in_the_menus_and_navigator_reach_a_page_made_before_and_one_made_later(qtbot, library, settings) -> None:
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    compare = window.pages.made_page("compare")
    assert compare is not None and window.pages.made_page("statements") is None
    assert compare.library.per_share == PerShareBasis.ADJUSTED and compare.unit == MILLIONS

    _trigger(window.unit_actions, THOUSANDS.key)  # View > Unit
    _trigger(window.statement_actions, "balance")  # View > Statement
    _trigger(window.per_share_actions, PerShareBasis.REPORTED)  # View > Per-Share Figures (reloads the library)
    index = window.period_model.index_of("FY2010-H1")
    window.navigator.selectionModel().select(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    window.find_edit.setText("cash")

    assert window.state.unit == THOUSANDS and window.unit_combo.currentData() == THOUSANDS.key
    assert window.state.statement == "balance" and window.statement_combo.currentData() == "balance"
    assert window.state.period == "FY2010-H1" and window.windowTitle() == "iijviewer — 1H FY2010"
    assert window.state.filter == "cash" and window.state.per_share == PerShareBasis.REPORTED
    # the page made before
    assert compare.unit == THOUSANDS and compare.table.statement == "balance"
    assert compare.library.per_share == PerShareBasis.REPORTED and compare.index is window.index
    assert compare.proxy.filterRegularExpression().pattern() == "cash"
    # a page made now reads the state as it is
    window.show_view("statements")
    statements = window.pages.made_page("statements")
    assert statements is not None
    assert statements.unit == THOUSANDS and statements.table.statement == "balance" and statements.period == "FY2010-H1"
    assert statements.library.per_share == PerShareBasis.REPORTED and statements.index is window.index
    assert statements.proxy.filterRegularExpression().pattern() == "cash"
    # and both follow the next change; a chart made later takes yen where the tables take US dollars
    _trigger(window.unit_actions, USD_MILLIONS.key)
    window.show_view("trends")
    trends = window.pages["trends"]
    assert compare.unit == USD_MILLIONS and statements.unit == USD_MILLIONS
    assert trends.unit == MILLIONS  # a chart cannot translate figure by figure at each document's rate
    _trigger(window.per_share_actions, PerShareBasis.ADJUSTED)
    assert {p.library.per_share for p in (compare, statements, trends)} == {PerShareBasis.ADJUSTED}
    assert statements.period == "FY2010-H1" and statements.table.statement == "balance"  # kept over the reload


def test_a_choice_made_again_changes_nothing(qtbot, library, settings, monkeypatch) -> None:
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    compare = window.pages["compare"]
    told: list = []
    window.state.unit_changed.connect(told.append)
    shown: list = []
    monkeypatch.setattr(compare, "set_display_unit", shown.append)  # what the page's own slot for the state calls
    _trigger(window.unit_actions, BILLIONS.key)
    window.unit_combo.setCurrentIndex(window.unit_combo.findData(BILLIONS.key))  # the same, from the toolbar
    _trigger(window.unit_actions, BILLIONS.key)
    assert told == [BILLIONS] and shown == [BILLIONS]


# -- capabilities: declared by the pages, asked with isinstance --------------------------------------


def _capabilities() -> list[type]:
    return [
        c for c in vars(panel_module).values()
        if inspect.isclass(c) and c.__module__ == panel_module.__name__ and c.__doc__ and not issubclass(c, panel_module.QWidget)
    ]


def _members(capability: type) -> list[str]:
    """What a page must have to offer the capability: its methods and the signals it names."""
    methods = [n for n, v in vars(capability).items() if inspect.isfunction(v)]
    signals = [n for n, t in capability.__annotations__.items() if t == "SignalInstance"]
    return methods + signals


def test_each_capability_names_what_it_asks_for() -> None:
    names = {c.__name__ for c in _capabilities()}
    assert {"StatementPage", "TablePage", "Copyable", "ImageCopyable", "ChartPage", "SourcePage", "TrendRequesting",
            "RemovalRequesting", "NotesPage"} <= names
    for capability in _capabilities():
        if capability.__name__ != "TablePage":  # its members are a view, a model and a table: attributes of a page
            assert _members(capability), capability


@pytest.mark.parametrize(("name", "module", "cls", "title"), PAGES)
def test_a_page_that_can_do_what_a_capability_asks_declares_it(qapp, name, module, cls, title) -> None:
    # else the window, asking isinstance, would never use what the page offers
    page_class = type(_load_page(module, cls, name))
    for capability in _capabilities():
        members = _members(capability)
        if members and all(hasattr(page_class, m) for m in members):
            assert issubclass(page_class, capability), f"{page_class.__name__} offers {capability.__name__} without declaring it"


def test_the_pages_declare_what_the_window_uses() -> None:
    from iijviewer.ui.compare import ComparePanel
    from iijviewer.ui.sources import SourcesPanel
    from iijviewer.ui.statements import StatementsPanel
    from iijviewer.ui.trends import TrendsPanel

    p = panel_module
    for figures in (StatementsPanel, ComparePanel):
        assert all(issubclass(figures, c) for c in (p.StatementPage, p.TablePage, p.Copyable, p.TrendRequesting, p.NotesPage))
        assert figures.translates_yen
    assert issubclass(TrendsPanel, p.ChartPage) and issubclass(TrendsPanel, p.ImageCopyable) and not TrendsPanel.translates_yen
    assert not issubclass(TrendsPanel, p.StatementPage)
    assert issubclass(SourcesPanel, p.SourcePage) and issubclass(SourcesPanel, p.RemovalRequesting)


# hasattr left in the Qt layers, each not about what a page can do
ALLOWED_HASATTR = {
    ("ui/guidance.py", "self", "beginFilterChange"),  # Qt before 6.9 has no such method
    ("ui/statements.py", "view", "horizontalHeader"),  # a table view or a tree view, both Qt's
    ("ui/sources.py", "ref", "source"),  # a reported figure (carries its source) or a source reference
    ("models/palette.py", "hints", "setColorScheme"),  # Qt before 6.8 cannot set the colour scheme
}


def _hasattr_calls(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (ast.unparse(node.args[0]), ast.literal_eval(node.args[1]) if isinstance(node.args[1], ast.Constant) else ast.unparse(node.args[1]))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "hasattr"
    ]


def test_no_page_is_probed_with_hasattr() -> None:
    assert "hasattr(" not in (UI / "main_window.py").read_text(encoding="utf-8")
    found = {
        (f"{path.parent.name}/{path.name}", *call)
        for path in [*UI.glob("*.py"), *MODELS.glob("*.py")]
        for call in _hasattr_calls(path)
    }
    assert found <= ALLOWED_HASATTR, sorted(found - ALLOWED_HASATTR)


def test_the_hasattr_scan_finds_a_probe(tmp_path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text('def f(page):\n    return page.copy_image() if hasattr(page, "copy_image") else None\n', encoding="utf-8")
    assert _hasattr_calls(probe) == [("page", "copy_image")]

"""The headless command line, called in-process: `facts` (CSV, JSON, --all, --output), --data-dir and `documents --report`.

The figures checked here were looked up in the bundled documents by hand; the
test also reads the cited line to make sure the citation is right.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from iijviewer import cli
from iijviewer.base.paths import bundled_documents_dir

CONTRACT_COLUMNS = ["concept", "period", "scenario", "value", "unit", "decimals", "derived", "source", "line", "label"]
STATUSES = {"chosen", "agrees", "conflict", "old_classification", "unreliable_row"}
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
RELEASE_2010 = "2010-11-15_press-release_1H-FY2010-results"

# (concept, period, scenario) -> (value, decimals, source, line, label), read off the documents
KNOWN = {
    ("revenue_total", "FY2010-H1", "actual"): ("34272080000", "-3", RELEASE_2010, 375, "Total revenues"),
    ("revenue_total", "FY2010-H1", "target"): ("32300000000", "-6", RELEASE_2010, 23, "Revenues"),
    ("eps_basic", "FY2010-H1", "actual"): (
        "4241.14",
        "2",
        RELEASE_2010,
        408,
        "BASIC NET INCOME PER SHARE (JPY / U.S. Dollars / JPY)",
    ),
    # 757,575 - 859,277: the noncontrolling interests lost 101,702 thousand
    ("net_income_noncontrolling", "FY2010-H1", "actual"): (
        "-101702000",
        "-3",
        RELEASE_2010,
        399,
        "LESS: NET LOSS ATTRIBUTABLE TO NONCONTROLLING INTERESTS",
    ),
}
KNOWN_PRINTED = {
    ("revenue_total", "FY2010-H1", "actual"): "34,272,080",
    ("revenue_total", "FY2010-H1", "target"): "JPY32,300 million",
    ("eps_basic", "FY2010-H1", "actual"): "4,241.14",
    ("net_income_noncontrolling", "FY2010-H1", "actual"): "101,702",
}

IMPORTED_ID = "2014-05-14_press-release_test"
IMPORTED = (
    "For Immediate Release\n\nIIJ Announces Test Results\n\nTokyo, May 14, 2014 - test.\n\n"
    "Revenues by service\n\n(JPY millions)\n\t1Q14\t2Q14\nWAN services\t7,101\t7,202\n\n"
    "Results\n\n(JPY millions)\n\tPrevious\tCurrent\nRevenues\t70,000\t72,000\n"
)
IMPORTED_FACT_LINE = 11
IMPORTED_REPORT_LINE = 16


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def key(row: dict) -> tuple[str, str, str]:
    return (row["concept"], row["period"], row["scenario"])


@pytest.fixture(scope="module")
def facts_csv() -> str:
    """`iijviewer facts` once for the module (it reads every bundled document)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["facts"]) == 0
    return out.getvalue()


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """A user library holding one imported document."""
    folder = tmp_path / "library"
    (folder / "documents").mkdir(parents=True)
    (folder / "documents" / f"{IMPORTED_ID}.txt").write_text(IMPORTED, encoding="utf-8")
    return folder


# --- facts as CSV ---------------------------------------------------------------------


def test_csv_header_is_the_contracts_column_order(facts_csv: str) -> None:
    assert facts_csv.splitlines()[0] == ",".join(CONTRACT_COLUMNS)


def test_csv_values_are_plain_numbers_and_rows_are_well_formed(facts_csv: str) -> None:
    table = rows(facts_csv)
    assert len(table) > 500
    bundled = {p.stem for p in bundled_documents_dir().glob("*.txt")}
    for r in table:
        assert PLAIN_NUMBER.match(r["value"]), r
        assert re.fullmatch(r"-?\d+", r["decimals"]), r
        assert r["derived"] in ("true", "false"), r
        if r["derived"] == "true":
            assert (r["source"], r["line"]) == ("derived", ""), r
            assert r["label"], r
        else:
            assert r["source"] in bundled, r
            assert int(r["line"]) >= 1, r
    assert len({key(r) for r in table}) == len(table), "one row per (concept, period, scenario)"


@pytest.mark.parametrize("fact_key", sorted(KNOWN))
def test_csv_has_exact_values_with_their_source(facts_csv: str, fact_key: tuple[str, str, str]) -> None:
    value, decimals, source, line, label = KNOWN[fact_key]
    (row,) = [r for r in rows(facts_csv) if key(r) == fact_key]
    assert (row["value"], row["decimals"], row["derived"], row["source"], row["line"], row["label"]) == (
        value,
        decimals,
        "false",
        source,
        str(line),
        label,
    )
    printed = (bundled_documents_dir() / f"{source}.txt").read_text(encoding="utf-8").splitlines()[line - 1]
    assert printed.startswith(label) and KNOWN_PRINTED[fact_key] in printed


# --- JSON -----------------------------------------------------------------------------


def test_json_parses_with_exact_values(capsys: pytest.CaptureFixture[str], facts_csv: str) -> None:
    code, out, err = run(capsys, "facts", "--format", "json")
    assert (code, err) == (0, "")
    records = json.loads(out, parse_float=Decimal)
    assert all(list(r) == CONTRACT_COLUMNS for r in records)
    by_key = {key(r): r for r in records}
    for fact_key, (value, decimals, source, line, label) in KNOWN.items():
        r = by_key[fact_key]
        assert (r["value"], r["decimals"], r["derived"], r["source"], r["line"], r["label"]) == (
            Decimal(value),
            int(decimals),
            False,
            source,
            line,
            label,
        )
    assert type(by_key[("revenue_total", "FY2010-H1", "actual")]["value"]) is int
    assert set(by_key) == {key(r) for r in rows(facts_csv)}


# --- --all ------------------------------------------------------------------------------


def test_all_adds_a_status_and_every_reported_occurrence(capsys: pytest.CaptureFixture[str], facts_csv: str) -> None:
    code, out, _ = run(capsys, "facts", "--all")
    assert code == 0
    assert out.splitlines()[0] == ",".join(CONTRACT_COLUMNS + ["status"])
    everything = rows(out)
    default = rows(facts_csv)
    assert len(everything) > len(default)
    assert {r["status"] for r in everything} <= STATUSES
    assert {"chosen", "agrees", "conflict"} <= {r["status"] for r in everything}
    chosen = [key(r) for r in everything if r["status"] == "chosen"]
    assert sorted(chosen) == sorted(key(r) for r in default)
    revenue = {(r["source"], r["line"], r["status"]) for r in everything if key(r) == ("revenue_total", "FY2010-H1", "actual")}
    assert (RELEASE_2010, "375", "chosen") in revenue
    assert ("2011-11-08_presentation_1H-FY2011-results", "78", "agrees") in revenue  # 34.3 billion


def test_all_keeps_old_classification_as_history(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "facts", "--all")
    old = [r for r in rows(out) if r["status"] == "old_classification"]
    assert old
    assert {r["source"] for r in old} == {RELEASE_2010}
    assert {r["concept"] for r in old} == {"revenue_outsourcing_services"}


# --- --output ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_output_writes_the_file_and_nothing_to_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"facts.{fmt}"
    code, out, err = run(capsys, "facts", "--format", fmt, "--output", str(target))
    assert (code, out, err) == (0, "", "")
    _, expected, _ = run(capsys, "facts", "--format", fmt)
    assert target.read_text(encoding="utf-8") == expected
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind


def test_output_into_a_missing_folder_fails_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "missing" / "facts.csv"
    code, out, err = run(capsys, "facts", "--output", str(target))
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert str(target) in err
    assert "Traceback" not in err
    assert not target.parent.exists()


# --- the user's library -----------------------------------------------------------------


def _imported_rows(text: str) -> list[tuple[str, str, str, str]]:
    return sorted((r["concept"], r["period"], r["value"], r["line"]) for r in rows(text) if r["source"] == IMPORTED_ID)


EXPECTED_IMPORTED = [
    ("revenue_wan_services", "FY2014-Q1", "7101000000", str(IMPORTED_FACT_LINE)),
    ("revenue_wan_services", "FY2014-Q2", "7202000000", str(IMPORTED_FACT_LINE)),
]


def test_data_dir_option(capsys: pytest.CaptureFixture[str], library_dir: Path) -> None:
    code, out, _ = run(capsys, "facts", "--data-dir", str(library_dir))
    assert code == 0
    assert _imported_rows(out) == EXPECTED_IMPORTED


def test_data_dir_environment_variable(
    capsys: pytest.CaptureFixture[str], library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IIJVIEWER_DATA_DIR", str(library_dir))
    code, out, _ = run(capsys, "facts")
    assert code == 0
    assert _imported_rows(out) == EXPECTED_IMPORTED


def test_without_the_users_library_only_bundled_documents(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, out, _ = run(capsys, "facts", "--data-dir", str(tmp_path / "empty"))
    assert _imported_rows(out) == []


def test_data_dir_before_the_command(capsys: pytest.CaptureFixture[str], library_dir: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(library_dir), "facts")
    assert code == 0
    assert _imported_rows(out) == EXPECTED_IMPORTED


def test_documents_lists_the_imported_document(capsys: pytest.CaptureFixture[str], library_dir: Path) -> None:
    code, out, _ = run(capsys, "documents", "--data-dir", str(library_dir))
    assert code == 0
    (line,) = [line for line in out.splitlines() if line.startswith(IMPORTED_ID)]
    assert line.split("\t")[1:3] == ["2014-05-14", "press_release"]
    assert "imported" in line.split("\t")
    assert sum("bundled" in line.split("\t") for line in out.splitlines()) == 5


# --- the ingest report ------------------------------------------------------------------

REPORT_LINE = re.compile(r"^(?P<document>[^:\s]+):(?P<line>\d+): (?P<message>\S.*)$")


def test_documents_report_lists_findings_as_document_line_message(
    capsys: pytest.CaptureFixture[str], library_dir: Path
) -> None:
    code, out, _ = run(capsys, "documents", "--report", "--data-dir", str(library_dir))
    assert code == 0
    lengths = {p.stem: len(p.read_text(encoding="utf-8").splitlines()) for p in bundled_documents_dir().glob("*.txt")}
    lengths[IMPORTED_ID] = len(IMPORTED.splitlines())
    lines = out.splitlines()
    assert lines
    for text in lines:
        m = REPORT_LINE.match(text)
        assert m, text
        assert 1 <= int(m["line"]) <= lengths[m["document"]], text
    assert (
        "2009-07-08_presentation_nomura-asia-equity-forum:1022: cell '<i>0.1</i> 1.06' of row 'Net Income' "
        "cannot be read as one figure"
    ) in lines
    assert any(text.startswith(f"{IMPORTED_ID}:{IMPORTED_REPORT_LINE}: ") for text in lines)


def test_output_file_gets_the_usual_mode_and_no_temporary_file_stays(tmp_path: Path, capsys) -> None:
    import os

    target = tmp_path / "facts.csv"
    assert cli.main(["facts", "--output", str(target)]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["facts.csv"]


def test_python_dash_m_runs_the_same_command_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    from iijviewer import __version__

    done = subprocess.run([sys.executable, "-m", "iijviewer", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"iijviewer {__version__}"
    done = subprocess.run(
        [sys.executable, "-m", "iijviewer", "facts", "--data-dir", str(tmp_path), "--no-such-option"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    # a usage mistake too is one line, not argparse's usage text
    assert done.stderr.count("\n") == 1 and "--no-such-option" in done.stderr, done.stderr


# --- metrics ------------------------------------------------------------------------------

METRIC_COLUMNS = ["metric", "period", "scenario", "value", "unit", "formula"]


def _golden_value(concept: str, period: str) -> Decimal:
    """The most precise golden figure (checked by hand against the documents) of an actual result."""
    with open(Path(__file__).parent / "golden" / "golden_facts.csv", newline="", encoding="utf-8") as f:
        found = [r for r in csv.DictReader(f) if (r["concept"], r["period"], r["scenario"]) == (concept, period, "actual")]
    return Decimal(max(found, key=lambda r: int(r["decimals"]))["value"])


def test_metrics_csv_gives_the_operating_margin_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "metrics", "--periods", "FY2012-H1")
    assert (code, err) == (0, "")
    table = rows(out)
    assert list(table[0])[:6] == METRIC_COLUMNS
    (row,) = [r for r in table if (r["metric"], r["period"], r["scenario"]) == ("operating_margin_pct", "FY2012-H1", "actual")]
    by_hand = (_golden_value("operating_income", "FY2012-H1") / _golden_value("revenue_total", "FY2012-H1") * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert (row["value"], row["unit"]) == (str(by_hand), "percent")
    assert row["formula"] == "operating_income[FY2012-H1] / revenue_total[FY2012-H1] * 100"
    assert row["derived"] == "false" and row["sources"]
    # the period brings its balance-sheet date, and nothing of other periods
    assert {r["period"] for r in table} == {"FY2012-H1", "2012-09-30"}
    (equity,) = [r for r in table if r["metric"] == "equity_ratio_pct"]
    by_hand = _golden_value("total_iij_shareholders_equity", "2012-09-30") / _golden_value("total_assets", "2012-09-30") * 100
    assert Decimal(equity["value"]) == by_hand.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_metrics_money_is_in_yen_and_every_value_a_plain_number(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "metrics")
    assert code == 0
    table = rows(out)
    assert {r["unit"] for r in table} == {"percent", "JPY"}
    for r in table:
        assert PLAIN_NUMBER.match(r["value"]), r
        if r["unit"] == "JPY":
            assert r["metric"].endswith("_ttm") and "." not in r["value"], r
    assert {"revenue_ttm", "operating_income_ttm", "net_income_attributable_ttm", "roe_pct", "revenue_cagr_3y_pct"} <= {
        r["metric"] for r in table
    }


def test_metrics_json_and_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "metrics.json"
    code, out, err = run(capsys, "metrics", "--format", "json", "--output", str(target), "--periods", "FY2012")
    assert (code, out, err) == (0, "", "")
    records = json.loads(target.read_text(encoding="utf-8"))
    from iijviewer.base.periods import parse_key

    assert records and {parse_key(r["period"]).fiscal_year for r in records} == {2012}
    assert all(isinstance(r["value"], (int, float)) and isinstance(r["derived"], bool) for r in records)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_metrics_refuses_a_bad_period_and_a_bad_target_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "metrics", "--periods", "1H12")
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "1H12" in err
    target = tmp_path / "missing" / "metrics.csv"
    code, out, err = run(capsys, "metrics", "--output", str(target))
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and str(target) in err
    assert not target.parent.exists()
# --- validation: a bad value is one line naming it and the choices, a non-zero exit, nothing written ---


def one_line(err: str) -> str:
    assert err.startswith("iijviewer: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_unknown_concepts_are_named_with_the_nearest_ids(capsys, tmp_path) -> None:
    shot = tmp_path / "x.png"
    code, out, err = run(capsys, "--screenshot", str(shot), "--concepts", "revenue_total,revenue_totl", "--data-dir", str(tmp_path / "lib"))
    assert code == 2 and out == ""
    assert "'revenue_totl'" in one_line(err) and "did you mean revenue_total" in err
    code, _, err = run(capsys, "--screenshot", str(shot), "--concepts", "zzzz", "--data-dir", str(tmp_path / "lib"))
    assert code == 2 and "'zzzz'" in one_line(err) and "concept ids: " in err
    code, _, err = run(capsys, "--screenshot", str(shot), "--statement", "incme", "--data-dir", str(tmp_path / "lib"))
    assert code == 2 and "'incme'" in one_line(err) and "income, balance, cash_flow" in err
    assert not shot.exists()


def test_a_global_unit_before_a_command_is_refused(capsys, tmp_path) -> None:
    target = tmp_path / "book.xlsx"
    code, out, err = run(capsys, "--unit", "billions", "export", "--xlsx", str(target), "--data-dir", str(tmp_path / "lib"))
    assert code == 2 and out == ""
    assert "--unit before 'export'" in one_line(err) and "iijviewer export --unit billions" in err
    assert not target.exists()
    code, _, err = run(capsys, "--unit", "billions", "facts")
    assert code == 2 and "--unit is a screenshot option" in one_line(err) and "'facts'" in err


def test_screenshot_with_a_command_is_refused(capsys, tmp_path) -> None:
    shot = tmp_path / "x.png"
    code, out, err = run(capsys, "--screenshot", str(shot), "--view", "trends", "facts", "--data-dir", str(tmp_path / "lib"))
    assert code == 2 and out == ""
    assert "--screenshot, --view are screenshot options" in one_line(err) and "'facts'" in err
    assert "statements|compare|trends" in err
    assert not shot.exists()


def test_a_data_dir_that_is_a_file_or_has_no_parent_is_refused(capsys, tmp_path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    code, out, err = run(capsys, "facts", "--data-dir", str(a_file))
    assert code == 2 and out == ""
    assert one_line(err).startswith(f"iijviewer: {a_file}: ") and "is a file, not a folder" in err
    missing = tmp_path / "no" / "such" / "lib"
    code, out, err = run(capsys, "documents", "--data-dir", str(missing))
    assert code == 2 and out == ""
    assert one_line(err).startswith(f"iijviewer: {missing}: ") and f"folder {missing.parent} does not exist" in err
    assert not missing.parent.exists()
    code, _, _ = run(capsys, "documents", "--data-dir", str(tmp_path / "new"))  # a new folder in an existing one is fine
    assert code == 0


def test_an_export_with_no_facts_writes_nothing(capsys, tmp_path) -> None:
    target = tmp_path / "empty.xlsx"
    code, out, err = run(capsys, "export", "--xlsx", str(target), "--periods", "FY1990", "--data-dir", str(tmp_path / "lib"))
    assert code == 2 and out == ""
    assert "no facts for --periods FY1990" in one_line(err) and "The library has FY" in err
    assert not target.exists()


def test_export_xlsx_to_a_csv_name_is_refused(capsys, tmp_path) -> None:
    target = tmp_path / "facts.csv"
    code, out, err = run(capsys, "export", "--xlsx", str(target), "--data-dir", str(tmp_path / "lib"))
    assert code == 2 and out == ""
    assert f"--xlsx {target}" in one_line(err) and "must end in .xlsx" in err and "use --csv FILE" in err
    assert not target.exists()


def test_without_a_display_the_viewer_says_so_in_one_line(tmp_path) -> None:
    import os
    import subprocess
    import sys

    if sys.platform in ("win32", "darwin"):
        pytest.skip("a display is always there")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-m", "iijviewer", "--data-dir", str(tmp_path / "lib")], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("iijviewer: no display") and done.stderr.count("\n") == 1
    assert "iijviewer facts" in done.stderr and done.stdout == ""


def test_an_unknown_period_names_the_nearest(capsys, qtbot, tmp_path) -> None:
    shot = tmp_path / "x.png"
    code, out, err = run(capsys, "--screenshot", str(shot), "--compare", "FY2010-H1,FY2010-H3", "--data-dir", str(tmp_path / "lib"))
    assert code == 2 and out == ""
    assert "'FY2010-H3'" in one_line(err) and "did you mean " in err and "FY2010-H1" in err
    assert not shot.exists()

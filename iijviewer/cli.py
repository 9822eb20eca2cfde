"""The command line: `iijviewer` opens the viewer; subcommands work headless.

Errors a user can act on end the program with status 2 and one line on
standard error; no traceback reaches the user: an unexpected error is one line
too, and its traceback goes to the log (`iijviewer.base.errorlog`).
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from typing import NoReturn

from iijviewer import __version__
from iijviewer.base.formatting import plural
from iijviewer.base.safefile import OutputRefused, printable
from iijviewer.base.vocabulary import PER_SHARE_BASES, PerShareBasis
from iijviewer.export.factsio import ALL_EXTRA_COLUMNS, FACT_COLUMNS, csv_text, fact_rows, json_text, write_text_atomic

SCREENSHOT_VIEWS = ["statements", "compare", "trends", "guidance", "sources", "findings"]
# the options that only a screenshot reads (given before a command, they would be ignored)
SCREENSHOT_OPTIONS = {
    "screenshot": "--screenshot",
    "view": "--view",
    "statement": "--statement",
    "period": "--period",
    "compare": "--compare",
    "concepts": "--concepts",
    "screenshot_unit": "--unit",
}


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """A usage mistake is one line on stderr and exit status 2, like every other error of the command line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _data_dir_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # the subcommands' copy must not overwrite a --data-dir given before the subcommand
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None if top else argparse.SUPPRESS,
        help="where the user's library and caches live (default: $IIJVIEWER_DATA_DIR, else the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="iijviewer",
        description="IIJ's investor-relations documents as normalized financial statements. "
        "Without a command, opens the viewer.",
    )
    parser.add_argument("--version", action="version", version=f"iijviewer {__version__}")
    _data_dir_option(parser, top=True)
    shot = parser.add_argument_group("screenshot (render the window offscreen to a PNG and exit)")
    shot.add_argument("--screenshot", metavar="FILE", help="write a PNG of the viewer to FILE and exit")
    shot.add_argument("--view", choices=SCREENSHOT_VIEWS, help="the page to show")
    shot.add_argument("--statement", metavar="NAME", help="income, balance, cash_flow, segments, revenue_detail, ...")
    shot.add_argument("--period", metavar="KEY", help="a period key such as FY2010-H1")
    shot.add_argument("--compare", metavar="KEY,KEY,...", help="periods side by side on the compare page")
    shot.add_argument("--concepts", metavar="ID,ID,...", help="concepts to plot on the trends page")
    # its own dest: export's --unit would overwrite one given before the command, which then went unnoticed
    shot.add_argument(
        "--unit",
        dest="screenshot_unit",
        choices=["thousands", "millions", "billions", "usd_millions"],
        help="display unit for yen amounts (usd_millions: US$ at each document's rate)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    facts = sub.add_parser("facts", help="print the normalized facts")
    facts.add_argument("--format", choices=["csv", "json"], default="csv")
    facts.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    facts.add_argument("--all", action="store_true", help="every reported occurrence (history, conflicts), with its status")
    facts.add_argument(
        "--per-share",
        choices=PER_SHARE_BASES,
        default=PerShareBasis.REPORTED,
        help="per-share figures as printed (reported, the default) or adjusted to today's shares across stock splits",
    )
    _data_dir_option(facts)

    check = sub.add_parser("check", help="cross-document conflicts and statements that do not add up")
    check.add_argument("--format", choices=["text", "csv"], default="text")
    check.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    _data_dir_option(check)

    metrics = sub.add_parser("metrics", help="measures computed from the facts: margins, growth, twelve months, ratios")
    metrics.add_argument("--format", choices=["csv", "json"], default="csv")
    metrics.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    metrics.add_argument(
        "--periods", metavar="KEY,KEY,...", help="only these period keys; a fiscal year (FY2012) brings its parts and dates"
    )
    _data_dir_option(metrics)

    docs = sub.add_parser("documents", help="list the documents in the library and what could not be read")
    docs.add_argument("--report", action="store_true", help="print the ingest report: tables that could not be read")
    _data_dir_option(docs)

    imp = sub.add_parser(
        "import",
        help="add documents to the library; a bad file is refused and the library left as it was",
    )
    imp.add_argument("files", nargs="+", metavar="FILE", help="an IIJ release or presentation: PDF, saved web page or text")
    _data_dir_option(imp)

    rm = sub.add_parser(
        "remove",
        help="take imported documents out of the library, as it was before their import",
    )
    rm.add_argument("documents", nargs="+", metavar="DOC_ID", help="a document's id, as `iijviewer documents` lists it")
    _data_dir_option(rm)

    export = sub.add_parser("export", help="the Excel workbook for finance (and the facts as CSV)")
    export.add_argument("--xlsx", metavar="FILE", help="write the workbook to FILE")
    export.add_argument("--csv", metavar="FILE", help="write the facts (contract columns) as CSV for a spreadsheet to FILE")
    export.add_argument("--unit", choices=["thousands", "millions", "billions"], help="yen amounts in (default: millions)")
    export.add_argument("--statements", metavar="NAME,NAME,...", help="income, balance, cash_flow, ... (default: all)")
    export.add_argument("--periods", metavar="KEY,KEY,...", help="period keys; FY2010 brings its parts (default: all)")
    export.add_argument("--layout", choices=["quarterly", "half", "annual", "all"], default="all", help="which periods are columns")
    export.add_argument(
        "--per-share",
        choices=PER_SHARE_BASES,
        default=PerShareBasis.ADJUSTED,
        help="per-share figures adjusted to today's shares (adjusted, the default, as the viewer shows them) or as printed",
    )
    _data_dir_option(export)
    return parser


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_text_atomic(text, output)
    except OutputRefused as e:
        raise UserError(str(e)) from None
    except OSError as e:
        raise UserError(f"{output}: cannot write ({e.strerror or e})") from None


def _load(args: argparse.Namespace):
    from iijviewer.library.store import Library

    return Library.load(args.data_dir)


def cmd_facts(args: argparse.Namespace) -> int:
    library = _load(args)
    library.per_share = args.per_share
    columns = FACT_COLUMNS + (ALL_EXTRA_COLUMNS if args.all else [])
    rows = fact_rows(library, args.all)
    text = csv_text(rows, columns) if args.format == "csv" else json_text(rows, columns)
    _write(text, args.output)
    return 0


def cmd_metrics(args: argparse.Namespace) -> int:
    from iijviewer.base.periods import parse_key
    from iijviewer.views import metrics

    periods = _split(args.periods)
    for key in periods:
        try:
            parse_key(key)
        except ValueError as e:
            raise UserError(f"metrics: {e}") from None
    rows = metrics.metric_rows(metrics.library_measures(_load(args)), periods)
    columns = metrics.METRIC_COLUMNS
    text = csv_text(rows, columns) if args.format == "csv" else json_text(rows, columns)
    _write(text, args.output)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from iijviewer.analysis import checks

    library = _load(args)
    if args.format == "csv":
        out = io.StringIO()
        checks.to_csv(library.findings, out)
        text = out.getvalue()
    else:
        text = checks.to_text(library.findings)
    _write(text, args.output)
    library.save_snapshot()  # checked now: the next command or start takes it from here
    return 0


def _split(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(",") if t.strip()]


def cmd_screenshot(args: argparse.Namespace) -> int:
    from iijviewer.app import ScreenshotOptions, render_screenshot

    options = ScreenshotOptions(
        view=args.view,
        statement=args.statement,
        period=args.period,
        compare=_split(args.compare),
        concepts=_split(args.concepts),
        unit=args.screenshot_unit,
    )
    try:
        render_screenshot(args.screenshot, options, data_dir=args.data_dir)
    except (ValueError, OSError) as e:
        raise UserError(str(e)) from None
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    library = _load(args)
    if args.report:
        for finding in library.report:
            print(finding)
        for problem in library.problems:
            print(problem)
        return 0
    counts: dict[str, int] = {}
    for f in library.raw:
        counts[f.source.document] = counts.get(f.source.document, 0) + 1
    for d in library.documents:
        origin = "bundled" if d.bundled else "imported" if d.source_kind == "text" else f"imported from {d.source_kind} {d.original}"
        line = f"{d.id}\t{d.publication_date}\t{d.kind}\t{d.reported_period or '-'}\t{plural(counts.get(d.id, 0), 'fact')}\t{origin}\t{d.title}"
        print(printable(line))  # a title's escape sequences never reach the terminal
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from iijviewer.library import importer

    try:
        outcome = importer.import_documents(args.files, args.data_dir)
    except importer.LibraryWriteError as e:
        raise UserError(str(e)) from None
    except importer.ImportedButNotReported as e:
        from iijviewer.base import errorlog

        cause = e.__cause__ or e
        log = errorlog.record(type(cause), cause, cause.__traceback__, args.data_dir, "import report failed")
        raise UserError(f"{e}: {errorlog.summary(cause)}; {errorlog.where(log)}") from None
    for line in importer.report_lines(outcome):
        print(line)
    for line in importer.refusal_lines(outcome, len(args.files)):
        print(f"iijviewer: {line}", file=sys.stderr)
    return 0 if outcome.ok else 2


def cmd_remove(args: argparse.Namespace) -> int:
    from iijviewer.library import importer
    from iijviewer.library.changes import chosen_changes

    before = _load(args)
    known = {d.id for d in before.documents}
    after = before.without(d for d in args.documents if d in known)
    try:
        outcome = importer.remove_documents(args.documents, args.data_dir)
    except (importer.RemovalRefused, importer.LibraryWriteError) as e:
        raise UserError(str(e)) from None
    changes = chosen_changes(before.facts, after.facts)
    for doc_id in outcome.removed:
        files = [f for f in outcome.files if f.startswith(f"{doc_id}.")]
        print(f"{doc_id}: removed from the library ({', '.join(files)})")
    print(f"  figures no longer in the library: {len(changes.removed) or 'none'}")
    print(f"  figures whose chosen value changes: {len(changes.changed) or 'none'}")
    for change in changes.changed:
        print(f"    {change}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from iijviewer.base.formatting import display_unit
    from iijviewer.export import workbook as export

    if not args.xlsx and not args.csv:
        raise UserError("export: say where to write: --xlsx FILE and/or --csv FILE")
    options = export.ExportOptions(
        unit=display_unit(args.unit or "millions"),
        statements=tuple(_split(args.statements)) or None,
        periods=tuple(_split(args.periods)) or None,
        layout=args.layout,
    )
    try:
        options.validate()
        for path in (args.xlsx, args.csv):
            if path:
                export.check_target(path)  # before the library is read: a typo in a folder fails at once
    except ValueError as e:
        raise UserError(f"export: {e}") from None
    except export.ExportError as e:
        raise UserError(str(e)) from None
    library = _load(args)
    library.per_share = args.per_share
    if not export.selected_facts(library, options):
        chosen = " ".join(f"--{n} {v}" for n, v in (("statements", args.statements), ("periods", args.periods)) if v)
        years = sorted({f.period[:6] for f in library.facts if f.period.startswith("FY")})
        raise UserError(
            f"export: no facts for {chosen or 'the library'} (layout {args.layout}); nothing written."
            f" The library has {years[0]} to {years[-1]}." if years else "export: the library has no facts; nothing written"
        )
    for path, write in ((args.xlsx, export.export_workbook), (args.csv, export.export_facts_csv)):
        if not path:
            continue
        try:
            result = write(library, path, options)
        except export.ExportError as e:
            raise UserError(str(e)) from None
        except OSError as e:
            raise UserError(f"{path}: cannot write ({e.strerror or e})") from None
        print(result if isinstance(result, export.ExportSummary) else f"wrote {path}: {plural(result, 'fact')}")
    library.save_snapshot()
    return 0


# --- validation: a bad value is one line naming it (and the choices), before any work -------------------


def _choices(values: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f", … ({len(values)} in all)" if len(values) > limit else "")


def _validate_options(args: argparse.Namespace) -> None:
    """UserError for options that would be ignored or cannot work; nothing is read or written before."""
    if args.command is not None:
        given = [flag for dest, flag in SCREENSHOT_OPTIONS.items() if getattr(args, dest, None)]
        if given == ["--unit"] and args.command == "export":
            raise UserError(f"--unit before 'export' is a screenshot option; put it after the command: iijviewer export --unit {args.screenshot_unit} ...")
        if given:
            raise UserError(
                f"{', '.join(given)} {'is a screenshot option' if len(given) == 1 else 'are screenshot options'}"
                f" and cannot be used with the command '{args.command}'; without a command: iijviewer --screenshot FILE"
                f" [--view {'|'.join(SCREENSHOT_VIEWS)}] ..."
            )
    _validate_data_dir(args.data_dir, "; nothing was imported" if args.command == "import" else "")
    if args.command is None and args.screenshot:
        _validate_screenshot(args)
    if args.command == "export":
        _validate_export_targets(args)


def _validate_data_dir(value: str | None, outcome: str = "") -> None:
    """A --data-dir that is a file, or whose folder does not exist, is a typo: said before anything is read."""
    if not value:
        return
    from pathlib import Path

    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():
        raise UserError(f"{value}: the --data-dir is a file, not a folder; give the library's folder{outcome}")
    parent = path.absolute().parent
    if not path.exists() and not parent.is_dir():
        raise UserError(f"{value}: the --data-dir's folder {parent} does not exist; make it first or give another folder{outcome}")


def _validate_screenshot(args: argparse.Namespace) -> None:
    from difflib import get_close_matches

    from iijviewer.base.concepts import catalog
    from iijviewer.views.viewdata import statement_names

    known = list(catalog())
    for concept in _split(args.concepts):
        if concept not in known:
            near = get_close_matches(concept, known, n=5, cutoff=0.5)
            hint = f"did you mean {', '.join(near)}?" if near else f"concept ids: {_choices(known)}"
            raise UserError(f"--concepts: unknown concept {concept!r}; {hint} (all ids: resources/concepts.csv)")
    statements = [key for key, _ in statement_names()]
    if args.statement and args.statement not in statements:
        raise UserError(f"--statement: unknown statement {args.statement!r}; choose one of {', '.join(statements)}")


def _validate_export_targets(args: argparse.Namespace) -> None:
    """A workbook named as another kind of file (`facts.csv`) would not open as one: `--xlsx` takes .xlsx (or no suffix)."""
    from pathlib import PurePath

    path = args.xlsx
    suffix = PurePath(path).suffix.lower() if path else ""
    if suffix and suffix != ".xlsx":
        hint = "; for the facts as CSV use --csv FILE" if suffix == ".csv" else ""
        raise UserError(f"export --xlsx {path}: a workbook's name must end in .xlsx, not {suffix}{hint}")


_NO_DISPLAY = (
    "no display to open the viewer on (neither DISPLAY nor WAYLAND_DISPLAY is set); run it in a desktop session,"
    " or use a command such as 'iijviewer facts' or 'iijviewer --screenshot FILE'"
)


def _display_missing() -> bool:
    """On Linux and other X11/Wayland systems, no display and no Qt platform chosen: the viewer cannot open."""
    import os

    if sys.platform in ("win32", "darwin"):
        return False
    return not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _validate_options(args)
        if args.command is None and not args.screenshot and _display_missing():
            print(f"iijviewer: {_NO_DISPLAY}", file=sys.stderr)
            return 1
        if args.command is None and args.screenshot:
            return cmd_screenshot(args)
        if args.command is None:
            from iijviewer.app import run_viewer

            return run_viewer(data_dir=args.data_dir)
        handler = {
            "facts": cmd_facts,
            "check": cmd_check,
            "metrics": cmd_metrics,
            "documents": cmd_documents,
            "import": cmd_import,
            "remove": cmd_remove,
            "export": cmd_export,
        }[args.command]
        return handler(args)
    except UserError as e:
        print(f"iijviewer: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("iijviewer: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001 - a bug: the traceback goes to the log, the user gets one line
        from iijviewer.base import errorlog

        log = errorlog.record(type(e), e, e.__traceback__, args.data_dir)
        print(f"iijviewer: unexpected error: {errorlog.summary(e)}; {errorlog.where(log)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

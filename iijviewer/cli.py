"""The command line: `iijviewer` opens the viewer; subcommands work headless.

Errors a user can act on end the program with status 2 and one line on
standard error; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence

from iijviewer import __version__
from iijviewer.factsio import ALL_EXTRA_COLUMNS, FACT_COLUMNS, csv_text, fact_rows, json_text, write_text_atomic

SCREENSHOT_VIEWS = ["statements", "compare", "trends", "guidance", "sources", "findings"]


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def _data_dir_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # the subcommands' copy must not overwrite a --data-dir given before the subcommand
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None if top else argparse.SUPPRESS,
        help="where the user's library and caches live (default: $IIJVIEWER_DATA_DIR, else the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    shot.add_argument("--unit", choices=["thousands", "millions", "billions"], help="display unit for yen amounts")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    facts = sub.add_parser("facts", help="print the normalized facts")
    facts.add_argument("--format", choices=["csv", "json"], default="csv")
    facts.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    facts.add_argument("--all", action="store_true", help="every reported occurrence (history, conflicts), with its status")
    _data_dir_option(facts)

    check = sub.add_parser("check", help="cross-document conflicts and statements that do not add up")
    check.add_argument("--format", choices=["text", "csv"], default="text")
    check.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    _data_dir_option(check)

    docs = sub.add_parser("documents", help="list the documents in the library and what could not be read")
    docs.add_argument("--report", action="store_true", help="print the ingest report: tables that could not be read")
    _data_dir_option(docs)

    imp = sub.add_parser(
        "import",
        help="add documents to the library; a bad file is refused and the library left as it was",
    )
    imp.add_argument("files", nargs="+", metavar="FILE", help="a text file of an IIJ results press release or presentation")
    _data_dir_option(imp)
    return parser


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_text_atomic(text, output)
    except OSError as e:
        raise UserError(f"{output}: cannot write ({e.strerror or e})") from None


def _load(args: argparse.Namespace):
    from iijviewer.store import Library

    return Library.load(args.data_dir)


def cmd_facts(args: argparse.Namespace) -> int:
    library = _load(args)
    columns = FACT_COLUMNS + (ALL_EXTRA_COLUMNS if args.all else [])
    rows = fact_rows(library, args.all)
    text = csv_text(rows, columns) if args.format == "csv" else json_text(rows, columns)
    _write(text, args.output)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from iijviewer import checks

    library = _load(args)
    if args.format == "csv":
        out = io.StringIO()
        checks.to_csv(library.findings, out)
        text = out.getvalue()
    else:
        text = checks.to_text(library.findings)
    _write(text, args.output)
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
        unit=args.unit,
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
        origin = "bundled" if d.bundled else "imported"
        print(f"{d.id}\t{d.publication_date}\t{d.kind}\t{d.reported_period or '-'}\t{counts.get(d.id, 0)} facts\t{origin}\t{d.title}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from iijviewer import importer

    try:
        outcome = importer.import_documents(args.files, args.data_dir)
    except importer.LibraryWriteError as e:
        raise UserError(str(e)) from None
    if not outcome.ok:
        for line in importer.refusal_lines(outcome, len(args.files)):
            print(f"iijviewer: {line}", file=sys.stderr)
        return 2
    for line in importer.report_lines(outcome):
        print(line)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None and args.screenshot:
            return cmd_screenshot(args)
        if args.command is None:
            from iijviewer.app import run_viewer

            return run_viewer(data_dir=args.data_dir)
        handler = {"facts": cmd_facts, "check": cmd_check, "documents": cmd_documents, "import": cmd_import}[args.command]
        return handler(args)
    except UserError as e:
        print(f"iijviewer: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

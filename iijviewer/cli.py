"""The command line: `iijviewer` opens the viewer; subcommands work headless.

Errors a user can act on end the program with status 2 and one line on
standard error; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from iijviewer import __version__
from iijviewer.facts import format_decimal

FACT_COLUMNS = ["concept", "period", "scenario", "value", "unit", "decimals", "derived", "source", "line", "label"]
ALL_EXTRA_COLUMNS = ["status"]


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where the user's library and caches live (default: $IIJVIEWER_DATA_DIR, else the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iijviewer",
        description="IIJ's investor-relations documents as normalized financial statements. "
        "Without a command, opens the viewer.",
    )
    parser.add_argument("--version", action="version", version=f"iijviewer {__version__}")
    _data_dir_option(parser)
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
    return parser


def _row(fact, derived: bool, status: str | None) -> dict[str, object]:
    source = fact.source
    row: dict[str, object] = {
        "concept": fact.concept,
        "period": fact.period,
        "scenario": fact.scenario,
        "value": fact.value,
        "unit": fact.unit,
        "decimals": fact.decimals,
        "derived": derived,
        "source": "derived" if derived or source is None else source.document,
        "line": "" if derived or source is None else source.line,
        "label": fact.label,
    }
    if status is not None:
        row["status"] = status
    return row


def _rows(library, include_all: bool) -> list[dict[str, object]]:
    """The normalized facts; with `include_all`, every reported occurrence and every derived fact too."""
    if not include_all:
        return [_row(f, f.derived, None) for f in library.facts]
    rows = [_row(o.fact, False, o.status) for o in library.occurrences]
    for f in library.facts:
        if f.derived:
            rows.append(_row(f, True, "chosen"))
    by_key = {f.key: f for f in library.facts}
    for r in rows:  # a report that a more precise derivation replaced
        key = (r["concept"], r["period"], r["scenario"])
        if r["status"] == "chosen" and r["derived"] is False and by_key[key].derived:
            r["status"] = "agrees"
    rows.sort(key=lambda r: (r["concept"], r["period"], r["scenario"], r["status"] != "chosen"))
    return rows


def _csv_text(rows: Iterable[dict[str, object]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return out.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "as_tuple"):  # Decimal
        return format_decimal(value)  # type: ignore[arg-type]
    return str(value)


def _json_text(rows: Iterable[dict[str, object]], columns: Sequence[str]) -> str:
    """JSON with values as exact numbers (a float would round them)."""
    records = []
    for row in rows:
        parts = []
        for c in columns:
            v = row[c]
            if hasattr(v, "as_tuple"):
                text = format_decimal(v)  # type: ignore[arg-type]
            else:
                text = json.dumps(v, ensure_ascii=False)
            parts.append(f"{json.dumps(c)}: {text}")
        records.append("  {" + ", ".join(parts) + "}")
    return "[\n" + ",\n".join(records) + "\n]\n"


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    target = Path(output)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise UserError(f"{output}: cannot write ({e.strerror or e})") from None


def _load(args: argparse.Namespace):
    from iijviewer.store import Library

    return Library.load(args.data_dir)


def cmd_facts(args: argparse.Namespace) -> int:
    library = _load(args)
    columns = FACT_COLUMNS + (ALL_EXTRA_COLUMNS if args.all else [])
    rows = _rows(library, args.all)
    text = _csv_text(rows, columns) if args.format == "csv" else _json_text(rows, columns)
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from iijviewer.app import run_viewer

            return run_viewer(data_dir=args.data_dir)
        handler = {"facts": cmd_facts, "check": cmd_check, "documents": cmd_documents}[args.command]
        return handler(args)
    except UserError as e:
        print(f"iijviewer: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `treatylens` command: treaty status from the terminal, and refreshing the treaty data.

Each subcommand lives in its own `_add_<name>` function that registers its parser and the
function that runs it, so later commands (e.g. `grade`) are added the same way without
touching the others. Every command function returns the exit code: 0 success, 1 a data file
that cannot be trusted, 2 a usage problem (as argparse itself uses 2).
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from treatylens import treaties
from treatylens.errors import DataFileError
from treatylens.io import treaties as treaty_data
from treatylens.io import untc

Command = Callable[[argparse.Namespace], int]


def _iso_date(text: str) -> date:
    """A YYYY-MM-DD date; a right form naming an impossible day says so ("2026-02-30 is not a
    date: February 2026 has 28 days"), rather than blaming the form."""
    try:
        return treaty_data.parse_iso_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# --- status -----------------------------------------------------------------------------------


def _add_status(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "status",
        help="who is a party, signatory, withdrawn or not joined on a date",
        description="Status of every state under one treaty on one date, from events.csv.",
    )
    parser.add_argument("--treaty", required=True, choices=sorted(treaties.TREATIES))
    parser.add_argument("--as-of", required=True, type=_iso_date, metavar="YYYY-MM-DD")
    parser.add_argument("--format", choices=("csv", "table"), default="table")
    parser.set_defaults(func=_run_status)


def _run_status(args: argparse.Namespace) -> int:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", treaties.StatusAfterDataWarning)
        try:
            table = treaties.status(args.treaty, args.as_of)
        except DataFileError:
            raise  # a broken data file is reported by main(), exit code 1
        except ValueError as error:
            print(f"treatylens status: {error}", file=sys.stderr)
            return 2
    for warning in caught:
        if issubclass(warning.category, treaties.StatusAfterDataWarning):
            print(f"warning: {warning.message}", file=sys.stderr)
    out = table[["iso3", "name", "status", "joined"]].copy()
    out["joined"] = out["joined"].dt.strftime("%Y-%m-%d").fillna("")
    if args.format == "csv":
        sys.stdout.write(out.to_csv(index=False, lineterminator="\n"))
    else:
        width = int(out["name"].str.len().max())
        print(out.to_string(index=False, formatters={"name": lambda n: f"{n:<{width}}"}))
    return 0


# --- data update-treaties ---------------------------------------------------------------------


def _add_data(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("data", help="maintain the course's data files")
    actions = parser.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    update = actions.add_parser(
        "update-treaties",
        help="compare a saved UNTC status page with events.csv",
        description=(
            "Show which actions a saved UN Treaty Collection status page would add, change "
            "or remove in events.csv. Nothing is written without --write."
        ),
    )
    update.add_argument("--treaty", required=True, choices=sorted(treaties.TREATIES))
    update.add_argument("--untc-page", required=True, type=Path, metavar="SAVED.html")
    update.add_argument("--write", action="store_true", help="write events.csv and meta.json")
    update.set_defaults(func=_run_update_treaties)


def _run_update_treaties(args: argparse.Namespace) -> int:
    info = treaties.TREATIES[args.treaty]
    try:
        page = untc.read_status_page(args.untc_page)
    except (OSError, untc.UntcPageError) as error:
        print(f"treatylens data update-treaties: {error}", file=sys.stderr)
        return 2
    if page.mtdsg_no != info.untc_mtdsg_no:
        print(
            f"treatylens data update-treaties: the page is {page.mtdsg_no}, but --treaty "
            f"{args.treaty} is {info.untc_mtdsg_no}",
            file=sys.stderr,
        )
        return 2
    states = treaties.load_states()
    events_file = treaty_data.events_path()
    treaties.load_events(events_file, states=states)  # refuse to merge into a broken file
    current = pd.read_csv(events_file, dtype=str, keep_default_na=False)
    try:
        new = untc.page_actions(page, args.treaty, dict(zip(states["name"], states["iso3"],
                                                            strict=True)))
    except untc.UntcPageError as error:
        print(f"treatylens data update-treaties: {error}", file=sys.stderr)
        return 2
    diff = untc.diff_actions(current, new, page, args.treaty)
    _print_diff(diff, page)
    if not args.write:
        print("dry run: nothing written (pass --write to apply)")
        return 0
    _write(events_file, untc.apply_diff(current, diff), states, page, args.treaty)
    print(f"wrote {events_file}")
    return 0


def _print_diff(diff: untc.Diff, page: untc.StatusPage) -> None:
    print(f"UNTC {page.mtdsg_no} as at {page.as_at}: {len(page.participants)} participants")
    for line in untc.format_rows(diff.added):
        print(f"+ add     {line}")
    for old, new in diff.changed:
        print(f"~ change  {untc.format_rows([old])[0]}")
        print(f"     to   {untc.format_rows([new])[0]}")
    for line in untc.format_rows(diff.removed):
        print(f"- remove  {line}")
    print(
        f"{len(diff.added)} to add, {len(diff.changed)} to change, {len(diff.removed)} to "
        f"remove; {len(diff.refreshed)} unchanged facts get the newer source; "
        f"{len(diff.kept_other_source)} rows with other sources are kept"
    )


def _write(
    events_file: Path, merged: pd.DataFrame, states: pd.DataFrame, page: untc.StatusPage,
    treaty: str,
) -> None:
    """Validate the merged log before it replaces the file, then record the new as-of date."""
    temporary = events_file.with_name(events_file.name + ".new")
    merged.to_csv(temporary, index=False, lineterminator="\n")
    as_of = {code: treaties.data_as_of(code) for code in treaties.TREATIES}
    as_of[treaty] = page.as_at  # rows the new page brings may be later than the old as_of
    try:
        treaties.load_events(temporary, states=states, as_of=as_of)
    except DataFileError:
        temporary.unlink()
        raise
    temporary.replace(events_file)
    meta_file = treaty_data.meta_path()
    meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
    meta.setdefault("as_of", {})[treaty] = page.as_at.isoformat()
    meta.setdefault("untc", {})[treaty] = {
        "page": page.url,
        "as_at": page.as_at.isoformat(),
        "signatories": page.signatories,
        "parties": page.parties,
    }
    meta_file.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


# --- grade ------------------------------------------------------------------------------------


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be more than 0")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1")
    return value


def _add_grade(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grade",
        help="grade a folder of submitted notebooks into a gradebook and feedback",
        description=(
            "Grade every *.ipynb in SUBMISSIONS_DIR for ASSIGNMENT (a name such as a1_sources, "
            "or a built autograder folder) in parallel, each in its own sandboxed process. "
            "Writes OUT_DIR/gradebook.csv, lms.csv, feedback/, manual/ and manual_scores.csv. "
            "A second run grades only files that changed."
        ),
    )
    parser.add_argument("assignment", metavar="ASSIGNMENT")
    parser.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR")
    parser.add_argument("-o", "--out", type=Path, required=True, metavar="OUT_DIR")
    parser.add_argument("--jobs", type=_positive_int, default=None,
                        help="parallel workers (default: the number of cores)")
    parser.add_argument("--timeout", type=_positive_float, default=120.0,
                        help="seconds per submission (default 120)")
    parser.add_argument("--memory-mb", type=_positive_int, default=2048,
                        help="memory a submission may use, in MB (default 2048)")
    parser.add_argument("--output-mb", type=_positive_int, default=16,
                        help="printed output a submission may produce, in MB (default 16)")
    parser.add_argument("--merge-manual", action="store_true",
                        help="fold the points and comments of OUT_DIR/manual_scores.csv in")
    parser.set_defaults(func=_run_grade)


def _run_grade(args: argparse.Namespace) -> int:
    from treatylens.grading import grade
    from treatylens.grading.autograder import AutograderError
    from treatylens.grading.build import BuildError
    from treatylens.grading.manual import ManualScoresError

    try:
        summary = grade.run(args.assignment, args.submissions, args.out, jobs=args.jobs,
                            timeout=args.timeout, memory_mb=args.memory_mb,
                            output_mb=args.output_mb, merge_manual=args.merge_manual)
    except (grade.GradingError, AutograderError, BuildError, ManualScoresError) as error:
        print(f"treatylens grade: {error}", file=sys.stderr)
        return 2
    print(grade.report(summary, args.assignment, args.out))
    return 0


# --- entry point ------------------------------------------------------------------------------

SUBCOMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _add_status, _add_data, _add_grade,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="treatylens",
        description="Treaty data for the course on reading news about banned weapons.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in SUBCOMMANDS:
        add(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code (the console script exits with it)."""
    args = build_parser().parse_args(argv)
    command: Command = args.func
    try:
        return command(args)
    except DataFileError as error:
        print(f"treatylens: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

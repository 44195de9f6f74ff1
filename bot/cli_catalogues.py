"""``python -m bot catalogues review|apply``: the review kit for native readers."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.i18n.review_kit import (
    ApplyReport,
    ReviewSheetError,
    apply_corrections,
    read_corrections,
    write_review_sheet,
)
from bot.settings import Settings

__all__ = ["add_catalogue_commands", "run_catalogue_command"]


def add_catalogue_commands(commands: argparse._SubParsersAction) -> None:
    catalogues = commands.add_parser(
        "catalogues", help="a review sheet of one language's texts for a native reader"
    )
    actions = catalogues.add_subparsers(dest="action", required=True)
    review = actions.add_parser("review", help="write the sheet (CSV for Excel)")
    review.add_argument("language", help="language code, e.g. so, ti, ckb")
    review.add_argument("--out", help="file to write (default: review-LANGUAGE.csv)")
    apply = actions.add_parser("apply", help="write a sheet's corrections into the catalogue")
    apply.add_argument("language", help="language code of the sheet")
    apply.add_argument("file", help="the sheet with the Correction column filled in")


def _print_report(report: ApplyReport, language: str) -> None:
    for refusal in report.refused:
        print(f"Refused {refusal.text_id}: {refusal.english!r}", file=sys.stderr)
        for reason in refusal.reasons:
            print(f"  - {reason}", file=sys.stderr)
    print(
        f"{len(report.applied)} corrections written to the {language} catalogue, "
        f"{len(report.refused)} refused.",
        file=sys.stderr,
    )


def run_catalogue_command(settings: Settings, arguments: argparse.Namespace) -> int:
    try:
        if arguments.action == "review":
            output = Path(arguments.out or f"review-{arguments.language}.csv")
            with output.open("wb") as target:
                rows = asyncio.run(
                    write_review_sheet(arguments.language, target, settings.csv_separator)
                )
            print(f"{rows} rows written to {output}.", file=sys.stderr)
            return 0
        corrections = read_corrections(Path(arguments.file).read_bytes())
        report = apply_corrections(arguments.language, corrections)
    except (ReviewSheetError, OSError) as error:
        print(f"Cannot {arguments.action}: {error}", file=sys.stderr)
        return 2
    _print_report(report, arguments.language)
    return 1 if report.refused else 0

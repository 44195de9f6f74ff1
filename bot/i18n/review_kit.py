"""A review sheet a housing company can hand to a community translator, and the way back.

``python -m bot catalogues review LANG`` writes one CSV that Swedish Excel opens (the
exports' format: UTF-8 with a byte-order mark, ``;``): a row per text, or per plural form,
with the English source, the current translation, where the text is shown, the note for
translators, its Telegram length limit, and an empty *Correction* column.

``python -m bot catalogues apply LANG FILE`` writes each correction into the catalogue
after the checks the catalogue tests run (``bot.i18n.checks``). A correction that would
break a placeholder, a tag, a /command, a plural form or a limit is refused, and so is
one made on a text that has changed in the catalogue since the sheet was written: the
reviewer saw a different translation from the one it would replace.
"""

from __future__ import annotations

import csv
import gettext
import hashlib
import io
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from babel.messages.catalog import Catalog, Message

from bot.i18n import catalogues
from bot.i18n.checks import length_limit, source_text, translated_forms, translation_problems
from bot.i18n.languages import LANGUAGES
from bot.i18n.pofiles import catalogue_path, read_catalogue, write_catalogue
from bot.views.csv_export import FORMULA_STARTS, excel_safe, write_csv

__all__ = [
    "COLUMNS",
    "ApplyReport",
    "Correction",
    "Refusal",
    "ReviewSheetError",
    "apply_corrections",
    "read_corrections",
    "write_review_sheet",
]

COLUMNS = (
    "id",
    "Plural form",
    "English",
    "Current translation",
    "Correction",
    "Where it is shown",
    "Note for the translator",
    "Length limit",
)
_ID, _FORM, _ENGLISH, _CURRENT, _CORRECTION = COLUMNS[:5]
# Numbers shown per plural form: enough to see the rule (Bosnian 1, 21, 31, 41 …).
_EXAMPLES = 4


class ReviewSheetError(ValueError):
    """The file is not a review sheet this command can read."""


@dataclass(frozen=True, slots=True)
class Correction:
    text_id: str
    form: int
    current: str
    correction: str


@dataclass(frozen=True, slots=True)
class Refusal:
    text_id: str
    english: str
    reasons: tuple[str, ...]


@dataclass(slots=True)
class ApplyReport:
    applied: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def text_id(message: Message) -> str:
    """A short id that stays the same while the English source does. It starts with a
    letter: Excel reads an all-digit id as a number (dropping leading zeros) and one
    like ``12e45`` as a number in scientific notation."""
    key = f"{message.context or ''}\x04{source_text(message)}"
    return "t" + hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]


def _plural_examples(catalogue: Catalog) -> list[list[int]]:
    """For each plural form, the first numbers that use it (Arabic: 0 / 1 / 2 / 3-10 …)."""
    choose = gettext.c2py(catalogue.plural_expr)
    examples: list[list[int]] = [[] for _ in range(catalogue.num_plurals)]
    for n in range(1000):
        form = choose(n)
        if len(examples[form]) < _EXAMPLES:
            examples[form].append(n)
    return examples


def _rows(code: str, catalogue: Catalog) -> list[list[str]]:
    examples = _plural_examples(catalogue)
    rows = [list(COLUMNS)]
    for message in catalogue:
        if not message.id:
            continue
        limit = length_limit(message)
        where = "; ".join(sorted({location for location, _line in message.locations}))
        note = " ".join(
            comment.removeprefix("Translators:").strip() for comment in message.auto_comments
        )
        shared = [where, note, f"{limit.characters} ({limit.shown_as})"]
        forms = translated_forms(message)
        if not message.pluralizable:
            rows.append([text_id(message), "", message.id, forms[0], "", *shared])
            continue
        for index, current in enumerate(forms):
            numbers = examples[index]
            english = message.id[0] if 1 in numbers else message.id[1]
            more = "…" if len(numbers) == _EXAMPLES else ""
            used_for = f"{index}: n = {', '.join(map(str, numbers))}{more}"
            rows.append([text_id(message), used_for, english, current, "", *shared])
    return [[excel_safe(cell) for cell in row] for row in rows]


async def write_review_sheet(
    code: str, target: BinaryIO, delimiter: str = ";", locales_dir: Path | None = None
) -> int:
    """Write the sheet for ``code``; return how many rows (texts and plural forms)."""
    path = catalogue_path(locales_dir or catalogues.LOCALES_DIR, _known(code))
    rows = _rows(code, read_catalogue(path, code))

    async def one_batch() -> AsyncIterator[Sequence[Sequence[object]]]:
        yield rows

    return await write_csv(one_batch(), target, delimiter)


def _known(code: str) -> str:
    if code not in LANGUAGES:
        raise ReviewSheetError(f"no language {code!r}; use one of {', '.join(LANGUAGES)}")
    return code


def _unescape(cell: str) -> str:
    """The text without the ``'`` the sheet put before a formula-like start, and with
    Excel's CRLF line breaks inside a cell back to the catalogue's LF."""
    if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS:
        cell = cell[1:]
    return cell.replace("\r\n", "\n")


def read_corrections(raw: bytes) -> list[Correction]:
    """The rows with something in *Correction*, from the sheet as Excel saves it."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReviewSheetError(
            "the file is not UTF-8: in Excel, save it as 'CSV UTF-8 (comma delimited)'"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    rows = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    missing = {_ID, _FORM, _CURRENT, _CORRECTION} - set(rows.fieldnames or ())
    if missing:
        raise ReviewSheetError(f"not a review sheet: no column {', '.join(sorted(missing))}")
    corrections = []
    for row in rows:
        correction = _unescape(row[_CORRECTION] or "")
        current = _unescape(row[_CURRENT] or "")
        if not correction.strip() or correction == current:
            continue
        form = (row[_FORM] or "").split(":", 1)[0].strip()
        corrections.append(
            Correction(row[_ID].strip(), int(form) if form.isdigit() else 0, current, correction)
        )
    return corrections


def _corrected_forms(
    message: Message, corrections: list[Correction]
) -> tuple[list[str], list[str]]:
    forms = translated_forms(message)
    reasons = []
    for correction in corrections:
        if correction.form >= len(forms):
            reasons.append(f"there is no plural form {correction.form}")
        elif forms[correction.form] != correction.current:
            reasons.append(
                "the translation has changed since the sheet was written: "
                "write a new sheet and correct that"
            )
        else:
            forms[correction.form] = correction.correction
    return forms, reasons


def apply_corrections(
    code: str, corrections: list[Correction], locales_dir: Path | None = None
) -> ApplyReport:
    """Write the corrections that pass the checks into ``code``'s catalogue."""
    if _known(code) == "en":
        raise ReviewSheetError("English is the source language: change the text in the code")
    path = catalogue_path(locales_dir or catalogues.LOCALES_DIR, code)
    catalogue = read_catalogue(path, code)
    by_id = {text_id(message): message for message in catalogue if message.id}
    grouped: dict[str, list[Correction]] = {}
    for correction in corrections:
        grouped.setdefault(correction.text_id, []).append(correction)
    report = ApplyReport()
    for key, group in grouped.items():
        message = by_id.get(key)
        if message is None:
            report.refused.append(Refusal(key, "", ("this text is no longer in the bot",)))
            continue
        forms, reasons = _corrected_forms(message, group)
        reasons += translation_problems(message, forms, catalogue.num_plurals)
        if reasons:
            report.refused.append(Refusal(key, source_text(message), tuple(reasons)))
            continue
        message.string = tuple(forms) if message.pluralizable else forms[0]
        message.flags.discard("fuzzy")
        report.applied.append(key)
    if report.applied:
        write_catalogue(path, catalogue, LANGUAGES[code].plural_forms)
    return report

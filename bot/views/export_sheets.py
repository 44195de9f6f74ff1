"""The export sheets staff open in Excel, in the staff language.

The rows and their values are the rules' (``bot.services.export_rows``, ``export_polls``);
here they get translated headers, enum and language names, local times and decimal
commas, and every text is made Excel-safe before ``bot.views.csv_export`` writes it.
Translated texts need the staff language active (``Catalogues.use_locale``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import IDEA_CATEGORIES, AreaProfile
from bot.i18n import gettext as _
from bot.i18n.languages import UNDETERMINED
from bot.i18n.names import (
    category_name,
    idea_status_name,
    language_name,
    safety_category_name,
    time_of_day_name,
    when_happened_name,
)
from bot.services.export_polls import (
    PollAnswerRow,
    PollResultRow,
    poll_answer_rows,
    poll_result_rows,
)
from bot.services.export_rows import (
    UNTRANSLATABLE,
    IdeaRow,
    SafetyRow,
    VoteRow,
    idea_rows,
    safety_rows,
    vote_rows,
)
from bot.services.exports import ExportFilters, ExportKind, ExportSettings
from bot.services.polls import OTHER_LANGUAGES
from bot.views.csv_export import excel_safe, local_minute, local_minutes, number, write_csv
from db.models import IdeaStatus

__all__ = ["SheetStyle", "export_file_name", "write_export"]

# Cells of a batch of rows: texts already Excel-safe; counts are written as they are.
Cells = list[list[Any]]


@dataclass(frozen=True, slots=True)
class SheetStyle:
    delimiter: str
    locale: str  # the reader's, for the names of languages
    zone: ZoneInfo  # the area's, for local times
    # A machine translation column next to the residents' text (TRANSLATE_URL set).
    translations: bool = False


def export_file_name(kind: ExportKind, day: date, poll_id: int | None = None) -> str:
    names = {
        # Translators: file names of exports; lower case, no spaces.
        ExportKind.IDEAS: _("ideas"),
        # Translators: part of a CSV file name: lower case, hyphens instead of spaces, no
        # slashes.
        ExportKind.SAFETY: _("safety-reports"),
        ExportKind.VOTES: _("supports"),
        ExportKind.POLLS: _("poll-results"),
        ExportKind.POLL_ANSWERS: _("poll-answers"),
    }
    subject = names[kind] if poll_id is None else f"{names[kind]}-{poll_id}"
    return f"{subject}-{day.isoformat()}.csv"


def _header(*texts: str) -> Cells:
    return [[excel_safe(text) for text in texts]]


class _Names:
    """Translations looked up once per export, not once per row; Excel-safe."""

    def __init__(self, style: SheetStyle) -> None:
        self.locale = style.locale
        self.categories = {
            category: excel_safe(category_name(category)) for category in IDEA_CATEGORIES
        }
        self.statuses = {status: excel_safe(idea_status_name(status)) for status in IdeaStatus}
        self.languages: dict[str, str] = {}

    def category(self, category: str) -> str:
        return self.categories.get(category) or excel_safe(category_name(category))

    def language(self, code: str) -> str:
        if code not in self.languages:
            # Babel would read "und" (undetermined) and "mul" (several) as real languages.
            if code == UNDETERMINED:
                named = _("not known")
            elif code == OTHER_LANGUAGES:
                named = _("other languages")
            else:
                named = language_name(code)
            self.languages[code] = excel_safe(named)
        return self.languages[code]


def _translation_header() -> str:
    # Translators: a CSV column header: the resident's text machine-translated into the
    # staff language, next to the original.
    return _("Machine translation")


def _translation_cell(translation: str | None) -> str:
    if translation is None:
        return ""
    if translation is UNTRANSLATABLE:
        # Translators: a CSV cell: the translation engine has no model for the text's
        # language; the original is in the column before.
        return excel_safe(_("(no machine translation for this language)"))
    return excel_safe(translation)


async def _with_translations(
    rows: AsyncIterator[list[IdeaRow]], style: SheetStyle, text_column: int
) -> AsyncIterator[Cells]:
    """The idea sheet with the translation column after the text (rows carry it last)."""
    translations: list[str | None] = []

    async def plain() -> AsyncIterator[list[IdeaRow]]:
        async for batch in rows:
            translations[:] = [row[14] for row in batch]  # type: ignore[misc]
            yield [row[:14] for row in batch]  # type: ignore[misc]

    first = True
    async for cells in _idea_sheet(plain(), replace(style, translations=False)):
        if first:
            first = False
            cells[0].insert(text_column + 1, excel_safe(_translation_header()))
            yield cells
            continue
        for row, translation in zip(cells, translations, strict=True):
            row.insert(text_column + 1, _translation_cell(translation))
        yield cells


async def _idea_sheet(
    rows: AsyncIterator[list[IdeaRow]], style: SheetStyle
) -> AsyncIterator[Cells]:
    if style.translations:
        async for cells in _with_translations(rows, style, text_column=4):
            yield cells
        return
    # Translators: a column header of a staff CSV export, opened in Excel.
    yield _header(_("Reference"), _("Created"), _("Category"), _("Place"), _("Text"),
                  _("Language"), _("Supporters"), _("Status"), _("Status changed"),
                  _("Staff note"), _("Photos"), _("Resident"))  # fmt: skip
    names, pin = _Names(style), _pin(style.delimiter)
    # Translators: a CSV cell: the resident sent a voice message instead of text.
    voice = excel_safe(_("(voice message)"))
    local = local_minutes(style.zone)
    # Looked up directly: a method call per cell is measurable at 100,000 rows.
    categories, languages, statuses = names.categories, names.languages, names.statuses
    async for batch in rows:
        yield [
            [
                f"#{idea_id}",
                local(created),
                categories.get(category) or names.category(category),
                excel_safe(place) if place
                else "" if latitude is None
                else pin(latitude, longitude),
                excel_safe(body) if body else voice,
                languages.get(language) or names.language(language),
                supporters,
                statuses[status],
                local(changed),
                excel_safe(note) if note else "",
                photos,
                resident,
            ]
            for (idea_id, created, category, place, latitude, longitude, body, language,
                 supporters, status, changed, note, photos, resident) in batch
        ]  # fmt: skip


SAFETY_TEXT_COLUMN = 8


def _pin(delimiter: str) -> Callable[[float, float], str]:
    def pin(latitude: float, longitude: float) -> str:
        # "latitude longitude", so that it pastes into a map search.
        return f"{number(latitude, delimiter)} {number(longitude, delimiter)}"

    return pin


async def _safety_sheet(
    rows: AsyncIterator[list[SafetyRow]], style: SheetStyle
) -> AsyncIterator[Cells]:
    header = _header(_("Reference"), _("Created"), _("Category"), _("Place"), _("Latitude"),
                     _("Longitude"), _("When"), _("Time of day"), _("Text"), _("Language"),
                     _("Status"), _("Private or anonymous"), _("Resident"),
                     _("Photos"))  # fmt: skip
    if style.translations:
        header[0].insert(SAFETY_TEXT_COLUMN + 1, excel_safe(_translation_header()))
    yield header
    async for batch in rows:
        yield [_safety_cells(row, style) for row in batch]


def _safety_cells(row: SafetyRow, style: SheetStyle) -> list[str]:
    # Few rows: every cell goes through ``excel_safe``, numbers and references too.
    cells = [
        row.reference,
        local_minute(row.created, style.zone),
        safety_category_name(row.category),
        row.place or "",
        number(row.latitude, style.delimiter),
        number(row.longitude, style.delimiter),
        when_happened_name(row.happened),
        time_of_day_name(row.time_of_day),
        row.body or _("(voice message)"),
        language_name(row.language),
        idea_status_name(row.status),
        (
            # Translators: a CSV cell value: the safety report was sent anonymously.
            _("anonymous")
            if row.anonymous
            # Translators: a CSV cell value: the safety report was sent so that staff could
            # see who sent it.
            else _("private")
        ),
        _("anonymous") if row.anonymous else row.resident or "",
        # How many: the photos themselves stay in Telegram, with the report in /review.
        str(row.photos),
    ]
    safe = [excel_safe(cell) for cell in cells]
    if style.translations:
        safe.insert(SAFETY_TEXT_COLUMN + 1, _translation_cell(row.translation))
    return safe


async def _vote_sheet(
    rows: AsyncIterator[list[VoteRow]], style: SheetStyle
) -> AsyncIterator[Cells]:
    yield _header(
        _("Idea"),
        _("Resident"),
        # Translators: a CSV column header: the date and time a resident supported the idea.
        _("Supported at"),
    )
    local = local_minutes(style.zone)
    async for batch in rows:
        # References, pseudonyms and times cannot start a formula: written as they are.
        yield [
            [f"#{idea_id}", resident, local(supported_at)]
            for idea_id, resident, supported_at in batch
        ]


async def _poll_result_sheet(
    rows: AsyncIterator[list[PollResultRow]], style: SheetStyle
) -> AsyncIterator[Cells]:
    yield _header(_("Poll"), _("Question"), _("Option number"), _("Option"), _("Language"),
                  _("Answers"), _("Share of those who answered (%)"))  # fmt: skip
    names = _Names(style)
    everyone = excel_safe(_("All languages"))
    async for batch in rows:
        yield [
            [
                f"#{row.poll_id}",
                excel_safe(row.question),
                row.option_position,
                excel_safe(row.option),
                everyone if row.language is None else names.language(row.language),
                row.answers,
                number(row.share, style.delimiter),
            ]
            for row in batch
        ]


async def _poll_answer_sheet(
    rows: AsyncIterator[list[PollAnswerRow]], style: SheetStyle
) -> AsyncIterator[Cells]:
    yield _header(_("Poll"), _("Resident"), _("Language"), _("Option number"), _("Option"),
                  _("Answered at"))  # fmt: skip
    names = _Names(style)
    async for batch in rows:
        yield [
            [
                f"#{row.poll_id}",
                row.resident,
                names.language(row.language),
                row.option_position,
                excel_safe(row.option),
                local_minute(row.answered_at, style.zone),
            ]
            for row in batch
        ]


_SHEETS: dict[ExportKind, tuple[Callable[..., AsyncIterator], Callable[..., AsyncIterator]]] = {
    ExportKind.IDEAS: (idea_rows, _idea_sheet),
    ExportKind.SAFETY: (safety_rows, _safety_sheet),
    ExportKind.VOTES: (vote_rows, _vote_sheet),
    ExportKind.POLLS: (poll_result_rows, _poll_result_sheet),
    ExportKind.POLL_ANSWERS: (poll_answer_rows, _poll_answer_sheet),
}


async def write_export(
    session: AsyncSession,
    kind: ExportKind,
    filters: ExportFilters,
    options: ExportSettings,
    style: SheetStyle,
    area: AreaProfile,
    target: BinaryIO,
) -> int:
    """Write the export's sheet, header first, as CSV into ``target``; return how many
    data rows it has."""
    rows, sheet = _SHEETS[kind]
    return await write_csv(
        sheet(rows(session, filters, options, area), style), target, style.delimiter
    )

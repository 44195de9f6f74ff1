"""What each export contains. Rows stream from the database; nothing names a resident.

A resident appears as a pseudonym: a keyed hash of their row id with ``PSEUDONYM_SECRET``,
the same in every export (staff can see that one person sent several things) and not
reversible without the secret. An anonymous safety report says "anonymous", whatever
the bot knows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import Select, String, and_, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import IDEA_CATEGORIES, AreaProfile
from bot.i18n import gettext as _
from bot.i18n.formatting import language_name
from bot.i18n.names import (
    category_name,
    idea_status_name,
    safety_category_name,
    time_of_day_name,
    when_happened_name,
)
from bot.services.csv_export import LocalMinutes, excel_safe, local_minute, number
from bot.services.polls import poll_results, text_in
from db.models import (
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    IdeaVote,
    Poll,
    PollAnswer,
    PollChoice,
    PollOption,
    SafetyReport,
    SafetyReportLink,
    Visibility,
)

__all__ = ["ExportFilters", "ExportKind", "ExportSettings", "export_rows", "pseudonym"]

# Rows per fetch from the database. Measured on 100,000 ideas (bench/export_benchmark.py):
# 500 was fastest; 2,000 took a quarter longer and 10,000 half again, with more memory.
BATCH = 500


class ExportKind(StrEnum):
    IDEAS = "ideas"
    SAFETY = "safety"
    VOTES = "votes"
    POLLS = "polls"
    POLL_ANSWERS = "answers"


@dataclass(frozen=True, slots=True)
class ExportFilters:
    since: date | None = None
    until: date | None = None
    status: IdeaStatus | None = None
    category: str | None = None
    poll_id: int | None = None

    def as_details(self) -> dict[str, str]:
        """The filters that were set, for the audit log."""
        names = ("since", "until", "status", "category", "poll_id")
        values = {name: getattr(self, name) for name in names}
        return {name: str(value) for name, value in values.items() if value is not None}


@dataclass(frozen=True, slots=True)
class ExportSettings:
    secret: bytes
    zone: ZoneInfo
    delimiter: str
    locale: str
    # The language polls were written in, for their question and options.
    default_locale: str = "sv"


def pseudonym(secret: bytes, resident_id: int | None) -> str:
    if resident_id is None:
        return ""
    digest = hmac.new(secret, f"resident:{resident_id}".encode(), hashlib.sha256).digest()
    return "R-" + base64.b32encode(digest).decode()[:10]


def _period(column, filters: ExportFilters, zone: ZoneInfo) -> list:
    conditions = []
    if filters.since:
        conditions.append(column >= datetime.combine(filters.since, time(), zone))
    if filters.until:
        conditions.append(
            column < datetime.combine(filters.until + timedelta(days=1), time(), zone)
        )
    return conditions


Batch = list[list[str]]


def _ready(cells: list[str], delimiter: str) -> list[str]:
    """A row of texts (a header, a small export's row) made ready cell by cell."""
    return [excel_safe(cell) for cell in cells]


def _place(area: AreaProfile, place_id: str | None, text: str | None = None) -> str:
    place = area.place(place_id) if place_id else None
    return place.name if place else (text or "")


def _ideas_query(filters: ExportFilters, zone: ZoneInfo) -> Select:
    # Aggregates are joined once, not computed per row: 100,000 rows stay one pass.
    supporters = (
        select(IdeaVote.idea_id, func.count().label("supporters"))
        .group_by(IdeaVote.idea_id)
        .subquery()
    )
    latest = (
        select(
            IdeaStatusChange.idea_id,
            IdeaStatusChange.note,
            func.row_number()
            .over(
                partition_by=IdeaStatusChange.idea_id,
                order_by=(IdeaStatusChange.created_at.desc(), IdeaStatusChange.id.desc()),
            )
            .label("newest"),
        )
        .where(IdeaStatusChange.note.is_not(None))
        .subquery()
    )
    conditions = _period(Idea.created_at, filters, zone)
    if filters.status:
        conditions.append(Idea.status == filters.status)
    if filters.category:
        conditions.append(Idea.category == filters.category)
    return (
        select(
            Idea.id,
            # Read as the database keeps them: converting 200,000 values into datetimes
            # and enums only to format them again is most of an export's time.
            type_coerce(Idea.created_at, String),
            Idea.category,
            Idea.place_id,
            Idea.latitude,
            Idea.longitude,
            Idea.body,
            Idea.language,
            func.coalesce(supporters.c.supporters, 0),
            type_coerce(Idea.status, String),
            type_coerce(Idea.status_changed_at, String),
            latest.c.note,
            Idea.photo_file_id.is_not(None),
            Idea.author_id,
        )
        .outerjoin(supporters, supporters.c.idea_id == Idea.id)
        .outerjoin(latest, and_(latest.c.idea_id == Idea.id, latest.c.newest == 1))
        .where(and_(True, *conditions))
        .order_by(Idea.id)
        .execution_options(yield_per=BATCH)
    )


class _Names:
    """Translations and pseudonyms looked up once per export, not once per row."""

    def __init__(self, options: ExportSettings) -> None:
        self.options = options
        # Excel-safe, like every text an export yields (see ``excel_safe``).
        self.categories = {
            category: excel_safe(category_name(category)) for category in IDEA_CATEGORIES
        }
        self.statuses = {status: excel_safe(idea_status_name(status)) for status in IdeaStatus}
        self.languages: dict[str, str] = {}
        self.pseudonyms: dict[int | None, str] = {}
        self.places: dict[str | None, str] = {}

    def language(self, code: str) -> str:
        if code not in self.languages:
            name = language_name(code, self.options.locale)
            self.languages[code] = excel_safe(name)
        return self.languages[code]

    def place(self, area: AreaProfile, place_id: str | None) -> str:
        if place_id not in self.places:
            self.places[place_id] = excel_safe(_place(area, place_id))
        return self.places[place_id]

    def pseudonym(self, resident_id: int | None) -> str:
        if resident_id not in self.pseudonyms:
            self.pseudonyms[resident_id] = pseudonym(self.options.secret, resident_id)
        return self.pseudonyms[resident_id]


async def _idea_rows(
    session: AsyncSession, filters: ExportFilters, options: ExportSettings, area: AreaProfile
) -> AsyncIterator[Batch]:
    zone, delimiter = options.zone, options.delimiter
    yield [
        _ready(
            [
                _("Reference"),
                _("Created"),
                _("Category"),
                _("Place"),
                _("Text"),
                _("Language"),
                _("Supporters"),
                _("Status"),
                _("Status changed"),
                _("Staff note"),
                _("Photo"),
                _("Resident"),
            ],
            delimiter,
        )
    ]
    names = _Names(options)
    voice = excel_safe(_("(voice message)"))
    yes, no = excel_safe(_("yes")), excel_safe(_("no"))
    local = LocalMinutes(zone)
    # Looked up directly: a method call per cell is measurable at 100,000 rows.
    categories, languages, pseudonyms = names.categories, names.languages, names.pseudonyms
    # Plain rows from the connection: the ORM's loading steps cost a third of the time.
    connection = await session.connection()
    result = await connection.stream(_ideas_query(filters, zone))
    async for rows in result.partitions(BATCH):
        batch = []
        for (idea_id, created, category, place_id, latitude, longitude, body, language,
             supporters, status, changed, note, has_photo, author_id) in rows:  # fmt: skip
            location = names.place(area, place_id) if place_id else ""
            if not location and latitude is not None:
                # A pin: "latitude longitude", so that it pastes into a map search.
                location = f"{number(latitude, delimiter)} {number(longitude, delimiter)}"
            batch.append(
                [
                    f"#{idea_id}",
                    local(created),
                    categories.get(category) or excel_safe(category_name(category)),
                    location,
                    excel_safe(body) if body else voice,
                    languages.get(language) or names.language(language),
                    str(supporters),
                    names.statuses[status],
                    local(changed),
                    excel_safe(note) if note else "",
                    yes if has_photo else no,
                    pseudonyms.get(author_id) or names.pseudonym(author_id),
                ]
            )
        yield batch


async def _safety_rows(
    session: AsyncSession, filters: ExportFilters, options: ExportSettings, area: AreaProfile
) -> AsyncIterator[Batch]:
    header = [
        _("Reference"),
        _("Created"),
        _("Category"),
        _("Place"),
        _("Latitude"),
        _("Longitude"),
        _("When"),
        _("Time of day"),
        _("Text"),
        _("Language"),
        _("Status"),
        _("Private or anonymous"),
        _("Resident"),
    ]
    yield [_ready(header, options.delimiter)]
    conditions = _period(SafetyReport.created_at, filters, options.zone)
    if filters.status:
        conditions.append(SafetyReport.status == filters.status)
    if filters.category:
        conditions.append(SafetyReport.category == filters.category)
    query = (
        select(SafetyReport, SafetyReportLink.resident_id)
        .outerjoin(SafetyReportLink, SafetyReportLink.report_id == SafetyReport.id)
        .where(and_(True, *conditions))
        .order_by(SafetyReport.id)
        .execution_options(yield_per=500)
    )
    result = await session.stream(query)
    async for rows in result.partitions(BATCH):
        yield [_safety_row(report, resident_id, options, area) for report, resident_id in rows]


def _safety_row(
    report: SafetyReport, resident_id: int | None, options: ExportSettings, area: AreaProfile
) -> list[str]:
    anonymous = report.visibility is Visibility.ANONYMOUS
    return _ready(
        [
            report.reference,
            local_minute(report.created_at, options.zone),
            safety_category_name(report.category),
            _place(area, report.place_id, report.place_text),
            number(report.latitude, options.delimiter),
            number(report.longitude, options.delimiter),
            when_happened_name(report.happened),
            time_of_day_name(report.time_of_day),
            report.body or _("(voice message)"),
            language_name(report.language, options.locale),
            idea_status_name(report.status),
            _("anonymous") if anonymous else _("private"),
            _("anonymous") if anonymous else pseudonym(options.secret, resident_id),
        ],
        options.delimiter,
    )


async def _vote_rows(
    session: AsyncSession, filters: ExportFilters, options: ExportSettings, area: AreaProfile
) -> AsyncIterator[Batch]:
    yield [_ready([_("Idea"), _("Resident"), _("Supported at")], options.delimiter)]
    names = _Names(options)
    local = LocalMinutes(options.zone)
    conditions = _period(IdeaVote.created_at, filters, options.zone)
    query = (
        select(IdeaVote.idea_id, IdeaVote.resident_id, type_coerce(IdeaVote.created_at, String))
        .where(and_(True, *conditions))
        .order_by(IdeaVote.idea_id, IdeaVote.created_at)
        .execution_options(yield_per=1000)
    )
    result = await session.stream(query)
    async for rows in result.partitions(BATCH):
        # References, pseudonyms and times need no quoting: ready as they are.
        yield [
            [f"#{idea_id}", names.pseudonym(resident_id), local(created)]
            for idea_id, resident_id, created in rows
        ]


def _poll_conditions(filters: ExportFilters, zone: ZoneInfo) -> list:
    conditions = _period(Poll.created_at, filters, zone)
    if filters.poll_id is not None:
        conditions.append(Poll.id == filters.poll_id)
    return conditions


async def _poll_result_rows(
    session: AsyncSession, filters: ExportFilters, options: ExportSettings, area: AreaProfile
) -> AsyncIterator[list[str]]:
    """Per poll and option: everyone first, then each language residents answered in."""
    header = [
        _("Poll"),
        _("Question"),
        _("Option number"),
        _("Option"),
        _("Language"),
        _("Answers"),
        _("Share of those who answered (%)"),
    ]
    yield [_ready(header, options.delimiter)]
    names = _Names(options)
    everyone = excel_safe(_("All languages"))
    polls = await session.scalars(
        select(Poll).where(and_(True, *_poll_conditions(filters, options.zone))).order_by(Poll.id)
    )
    for poll in polls.all():
        results = await poll_results(session, poll.id)
        poll_options = await session.scalars(
            select(PollOption).where(PollOption.poll_id == poll.id).order_by(PollOption.position)
        )
        question = text_in(poll.question, options.default_locale)
        batch = []
        for option in poll_options:
            counts = [(everyone, results.per_option[option.id], results.respondents)]
            counts += [
                (
                    names.language(code),
                    results.by_language[code][option.id],
                    results.respondents_by_language[code],
                )
                for code in sorted(results.respondents_by_language)
            ]
            option_text = text_in(option.texts, options.default_locale)
            batch += [
                [
                    f"#{poll.id}",
                    excel_safe(question),
                    str(option.position),
                    excel_safe(option_text),
                    language,
                    str(count),
                    number(
                        round(100 * count / respondents, 1) if respondents else 0, options.delimiter
                    ),
                ]
                for language, count, respondents in counts
            ]
        yield batch


async def _poll_answer_rows(
    session: AsyncSession, filters: ExportFilters, options: ExportSettings, area: AreaProfile
) -> AsyncIterator[list[str]]:
    """One row per option chosen: a multiple-choice answer is several rows."""
    header = [
        _("Poll"),
        _("Resident"),
        _("Language"),
        _("Option number"),
        _("Option"),
        _("Answered at"),
    ]
    yield [_ready(header, options.delimiter)]
    names = _Names(options)
    query = (
        select(PollAnswer, PollOption)
        .join(PollChoice, PollChoice.answer_id == PollAnswer.id)
        .join(PollOption, PollOption.id == PollChoice.option_id)
        .join(Poll, Poll.id == PollAnswer.poll_id)
        .where(and_(True, *_poll_conditions(filters, options.zone)))
        .order_by(PollAnswer.poll_id, PollAnswer.answered_at, PollAnswer.id, PollOption.position)
        .execution_options(yield_per=1000)
    )
    result = await session.stream(query)
    async for rows in result.partitions(BATCH):
        yield [
            [
                f"#{answer.poll_id}",
                names.pseudonym(answer.resident_id),
                names.language(answer.language),
                str(option.position),
                excel_safe(text_in(option.texts, options.default_locale)),
                local_minute(answer.answered_at, options.zone),
            ]
            for answer, option in rows
        ]


_EXPORTS = {
    ExportKind.IDEAS: _idea_rows,
    ExportKind.SAFETY: _safety_rows,
    ExportKind.VOTES: _vote_rows,
    ExportKind.POLLS: _poll_result_rows,
    ExportKind.POLL_ANSWERS: _poll_answer_rows,
}


def export_rows(
    session: AsyncSession,
    kind: ExportKind,
    filters: ExportFilters,
    options: ExportSettings,
    area: AreaProfile,
) -> AsyncIterator[Batch]:
    """Batches of rows, the header first, every text Excel-safe (``excel_safe``);
    translated texts need the staff locale active."""
    return _EXPORTS[kind](session, filters, options, area)

"""The rows of the ideas, safety and support exports, as plain values.

Which rows (the filters) and which values: a resident is a pseudonym, a place is the
area's name for it. The poll exports are in ``bot.services.export_polls``; the sheet that
words and formats the values, in ``bot.views.export_sheets``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Select, String, Subquery, and_, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.area import AreaProfile
from bot.services.exports import (
    BATCH,
    ExportFilters,
    ExportKind,
    ExportSettings,
    Pseudonyms,
    period,
)
from db.models import (
    Attachment,
    Idea,
    IdeaStatus,
    IdeaStatusChange,
    IdeaVote,
    SafetyCategory,
    SafetyReport,
    SafetyReportLink,
    TimeOfDay,
    Translation,
    Visibility,
    WhenHappened,
)

__all__ = [
    "UNTRANSLATABLE",
    "IdeaRow",
    "Moment",
    "SafetyRow",
    "Untranslatable",
    "VoteRow",
    "idea_rows",
    "safety_rows",
    "vote_rows",
]

# A moment as the database gives it back: an aware datetime, or the naive UTC text SQLite
# keeps. Converting 200,000 values into datetimes only to format them again is most of an
# export's time, so the sheet converts the text itself (``bot.views.csv_export``).
Moment = datetime | str


# An idea's row, in this order (a plain tuple: at 100,000 rows a named tuple costs a sixth
# of the whole export's rules):
#   idea id, created (Moment), category, place (the area's name for the place the
#   resident chose, or None), latitude and longitude (a pin they dropped, or None),
#   body (None: a voice message), language, supporters, status (an ``IdeaStatus``
#   value), status changed (Moment), staff note (the latest note left with a status, or
#   None), photos (how many), resident (pseudonym); with ``translated_into``, then the
#   machine translation (``Untranslatable`` when the engine lacks the language, None when
#   none yet).
IdeaRow = tuple[
    int, Moment, str, str | None, float | None, float | None, str | None, str, int, str,
    Moment | None, str | None, int, str,
]  # fmt: skip


class Untranslatable(str):
    """The engine has no model for the text's language: said so in the cell."""


UNTRANSLATABLE = Untranslatable()


def _translation_cell(exists: int | None, text: str | None) -> str | None:
    if exists is None:
        return None
    return UNTRANSLATABLE if text is None else text


class SafetyRow(NamedTuple):
    reference: str
    created: datetime
    category: SafetyCategory
    place: str | None  # the area's name for the place, or what the resident wrote
    latitude: float | None
    longitude: float | None
    happened: WhenHappened
    time_of_day: TimeOfDay
    body: str | None  # None: a voice message
    language: str
    status: IdeaStatus
    anonymous: bool
    resident: str | None  # pseudonym; None when the report is anonymous
    photos: int = 0
    translation: str | None = None  # with ``translated_into``; see ``IdeaRow``


class VoteRow(NamedTuple):
    idea_id: int
    resident: str  # pseudonym
    supported_at: Moment


def _place_names(area: AreaProfile) -> dict[str, str]:
    return {place.id: place.name for place in area.places}


def _photo_counts(owner: InstrumentedAttribute[int | None]) -> Subquery:
    """How many photos each idea (or report) has: joined once, like the supporters."""
    return (
        select(owner, func.count().label("photos"))
        .where(owner.is_not(None))
        .group_by(owner)
        .subquery()
    )


def _ideas_query(filters: ExportFilters, zone: ZoneInfo, translated_into: str | None) -> Select:
    # Aggregates are joined once, not computed per row: 100,000 rows stay one pass.
    supporters = (
        select(IdeaVote.idea_id, func.count().label("supporters"))
        .group_by(IdeaVote.idea_id)
        .subquery()
    )
    photos = _photo_counts(Attachment.idea_id)
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
    conditions = period(Idea.created_at, filters, zone)
    if filters.status:
        conditions.append(Idea.status == filters.status)
    if filters.category:
        conditions.append(Idea.category == filters.category)
    query = (
        select(
            Idea.id,
            # Read as the database keeps them (see ``Moment``).
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
            func.coalesce(photos.c.photos, 0),
            Idea.author_id,
        )
        # Both on the idea's id, as their foreign keys say.
        .outerjoin(supporters)
        .outerjoin(photos)
        .outerjoin(latest, and_(latest.c.idea_id == Idea.id, latest.c.newest == 1))
        .where(and_(True, *conditions))
        .order_by(Idea.id)  # pragma: no mutate: a scan gives id order anyway
        .execution_options(yield_per=BATCH)  # pragma: no mutate: rows per fetch, not which
    )
    if translated_into is None:
        return query
    return query.add_columns(Translation.id, Translation.text).outerjoin(
        Translation,
        and_(Translation.idea_id == Idea.id, Translation.target_language == translated_into),
    )


async def idea_rows(
    session: AsyncSession, filters: ExportFilters, options: ExportSettings, area: AreaProfile
) -> AsyncIterator[list[IdeaRow]]:
    places = _place_names(area)
    pseudonyms = Pseudonyms(options.secret, ExportKind.IDEAS)
    # Plain rows from the connection: the ORM's loading steps cost a third of the time.
    connection = await session.connection()
    result = await connection.stream(_ideas_query(filters, options.zone, options.translated_into))
    translated = options.translated_into is not None
    async for rows in result.partitions():  # as many as yield_per says
        if translated:
            yield [
                (*_idea_row(row[:14], places, pseudonyms), _translation_cell(*row[14:]))
                for row in rows
            ]
        else:
            yield [
                (idea_id, created, category, places.get(place_id), latitude, longitude, body,
                 language, supporters, status, changed, note, photos, pseudonyms[author_id])
                for (idea_id, created, category, place_id, latitude, longitude, body, language,
                     supporters, status, changed, note, photos, author_id) in rows
            ]  # fmt: skip


def _idea_row(row, places, pseudonyms) -> IdeaRow:
    (idea_id, created, category, place_id, latitude, longitude, body, language, supporters,
     status, changed, note, photos, author_id) = row  # fmt: skip
    place = places.get(place_id)
    return (idea_id, created, category, place, latitude, longitude, body, language,
            supporters, status, changed, note, photos, pseudonyms[author_id])  # fmt: skip


async def safety_rows(
    session: AsyncSession, filters: ExportFilters, options: ExportSettings, area: AreaProfile
) -> AsyncIterator[list[SafetyRow]]:
    conditions = period(SafetyReport.created_at, filters, options.zone)
    if filters.status:
        conditions.append(SafetyReport.status == filters.status)
    if filters.category:
        conditions.append(SafetyReport.category == filters.category)
    target = options.translated_into
    photos = _photo_counts(Attachment.report_id)
    query = (
        select(
            SafetyReport,
            SafetyReportLink.resident_id,
            func.coalesce(photos.c.photos, 0),
            Translation.id,
            Translation.text,
        )
        # Both on the report's id, as their foreign keys say.
        .outerjoin(SafetyReportLink)
        .outerjoin(photos)
        .outerjoin(
            Translation,
            and_(Translation.report_id == SafetyReport.id, Translation.target_language == target),
        )
        .where(and_(True, *conditions))
        .order_by(SafetyReport.id)  # pragma: no mutate: a scan gives id order anyway
        .execution_options(yield_per=BATCH)  # pragma: no mutate: rows per fetch, not which
    )
    places = _place_names(area)
    pseudonyms = Pseudonyms(options.secret, ExportKind.SAFETY)
    result = await session.stream(query)
    async for rows in result.partitions():  # as many as yield_per says
        batch = []
        for report, resident_id, photo_count, translation_id, translation in rows:
            anonymous = report.visibility is Visibility.ANONYMOUS
            batch.append(
                SafetyRow(
                    report.reference,
                    report.created_at,
                    report.category,
                    places.get(report.place_id) or report.place_text,
                    report.latitude,
                    report.longitude,
                    report.happened,
                    report.time_of_day,
                    report.body,
                    report.language,
                    report.status,
                    anonymous,
                    None if anonymous else pseudonyms[resident_id],
                    photo_count,
                    # Without a language asked for, the join finds no translation.
                    _translation_cell(translation_id, translation),
                )
            )
        yield batch


async def vote_rows(
    session: AsyncSession, filters: ExportFilters, options: ExportSettings, area: AreaProfile
) -> AsyncIterator[list[VoteRow]]:
    pseudonyms = Pseudonyms(options.secret, ExportKind.VOTES)
    query = (
        select(IdeaVote.idea_id, IdeaVote.resident_id, type_coerce(IdeaVote.created_at, String))
        .where(and_(True, *period(IdeaVote.created_at, filters, options.zone)))
        .order_by(IdeaVote.idea_id, IdeaVote.created_at)
        .execution_options(yield_per=BATCH)  # pragma: no mutate: rows per fetch, not which
    )
    result = await session.stream(query)
    async for rows in result.partitions():  # as many as yield_per says
        yield [
            VoteRow(idea_id, pseudonyms[resident_id], created)
            for idea_id, resident_id, created in rows
        ]

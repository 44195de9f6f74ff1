"""What the poll exports contain: results per option and language, and each answer.

Plain values, like ``bot.services.exports``: a resident is a pseudonym, a question and
its options are in the language the poll was written in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.services.exports import (
    BATCH,
    ExportFilters,
    ExportKind,
    ExportSettings,
    Pseudonyms,
    period,
)
from bot.services.polls import poll_results, text_in
from db.models import Poll, PollAnswer, PollChoice, PollOption

__all__ = ["PollAnswerRow", "PollResultRow", "poll_answer_rows", "poll_result_rows"]


class PollResultRow(NamedTuple):
    poll_id: int
    question: str
    option_position: int
    option: str
    # None: everyone, whatever language they answered in; "mul": the small languages
    # together (``bot.services.polls.merge_small_groups``).
    language: str | None
    answers: int
    share: float  # per cent of those who answered (in that language), one decimal


class PollAnswerRow(NamedTuple):
    poll_id: int
    resident: str  # pseudonym
    language: str
    option_position: int
    option: str
    answered_at: datetime


def _poll_conditions(filters: ExportFilters, zone: ZoneInfo) -> list:
    conditions = period(Poll.created_at, filters, zone)
    if filters.poll_id is not None:
        conditions.append(Poll.id == filters.poll_id)
    return conditions


def _share(count: int, respondents: int) -> float:
    return round(100 * count / respondents, 1) if respondents else 0


async def poll_result_rows(
    session: AsyncSession, filters: ExportFilters, options: ExportSettings, area: AreaProfile
) -> AsyncIterator[list[PollResultRow]]:
    """Per poll and option: everyone first, then each language residents answered in."""
    polls = await session.scalars(
        select(Poll).where(and_(True, *_poll_conditions(filters, options.zone))).order_by(Poll.id)
    )
    for poll in polls.all():
        results = await poll_results(session, poll.id, options.min_group_size)
        poll_options = await session.scalars(
            select(PollOption).where(PollOption.poll_id == poll.id).order_by(PollOption.position)
        )
        question = text_in(poll.question, options.default_locale)
        # A group too small to show is left out: its counts would be one person's answer.
        languages = sorted(
            code for code in results.respondents_by_language if not results.too_small(code)
        )
        batch = []
        for option in poll_options:
            counts = [(None, results.per_option[option.id], results.respondents)]
            counts += [
                (
                    code,
                    results.by_language[code][option.id],
                    results.respondents_by_language[code],
                )
                for code in languages
            ]
            option_text = text_in(option.texts, options.default_locale)
            batch += [
                PollResultRow(
                    poll.id,
                    question,
                    option.position,
                    option_text,
                    language,
                    count,
                    _share(count, respondents),
                )
                for language, count, respondents in counts
            ]
        yield batch


async def poll_answer_rows(
    session: AsyncSession, filters: ExportFilters, options: ExportSettings, area: AreaProfile
) -> AsyncIterator[list[PollAnswerRow]]:
    """One row per option chosen: a multiple-choice answer is several rows."""
    pseudonyms = Pseudonyms(options.secret, ExportKind.POLL_ANSWERS)
    query = (
        select(PollAnswer, PollOption)
        .join(PollChoice, PollChoice.answer_id == PollAnswer.id)
        .join(PollOption)  # the chosen option, as the foreign key says
        .join(Poll, Poll.id == PollAnswer.poll_id)
        .where(and_(True, *_poll_conditions(filters, options.zone)))
        .order_by(PollAnswer.poll_id, PollAnswer.answered_at, PollAnswer.id, PollOption.position)
        .execution_options(yield_per=BATCH)  # pragma: no mutate: rows per fetch, not which
    )
    result = await session.stream(query)
    async for rows in result.partitions():  # as many as yield_per says
        yield [
            PollAnswerRow(
                answer.poll_id,
                pseudonyms[answer.resident_id],
                answer.language,
                option.position,
                text_in(option.texts, options.default_locale),
                answer.answered_at,
            )
            for answer, option in rows
        ]

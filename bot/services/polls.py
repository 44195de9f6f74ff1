"""Polls: creating one with its broadcast, answering, closing, counting.

Plain functions on a session, callable without Telegram. Who may answer and what an
answer does live here; handlers only translate taps and texts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.broadcasts import Audience, create_broadcast
from db.models import Poll, PollAnswer, PollChoice, PollOption, Resident

__all__ = [
    "MIN_GROUP_SIZE",
    "OTHER_LANGUAGES",
    "NewPoll",
    "PollResults",
    "PollSummary",
    "close_due_polls",
    "close_poll",
    "create_poll",
    "is_open",
    "load_poll",
    "merge_small_groups",
    "open_polls_for",
    "poll_results",
    "poll_snapshot",
    "poll_summaries",
    "poll_with_results",
    "text_in",
]


@dataclass(frozen=True, slots=True)
class NewPoll:
    """What the organiser wrote: texts per language code, the default one always there."""

    question: dict[str, str]
    options: list[dict[str, str]]
    multiple_choice: bool
    shows_results: bool
    closes_at: datetime | None
    audience_language: str | None


async def create_poll(
    session: AsyncSession, new: NewPoll, created_by_id: int | None
) -> tuple[Poll, int]:
    """Store the poll and its options and queue its broadcast, in the caller's transaction.

    Returns the poll and its broadcast's id."""
    poll = Poll(
        question=new.question,
        multiple_choice=new.multiple_choice,
        shows_results=new.shows_results,
        closes_at=new.closes_at,
        audience_language=new.audience_language,
        created_by_id=created_by_id,
    )
    session.add(poll)
    await session.flush()
    options = [
        PollOption(poll_id=poll.id, position=position, texts=texts)
        for position, texts in enumerate(new.options, start=1)
    ]
    session.add_all(options)
    await session.flush()
    broadcast_id = await create_broadcast(
        session,
        "poll",
        poll_snapshot(poll, options),
        Audience(language=new.audience_language),
        created_by_id,
    )
    return poll, broadcast_id


def text_in(texts: dict[str, str], language: str) -> str:
    """A poll's question or option in ``language``, else as first written (the default
    language is always written first)."""
    return texts.get(language) or next(iter(texts.values()), "")


def poll_snapshot(poll: Poll, options: list[PollOption]) -> dict[str, Any]:
    """What the broadcast sends, kept with it: the sender renders without queries."""
    return {
        "poll_id": poll.id,
        "question": poll.question,
        "options": [[option.id, option.texts] for option in options],
        "multiple_choice": poll.multiple_choice,
        "closes_at": poll.closes_at.isoformat() if poll.closes_at else None,
    }


async def load_poll(session: AsyncSession, poll_id: int) -> tuple[Poll, list[PollOption]] | None:
    poll = await session.get(Poll, poll_id)
    if poll is None:
        return None
    options = await session.scalars(
        select(PollOption).where(PollOption.poll_id == poll_id).order_by(PollOption.position)
    )
    return poll, list(options)


async def is_open(session: AsyncSession, poll_id: int, now: datetime) -> bool:
    poll = await session.get(Poll, poll_id)
    return poll is not None and not poll.is_closed(now)


async def close_poll(session: AsyncSession, poll_id: int, now: datetime) -> bool:
    """Close by hand; False if it was closed already (by hand or by its deadline)."""
    poll = await session.get(Poll, poll_id)
    if poll is None or poll.closed_at is not None:
        return False
    poll.closed_at = min(now, poll.closes_at) if poll.closes_at else now
    return True


async def close_due_polls(session: AsyncSession, now: datetime) -> int:
    """Close every poll whose deadline has passed, at its deadline; runs after restarts too."""
    result = await session.execute(
        update(Poll)
        .where(Poll.closed_at.is_(None), Poll.closes_at <= now)
        .values(closed_at=Poll.closes_at)
    )
    return result.rowcount


@dataclass(slots=True)
class PollResults:
    respondents: int = 0
    per_option: Counter[int] = field(default_factory=Counter)
    respondents_by_language: Counter[str] = field(default_factory=Counter)
    by_language: defaultdict[str, Counter[int]] = field(
        default_factory=lambda: defaultdict(Counter)
    )

    # Groups smaller than this show no counts of their own (see ``merge_small_groups``).
    min_group_size: int = 1

    def too_small(self, code: str) -> bool:
        return self.respondents_by_language[code] < self.min_group_size


# BCP 47's "multiple languages": the group small languages are merged into.
OTHER_LANGUAGES = "mul"
MIN_GROUP_SIZE = 5


def merge_small_groups(results: PollResults, min_size: int) -> PollResults:
    """Languages with fewer than ``min_size`` respondents, where a language's counts would
    be one or two people's answers, become one group, "other languages". If that group is
    still too small, ``too_small`` says so and it is shown without counts."""
    merged = PollResults(
        respondents=results.respondents,
        per_option=results.per_option,
        min_group_size=min_size,
    )
    for code, count in results.respondents_by_language.items():
        group = code if count >= min_size else OTHER_LANGUAGES
        merged.respondents_by_language[group] += count
        merged.by_language[group].update(results.by_language[code])
    return merged


async def poll_results(
    session: AsyncSession, poll_id: int, min_group_size: int = MIN_GROUP_SIZE
) -> PollResults:
    """Counts per option, overall and per the language each resident answered in, small
    language groups merged (``merge_small_groups``)."""
    results = PollResults()
    for language, count in await session.execute(
        select(PollAnswer.language, func.count())
        .where(PollAnswer.poll_id == poll_id)
        .group_by(PollAnswer.language)
    ):
        results.respondents_by_language[language] = count
        results.respondents += count
    for option_id, language, count in await session.execute(
        select(PollChoice.option_id, PollAnswer.language, func.count())
        .join(PollAnswer)
        .where(PollAnswer.poll_id == poll_id)
        .group_by(PollChoice.option_id, PollAnswer.language)
    ):
        results.per_option[option_id] += count
        results.by_language[language][option_id] = count
    return merge_small_groups(results, min_group_size)


async def poll_with_results(
    session: AsyncSession, poll_id: int, min_group_size: int = MIN_GROUP_SIZE
) -> tuple[Poll, list[PollOption], PollResults] | None:
    """The poll, its options in order and its counts; None if there is no such poll."""
    loaded = await load_poll(session, poll_id)
    if loaded is None:
        return None
    return *loaded, await poll_results(session, poll_id, min_group_size)


@dataclass(frozen=True, slots=True)
class PollSummary:
    poll: Poll
    respondents: int


async def poll_summaries(session: AsyncSession, limit: int, offset: int = 0) -> list[PollSummary]:
    """Newest first, with how many residents answered each."""
    respondents = (
        select(func.count()).where(PollAnswer.poll_id == Poll.id).correlate(Poll).scalar_subquery()
    )
    rows = await session.execute(
        select(Poll, respondents).order_by(Poll.id.desc()).limit(limit).offset(offset)
    )
    return [PollSummary(poll, count) for poll, count in rows]


async def open_polls_for(session: AsyncSession, resident: Resident, now: datetime) -> list[Poll]:
    """Open polls meant for this resident that they have not answered, oldest first."""
    answered = select(PollAnswer.poll_id).where(PollAnswer.resident_id == resident.id)
    query = (
        select(Poll)
        .where(
            Poll.closed_at.is_(None),
            (Poll.closes_at.is_(None)) | (Poll.closes_at > now),
            (Poll.audience_language.is_(None)) | (Poll.audience_language == resident.language),
            Poll.id.not_in(answered),
        )
        .order_by(Poll.id)
    )
    return list(await session.scalars(query))

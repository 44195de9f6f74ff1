"""Sharing an idea and taking it back: what is checked before an idea is stored, and
what is stored with it (the author following it, its words for the similar-ideas check,
the first status).

A resident shares at most ``daily_limit`` ideas a day, counted also under a keyed hash of
their Telegram id for 24 hours (``bot.services.action_counters``), so /forget does not
reset it; the same words again within a day are the idea they already shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.action_counters import IDEA, actions_today, count_action
from bot.services.attachments import MAX_PHOTOS, attach_photos
from bot.services.lifecycle import change_idea_status
from bot.services.similarity import index_words, stem
from db.models import Idea, IdeaFollower, IdeaStatus, IdeaStatusChange, IdeaWord
from db.types import utc_now

__all__ = [
    "TEXT_MAX",
    "TEXT_MIN",
    "IdeaDraft",
    "SubmitOutcome",
    "ideas_today",
    "index_rows",
    "submit_idea",
    "withdraw_idea",
]

TEXT_MIN = 10
TEXT_MAX = 1000


@dataclass(frozen=True, slots=True)
class IdeaDraft:
    """What the wizard collected; validated again here before anything is stored."""

    category: str
    body: str | None
    language: str
    voice_file_id: str | None = None
    photo_file_ids: tuple[str, ...] = ()
    place_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class SubmitOutcome(StrEnum):
    SAVED = "saved"
    LIMIT_REACHED = "limit_reached"
    INVALID = "invalid"


async def ideas_today(
    session: AsyncSession, resident_id: int, now: datetime, sender_key: str | None = None
) -> int:
    """Ideas shared in the last 24 hours: by this resident, or (with ``sender_key``) from
    this Telegram account, also before it erased itself and came back."""
    since = now - timedelta(days=1)
    own = await session.scalar(
        select(func.count())
        .select_from(Idea)
        .where(Idea.author_id == resident_id, Idea.created_at > since)
    )
    if sender_key is None:
        return own
    return max(own, await actions_today(session, sender_key, IDEA, now))


def index_rows(idea_id: int, body: str | None, language: str | None) -> list[IdeaWord]:
    return [
        IdeaWord(idea_id=idea_id, word=word, stem=stem(word))
        for word in index_words(body or "", language)
    ]


async def _same_idea_recently(
    session: AsyncSession, resident_id: int, draft: IdeaDraft, now: datetime
) -> int | None:
    same_content = (
        Idea.body == draft.body
        if draft.body is not None
        else Idea.voice_file_id == draft.voice_file_id
    )
    # This check lets one such idea into a day: there is at most one to find.
    return await session.scalar(
        select(Idea.id).where(
            Idea.author_id == resident_id,
            same_content,
            Idea.category == draft.category,
            Idea.created_at > now - timedelta(days=1),
        )
    )


async def submit_idea(
    session: AsyncSession,
    resident_id: int,
    draft: IdeaDraft,
    *,
    daily_limit: int,
    now: datetime | None = None,
    sender_key: str | None = None,
) -> tuple[SubmitOutcome, int | None]:
    now = now or utc_now()
    if draft.body is None and draft.voice_file_id is None:
        return SubmitOutcome.INVALID, None
    if draft.body is not None and not TEXT_MIN <= len(draft.body) <= TEXT_MAX:
        return SubmitOutcome.INVALID, None
    if (already := await _same_idea_recently(session, resident_id, draft, now)) is not None:
        # The same idea from the same resident within a day: a confirmation lost to a
        # crash, or a second try. They are told the number it already has.
        return SubmitOutcome.SAVED, already
    if await ideas_today(session, resident_id, now, sender_key) >= daily_limit:
        return SubmitOutcome.LIMIT_REACHED, None
    if sender_key is not None:
        await count_action(session, sender_key, IDEA, now)
    idea = Idea(
        author_id=resident_id,
        category=draft.category,
        body=draft.body,
        language=draft.language,
        voice_file_id=draft.voice_file_id,
        place_id=draft.place_id,
        latitude=draft.latitude,
        longitude=draft.longitude,
        created_at=now,
        status_changed_at=now,
    )
    session.add(idea)
    await session.flush()
    attach_photos(session, draft.photo_file_ids[:MAX_PHOTOS], idea_id=idea.id)
    session.add(IdeaFollower(idea_id=idea.id, resident_id=resident_id))
    session.add_all(index_rows(idea.id, draft.body, draft.language))
    session.add(
        IdeaStatusChange(
            idea_id=idea.id, status=IdeaStatus.RECEIVED, changed_by_id=resident_id, created_at=now
        )
    )
    return SubmitOutcome.SAVED, idea.id


async def withdraw_idea(session: AsyncSession, resident_id: int, idea_id: int) -> bool:
    """The author takes their idea back; staff still see it, marked withdrawn."""
    idea = await session.get(Idea, idea_id)
    if idea is None or idea.author_id != resident_id or idea.status is IdeaStatus.WITHDRAWN:
        return False
    await change_idea_status(session, idea, IdeaStatus.WITHDRAWN, actor_id=resident_id)
    return True

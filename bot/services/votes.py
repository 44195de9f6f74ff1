"""Supporting ideas. One vote per resident per idea is the table's primary key."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import CLOSED_STATUSES, Idea, IdeaFollower, IdeaStatus, IdeaVote
from db.queries import insert_ignoring_duplicates
from db.types import utc_now

__all__ = ["VoteOutcome", "VoteResult", "follow_idea", "support_idea", "toggle_vote"]


class VoteOutcome(StrEnum):
    ADDED = "added"
    WITHDRAWN = "withdrawn"
    UNAVAILABLE = "unavailable"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class VoteResult:
    outcome: VoteOutcome
    support_count: int


async def follow_idea(session: AsyncSession, idea_id: int, resident_id: int) -> None:
    await session.execute(
        insert_ignoring_duplicates(session, IdeaFollower, idea_id=idea_id, resident_id=resident_id)
    )


async def _count(session: AsyncSession, idea_id: int) -> int:
    return (
        await session.scalar(
            select(func.count()).select_from(IdeaVote).where(IdeaVote.idea_id == idea_id)
        )
        or 0
    )


async def _check_open(session: AsyncSession, idea_id: int) -> VoteOutcome | None:
    idea = await session.get(Idea, idea_id)
    if idea is None or idea.hidden or idea.status is IdeaStatus.WITHDRAWN:
        return VoteOutcome.UNAVAILABLE
    if idea.status in CLOSED_STATUSES:
        return VoteOutcome.CLOSED
    return None


async def toggle_vote(session: AsyncSession, idea_id: int, resident_id: int) -> VoteResult:
    """Support the idea, or withdraw the support if it was already given."""
    if refusal := await _check_open(session, idea_id):
        count = await _count(session, idea_id) if refusal is VoteOutcome.CLOSED else 0
        return VoteResult(refusal, count)
    removed = await session.execute(
        delete(IdeaVote).where(IdeaVote.idea_id == idea_id, IdeaVote.resident_id == resident_id)
    )
    if removed.rowcount:
        idea = await session.get(Idea, idea_id)
        if idea is not None and idea.author_id != resident_id:
            await session.execute(
                delete(IdeaFollower).where(
                    IdeaFollower.idea_id == idea_id, IdeaFollower.resident_id == resident_id
                )
            )
        return VoteResult(VoteOutcome.WITHDRAWN, await _count(session, idea_id))
    await session.execute(
        insert_ignoring_duplicates(
            session, IdeaVote, idea_id=idea_id, resident_id=resident_id, created_at=utc_now()
        )
    )
    await follow_idea(session, idea_id, resident_id)
    return VoteResult(VoteOutcome.ADDED, await _count(session, idea_id))


async def support_idea(session: AsyncSession, idea_id: int, resident_id: int) -> VoteResult:
    """Support without toggling: the 'support this one instead' of the idea wizard."""
    if refusal := await _check_open(session, idea_id):
        return VoteResult(refusal, 0)
    await session.execute(
        insert_ignoring_duplicates(
            session, IdeaVote, idea_id=idea_id, resident_id=resident_id, created_at=utc_now()
        )
    )
    await follow_idea(session, idea_id, resident_id)
    return VoteResult(VoteOutcome.ADDED, await _count(session, idea_id))

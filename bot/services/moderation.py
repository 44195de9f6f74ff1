"""Residents flag ideas; enough flags from different residents hide an idea until staff look.

Once staff restore an idea its flags are dismissed, and only new flaggers count again.
Nothing is hidden because of the words it contains: ideas about safety problems name
exactly the things (drugs, fights, darkness) a keyword filter would catch.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import FlagReason, Idea, IdeaFlag, IdeaStatus
from db.queries import insert_ignoring_duplicates

__all__ = ["FlagOutcome", "flag_idea"]


UNFLAGGABLE = frozenset({IdeaStatus.WITHDRAWN, IdeaStatus.DUPLICATE})


class FlagOutcome(StrEnum):
    RECORDED = "recorded"
    HIDDEN = "hidden"
    ALREADY_FLAGGED = "already_flagged"
    UNAVAILABLE = "unavailable"


async def flag_idea(
    session: AsyncSession, idea_id: int, resident_id: int, reason: FlagReason, *, threshold: int
) -> FlagOutcome:
    idea = await session.get(Idea, idea_id)
    if idea is None or idea.hidden or idea.status in UNFLAGGABLE:
        # Only what residents are shown can be flagged: a forged button on a hidden,
        # withdrawn or merged idea counts for nothing.
        return FlagOutcome.UNAVAILABLE
    inserted = await session.execute(
        insert_ignoring_duplicates(
            session,
            IdeaFlag,
            idea_id=idea_id,
            resident_id=resident_id,
            reason=reason,
        )
    )
    if not inserted.rowcount:
        return FlagOutcome.ALREADY_FLAGGED
    flags = (
        await session.execute(
            select(func.count())
            .select_from(IdeaFlag)
            .where(IdeaFlag.idea_id == idea_id, IdeaFlag.dismissed_at.is_(None))
        )
    ).scalar_one()
    if flags >= threshold and not idea.hidden:
        idea.hidden = True
        return FlagOutcome.HIDDEN
    return FlagOutcome.RECORDED

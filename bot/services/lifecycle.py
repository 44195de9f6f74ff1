"""Status changes of ideas, and who is owed a message about each.

A change is stored with who made it, when and the note; in the same transaction every
follower (the author follows their own idea) gets one row in the outbox. The unique key
on the outbox makes a second message for the same change impossible.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Idea, IdeaFollower, IdeaStatus, IdeaStatusChange, Notification
from db.types import utc_now

__all__ = ["IDEA_STATUS_NOTIFICATION", "change_idea_status"]

IDEA_STATUS_NOTIFICATION = "idea_status"


async def change_idea_status(
    session: AsyncSession,
    idea: Idea,
    status: IdeaStatus,
    *,
    actor_id: int | None,
    note: str | None = None,
    duplicate_of_id: int | None = None,
    now: datetime | None = None,
) -> IdeaStatusChange:
    now = now or utc_now()
    change = IdeaStatusChange(
        idea_id=idea.id, status=status, note=note or None, changed_by_id=actor_id, created_at=now
    )
    session.add(change)
    idea.status = status
    idea.status_changed_at = now
    if status is IdeaStatus.DUPLICATE:
        idea.duplicate_of_id = duplicate_of_id
    await session.flush()
    followers = await session.scalars(
        select(IdeaFollower.resident_id).where(IdeaFollower.idea_id == idea.id)
    )
    for resident_id in set(followers):
        # Whoever made the change knows about it already.
        if resident_id != actor_id:
            session.add(
                Notification(
                    resident_id=resident_id,
                    kind=IDEA_STATUS_NOTIFICATION,
                    subject_id=change.id,
                    created_at=now,
                )
            )
    return change

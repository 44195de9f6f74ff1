"""The staff's review queue and what staff may do to an idea.

Ideas hidden by residents' flags come first: someone is waiting for a decision on them.
Merging a duplicate moves its supporters and followers to the original without counting
anyone twice (the vote table's key decides), and tells them through the normal status
change of the duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.audit import record_action
from bot.services.lifecycle import change_idea_status
from db.models import (
    CLOSED_STATUSES,
    FlagReason,
    Idea,
    IdeaFlag,
    IdeaFollower,
    IdeaStatus,
    IdeaStatusChange,
    IdeaVote,
    Resident,
    SafetyReport,
)
from db.queries import insert_ignoring_duplicates
from db.types import utc_now

__all__ = [
    "QUEUE_PAGE",
    "IdeaHistory",
    "MergeOutcome",
    "QueueFilters",
    "QueueItem",
    "QueueKind",
    "hide_idea",
    "idea_history",
    "merge_duplicate",
    "restore_idea",
    "review_queue",
]

QUEUE_PAGE = 8


class QueueKind(StrEnum):
    IDEAS = "i"
    SAFETY = "s"


@dataclass(frozen=True, slots=True)
class QueueFilters:
    kind: QueueKind = QueueKind.IDEAS
    # Empty: everything still open (not done, not going ahead, duplicate or withdrawn).
    status: str = ""
    category: str = ""
    max_age_days: int = 0
    most_supported: bool = False
    page: int = 0


@dataclass(frozen=True, slots=True)
class QueueItem:
    kind: QueueKind
    id: int
    reference: str
    status: IdeaStatus
    category: str
    created_at: datetime
    # The resident's own words (None: a voice message), for the list to show their start.
    text: str | None
    # An idea's; a safety report has none of these.
    support_count: int = 0
    hidden: bool = False
    flags: int = 0


@dataclass(frozen=True, slots=True)
class IdeaHistory:
    flags: dict[FlagReason, int]
    changes: list[tuple[datetime, IdeaStatus, str | None]]


def _status_condition(column, status: str):
    if status:
        return column == IdeaStatus(status)
    return column.not_in(CLOSED_STATUSES)


def _page_and_one_more(query, page: int):
    """The rows of ``page`` and the first of the next, which tells whether there is one."""
    first = page * QUEUE_PAGE
    return query.offset(first).limit(QUEUE_PAGE + 1)  # pragma: no mutate: more is cut after


async def _idea_queue(session: AsyncSession, filters: QueueFilters, since) -> list[QueueItem]:
    supporters = (
        select(func.count()).where(IdeaVote.idea_id == Idea.id).correlate(Idea).scalar_subquery()
    )
    flags = (
        select(func.count())
        .where(IdeaFlag.idea_id == Idea.id, IdeaFlag.dismissed_at.is_(None))
        .correlate(Idea)
        .scalar_subquery()
    )
    query = select(Idea, supporters, flags).where(_status_condition(Idea.status, filters.status))
    if filters.category:
        query = query.where(Idea.category == filters.category)
    if since is not None:
        query = query.where(Idea.created_at >= since)
    order = supporters.desc() if filters.most_supported else Idea.id.desc()
    query = query.order_by(Idea.hidden.desc(), order, Idea.id.desc())
    rows = await session.execute(_page_and_one_more(query, filters.page))
    return [
        QueueItem(
            QueueKind.IDEAS,
            idea.id,
            f"#{idea.id}",
            idea.status,
            idea.category,
            idea.created_at,
            idea.body,
            support_count=count,
            hidden=idea.hidden,
            flags=flag_count,
        )
        for idea, count, flag_count in rows
    ]


async def _safety_queue(session: AsyncSession, filters: QueueFilters, since) -> list[QueueItem]:
    query = select(SafetyReport).where(_status_condition(SafetyReport.status, filters.status))
    if filters.category:
        query = query.where(SafetyReport.category == filters.category)
    if since is not None:
        query = query.where(SafetyReport.created_at >= since)
    rows = await session.scalars(
        _page_and_one_more(query.order_by(SafetyReport.id.desc()), filters.page)
    )
    return [
        QueueItem(
            QueueKind.SAFETY,
            report.id,
            report.reference,
            report.status,
            report.category,
            report.created_at,
            report.body,
        )
        for report in rows
    ]


async def review_queue(
    session: AsyncSession, filters: QueueFilters, now: datetime | None = None
) -> tuple[list[QueueItem], bool]:
    """One page of the queue, and whether there is a next page."""
    now = now or utc_now()
    since = now - timedelta(days=filters.max_age_days) if filters.max_age_days else None
    loader = _idea_queue if filters.kind is QueueKind.IDEAS else _safety_queue
    items = await loader(session, filters, since)
    return items[:QUEUE_PAGE], len(items) > QUEUE_PAGE


async def idea_history(session: AsyncSession, idea_id: int) -> IdeaHistory:
    flags = await session.execute(
        select(IdeaFlag.reason, func.count())
        .where(IdeaFlag.idea_id == idea_id, IdeaFlag.dismissed_at.is_(None))
        .group_by(IdeaFlag.reason)
    )
    changes = await session.execute(
        select(IdeaStatusChange.created_at, IdeaStatusChange.status, IdeaStatusChange.note)
        .where(IdeaStatusChange.idea_id == idea_id)
        .order_by(IdeaStatusChange.created_at, IdeaStatusChange.id)
    )
    return IdeaHistory(
        flags={reason: count for reason, count in flags},
        changes=[(moment, status, note) for moment, status, note in changes],
    )


class MergeOutcome(StrEnum):
    MERGED = "merged"
    SAME_IDEA = "same_idea"
    NOT_FOUND = "not_found"


async def merge_duplicate(
    session: AsyncSession, idea_id: int, original_id: int, actor: Resident
) -> MergeOutcome:
    if idea_id == original_id:
        return MergeOutcome.SAME_IDEA
    duplicate = await session.get(Idea, idea_id)
    original = await session.get(Idea, original_id)
    if duplicate is None or original is None:
        return MergeOutcome.NOT_FOUND
    votes = await session.execute(select(IdeaVote).where(IdeaVote.idea_id == idea_id))
    for vote in votes.scalars().all():
        await session.execute(
            insert_ignoring_duplicates(
                session,
                IdeaVote,
                idea_id=original_id,
                resident_id=vote.resident_id,
                created_at=vote.created_at,
            )
        )
    followers = await session.scalars(
        select(IdeaFollower.resident_id).where(IdeaFollower.idea_id == idea_id)
    )
    for resident_id in followers.all():
        await session.execute(
            insert_ignoring_duplicates(
                session, IdeaFollower, idea_id=original_id, resident_id=resident_id
            )
        )
    await session.execute(delete(IdeaVote).where(IdeaVote.idea_id == idea_id))
    await change_idea_status(
        session,
        duplicate,
        IdeaStatus.DUPLICATE,
        actor_id=actor.id,
        note=f"#{original_id}",
        duplicate_of_id=original_id,
    )
    record_action(session, actor, "idea.duplicate", f"idea:{idea_id}", original=original_id)
    return MergeOutcome.MERGED


async def hide_idea(session: AsyncSession, idea_id: int, actor: Resident, reason: str) -> bool:
    idea = await session.get(Idea, idea_id)
    if idea is None:
        return False
    idea.hidden = True
    record_action(session, actor, "idea.hide", f"idea:{idea_id}", reason=reason)
    return True


async def restore_idea(
    session: AsyncSession,
    idea_id: int,
    actor: Resident,
    reason: str,
    now: datetime | None = None,
) -> bool:
    """Staff decided the flags were wrong: shown again, and the old flags are dismissed.
    They stay (dismissed), so that the same flaggers cannot hide it again at once: only
    new flaggers count towards hiding it. A flag dismissed before keeps its moment."""
    idea = await session.get(Idea, idea_id)
    if idea is None:
        return False
    idea.hidden = False
    await session.execute(
        update(IdeaFlag)
        .where(IdeaFlag.idea_id == idea_id, IdeaFlag.dismissed_at.is_(None))
        .values(dismissed_at=now or utc_now())
    )
    record_action(session, actor, "idea.restore", f"idea:{idea_id}", reason=reason)
    return True

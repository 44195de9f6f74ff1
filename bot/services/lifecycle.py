"""Status changes of ideas and safety reports, and who is owed a message about each.

A change is stored with who made it, when and the note; in the same transaction everyone
owed a message gets one row in the outbox: every follower of an idea (the author follows
their own idea) except whoever made the change, or the resident behind a report. The
unique key on the outbox makes a second message for the same change impossible.

``set_status_with_note`` is what staff do, from /review for an idea and from the staff
chat for a report: the one way such a change is stored, audited and announced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.audit import record_action
from bot.services.safety import SAFETY_STATUS_NOTIFICATION, reporter_of
from db.models import (
    Idea,
    IdeaFollower,
    IdeaStatus,
    IdeaStatusChange,
    Notification,
    Resident,
    SafetyReport,
    SafetyStatusChange,
)
from db.types import utc_now

__all__ = [
    "IDEA_STATUS_NOTIFICATION",
    "StaffStatusChange",
    "StatusSubject",
    "change_idea_status",
    "change_report_status",
    "set_status_with_note",
]

IDEA_STATUS_NOTIFICATION = "idea_status"


class StatusSubject(StrEnum):
    """What staff can give a status with a note; the value names it in the audit log."""

    IDEA = "idea"
    REPORT = "report"


@dataclass(frozen=True, slots=True)
class StaffStatusChange:
    subject: StatusSubject
    subject_id: int
    # "#12" for an idea, "T-2025-0001" for a report: what staff and residents call it.
    reference: str
    status: IdeaStatus


async def _store_change(
    session: AsyncSession,
    subject: Idea | SafetyReport,
    change: IdeaStatusChange | SafetyStatusChange,
    kind: str,
    recipients: Iterable[int],
) -> None:
    """The change row, the subject's new status, and one outbox row per recipient."""
    session.add(change)
    subject.status = change.status
    subject.status_changed_at = change.created_at
    await session.flush()
    for resident_id in recipients:
        session.add(Notification(resident_id=resident_id, kind=kind, subject_id=change.id))


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
    if status is IdeaStatus.DUPLICATE:
        idea.duplicate_of_id = duplicate_of_id
    followers = set(
        await session.scalars(
            select(IdeaFollower.resident_id).where(IdeaFollower.idea_id == idea.id)
        )
    )
    # Whoever made the change knows about it already.
    followers.discard(actor_id)
    change = IdeaStatusChange(
        idea_id=idea.id,
        status=status,
        note=note or None,
        changed_by_id=actor_id,
        created_at=now or utc_now(),
    )
    await _store_change(session, idea, change, IDEA_STATUS_NOTIFICATION, followers)
    return change


async def change_report_status(
    session: AsyncSession,
    report_id: int,
    status: IdeaStatus,
    *,
    actor_id: int | None,
    note: str | None = None,
    now: datetime | None = None,
) -> SafetyStatusChange | None:
    """None when the report is gone; the resident behind it, if still known, is told."""
    report = await session.get(SafetyReport, report_id)
    if report is None:
        return None
    reporter = await reporter_of(session, report_id)
    change = SafetyStatusChange(
        report_id=report_id,
        status=status,
        note=note or None,
        changed_by_id=actor_id,
        created_at=now or utc_now(),
    )
    recipients = [reporter.id] if reporter is not None else []
    await _store_change(session, report, change, SAFETY_STATUS_NOTIFICATION, recipients)
    return change


async def set_status_with_note(
    session: AsyncSession,
    subject: StatusSubject,
    subject_id: int,
    status: IdeaStatus,
    *,
    actor: Resident,
    note: str | None,
) -> StaffStatusChange | None:
    """Staff give an idea or a report a new status with a note (None: no note).

    Stored, kept in the audit log and owed to whoever follows it, in one unit of work;
    None when the idea or report no longer exists.
    """
    if subject is StatusSubject.IDEA:
        idea = await session.get(Idea, subject_id)
        if idea is None:
            return None
        await change_idea_status(session, idea, status, actor_id=actor.id, note=note)
        reference, audited = f"#{idea.id}", f"idea:{idea.id}"
    else:
        change = await change_report_status(
            session, subject_id, status, actor_id=actor.id, note=note
        )
        if change is None:
            return None
        report = await session.get(SafetyReport, subject_id)
        assert report is not None
        reference = audited = report.reference
    record_action(session, actor, f"{subject}.status", audited, status=status)
    return StaffStatusChange(subject, subject_id, reference, status)

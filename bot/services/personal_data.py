"""The resident's rights in the chat: see everything stored about them, and be forgotten.

``collect_personal_data`` is the answer to an access request (GDPR art. 15), free and at
once. ``forget_resident`` erases the resident (art. 17): their Telegram id, settings,
votes, follows, flags, pending messages and the links to their safety reports. Their
ideas and reports either stay for the area's record with no link to anyone, or go.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.services.lifecycle import IDEA_STATUS_NOTIFICATION
from bot.services.safety import SAFETY_STATUS_NOTIFICATION, unlink_reports
from db.models import (
    Attachment,
    Idea,
    IdeaFlag,
    IdeaFollower,
    IdeaStatusChange,
    IdeaVote,
    Notification,
    PollAnswer,
    PollChoice,
    PollOption,
    Resident,
    Role,
    SafetyMessage,
    SafetyReport,
    SafetyReportLink,
    SafetyStatusChange,
)
from db.types import utc_now

__all__ = [
    "collect_personal_data",
    "forget_resident",
    "inactive_residents",
]


def _time(value) -> str | None:
    return value.isoformat() if value else None


async def collect_personal_data(session: AsyncSession, resident: Resident) -> dict[str, Any]:
    """Every fact stored about this resident, and nothing about anyone else. Each list is
    in a fixed order (oldest first), so two requests can be compared line by line."""
    reports, messages = await _safety_reports(session, resident.id)
    return {
        "resident": _account(resident),
        "ideas": await _ideas(session, resident.id),
        "supported_ideas": await _supported_ideas(session, resident.id),
        "followed_ideas": await _followed_ideas(session, resident.id),
        "poll_answers": await _poll_answers(session, resident.id),
        "reported_as_inappropriate": await _flags(session, resident.id),
        "safety_reports": reports,
        "messages_with_staff": messages,
        "pending_messages": await _pending_messages(session, resident.id),
    }


def _account(resident: Resident) -> dict[str, Any]:
    return {
        "telegram_id": resident.telegram_id,
        "language": resident.language,
        "role": resident.role.value,
        "receives_announcements": resident.receives_announcements,
        "receives_polls": resident.receives_polls,
        "banned_at": _time(resident.banned_at),
        "created_at": _time(resident.created_at),
        "last_seen_at": _time(resident.last_seen_at),
    }


async def _ideas(session: AsyncSession, resident_id: int) -> list[dict[str, Any]]:
    ideas = list(
        await session.scalars(
            select(Idea)
            .where(Idea.author_id == resident_id)
            .order_by(Idea.id)  # pragma: no mutate: SQLite keeps id order; PostgreSQL needs it
        )
    )
    photos = await _photos(session, Attachment.idea_id, [idea.id for idea in ideas])
    return [
        {
            "reference": f"#{idea.id}",
            "category": idea.category,
            "text": idea.body,
            "language": idea.language,
            "voice_message": idea.voice_file_id is not None,
            "photos": photos.get(idea.id, []),
            "place": idea.place_id,
            "latitude": idea.latitude,
            "longitude": idea.longitude,
            "status": idea.status.value,
            "created_at": _time(idea.created_at),
        }
        for idea in ideas
    ]


async def _supported_ideas(session: AsyncSession, resident_id: int) -> list[dict[str, Any]]:
    votes = await session.execute(
        select(IdeaVote.idea_id, IdeaVote.created_at)
        .where(IdeaVote.resident_id == resident_id)
        .order_by(IdeaVote.idea_id)
    )
    return [{"idea": f"#{idea_id}", "at": _time(at)} for idea_id, at in votes]


async def _followed_ideas(session: AsyncSession, resident_id: int) -> list[str]:
    follows = await session.scalars(
        select(IdeaFollower.idea_id)
        .where(IdeaFollower.resident_id == resident_id)
        .order_by(IdeaFollower.idea_id)
    )
    return [f"#{idea_id}" for idea_id in follows]


async def _poll_answers(session: AsyncSession, resident_id: int) -> list[dict[str, Any]]:
    """One entry per poll, with the positions of the options chosen."""
    choices = await session.execute(
        select(PollAnswer.poll_id, PollAnswer.answered_at, PollOption.position)
        .join(PollChoice, PollChoice.answer_id == PollAnswer.id)
        .join(PollOption)
        .where(PollAnswer.resident_id == resident_id)
        .order_by(PollAnswer.poll_id, PollOption.position)  # pragma: no mutate: same on SQLite
    )
    answers: dict[int, dict[str, Any]] = {}
    for poll_id, answered_at, position in choices:
        answer = answers.setdefault(
            poll_id, {"poll": f"#{poll_id}", "options": [], "at": _time(answered_at)}
        )
        answer["options"].append(position)
    return list(answers.values())


async def _flags(session: AsyncSession, resident_id: int) -> list[dict[str, Any]]:
    flags = await session.execute(
        select(IdeaFlag.idea_id, IdeaFlag.reason, IdeaFlag.created_at)
        .where(IdeaFlag.resident_id == resident_id)
        .order_by(IdeaFlag.idea_id)
    )
    return [
        {"idea": f"#{idea_id}", "reason": reason.value, "at": _time(at)}
        for idea_id, reason, at in flags
    ]


async def _safety_reports(
    session: AsyncSession, resident_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The reports still linked to the resident, and the messages about them with staff."""
    reports = list(
        await session.scalars(
            select(SafetyReport)
            .join(SafetyReportLink)
            .where(SafetyReportLink.resident_id == resident_id)
            .order_by(SafetyReport.id)  # pragma: no mutate: SQLite keeps id order anyway
        )
    )
    references = {report.id: report.reference for report in reports}
    messages = await session.scalars(
        select(SafetyMessage)
        .where(SafetyMessage.report_id.in_(list(references)))
        .order_by(SafetyMessage.id)  # pragma: no mutate: SQLite keeps id order anyway
    )
    about_reports = [
        {
            "report": references[message.report_id],
            "direction": message.direction.value,
            "text": message.body,
            "at": _time(message.created_at),
        }
        for message in messages
    ]
    photos = await _photos(session, Attachment.report_id, list(references))
    facts = [_report_facts(report, photos.get(report.id, [])) for report in reports]
    return facts, about_reports


async def _pending_messages(session: AsyncSession, resident_id: int) -> list[dict[str, Any]]:
    """News the bot still owes the resident (delivered news is not kept)."""
    ideas = await session.execute(
        select(Notification, IdeaStatusChange.idea_id, IdeaStatusChange.status)
        .join(IdeaStatusChange, IdeaStatusChange.id == Notification.subject_id)
        .where(
            Notification.resident_id == resident_id,
            Notification.kind == IDEA_STATUS_NOTIFICATION,
        )
    )
    reports = await session.execute(
        select(Notification, SafetyReport, SafetyStatusChange.status)
        .join(SafetyStatusChange, SafetyStatusChange.id == Notification.subject_id)
        .join(SafetyReport)
        .where(
            Notification.resident_id == resident_id,
            Notification.kind == SAFETY_STATUS_NOTIFICATION,
        )
    )
    pending = [(n, f"#{idea_id}", status) for n, idea_id, status in ideas]
    pending += [(n, report.reference, status) for n, report, status in reports]
    return [
        {
            "about": about,
            "status": status.value,
            "delivery": "given up" if notification.failed else "waiting",
            "at": _time(notification.created_at),
        }
        for notification, about, status in sorted(pending, key=lambda row: row[0].id)
    ]


async def _photos(
    session: AsyncSession, owner: InstrumentedAttribute[int | None], owner_ids: list[int]
) -> dict[int, list[str]]:
    """The photos' Telegram file ids, in order, per idea or report."""
    rows = await session.execute(
        select(owner, Attachment.file_id)
        .where(owner.in_(owner_ids))
        .order_by(Attachment.position)  # pragma: no mutate: SQLite keeps that order anyway
    )
    photos: dict[int, list[str]] = {}
    for owner_id, file_id in rows:
        photos.setdefault(owner_id, []).append(file_id)
    return photos


def _report_facts(report: SafetyReport, photos: list[str]) -> dict[str, Any]:
    return {
        "reference": report.reference,
        "category": report.category.value,
        "text": report.body,
        "language": report.language,
        "visibility": report.visibility.value,
        "place": report.place_id or report.place_text,
        "latitude": report.latitude,
        "longitude": report.longitude,
        "photos": photos,
        "status": report.status.value,
        "created_at": _time(report.created_at),
    }


async def forget_resident(
    session: AsyncSession, resident_id: int, *, keep_contributions: bool
) -> None:
    """Erase the resident. With ``keep_contributions`` their ideas and reports stay,
    linked to nobody; otherwise they are deleted too, and counts shown to others follow.
    Either way the staff chat's mentions of them are queued to be edited out."""
    linked = select(SafetyReportLink.report_id).where(SafetyReportLink.resident_id == resident_id)
    await unlink_reports(session, linked, utc_now())
    if not keep_contributions:
        await session.execute(delete(Idea).where(Idea.author_id == resident_id))
        await session.execute(
            delete(SafetyReport).where(
                SafetyReport.id.in_(
                    select(SafetyReportLink.report_id).where(
                        SafetyReportLink.resident_id == resident_id
                    )
                )
            )
        )
    # Votes, poll answers, follows, flags, notifications and report links go with the
    # resident (ON DELETE CASCADE); audit entries, invites and status changes keep the act
    # and lose the person (ON DELETE SET NULL).
    await session.execute(delete(Resident).where(Resident.id == resident_id))


async def inactive_residents(session: AsyncSession, silence: timedelta, now: datetime) -> list[int]:
    """Residents (not staff, organisers or administrators) silent for ``silence``."""
    return list(
        await session.scalars(
            select(Resident.id).where(
                Resident.role == Role.RESIDENT, Resident.last_seen_at <= now - silence
            )
        )
    )

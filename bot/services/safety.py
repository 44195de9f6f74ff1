"""Safety reports: submitting, the staff's questions and the answers, retention.

The resident behind a report is found only through ``SafetyReportLink``. Functions that
serve staff return ``StaffReportView`` values, which carry the resident's Telegram id
only for a private report: for an anonymous one, nothing staff can see leads back.
Status changes, the same for ideas and reports, are in ``bot.services.lifecycle``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.action_counters import REPORT, actions_today, count_action
from bot.services.attachments import MAX_PHOTOS, attach_photos, report_photos
from bot.services.translations import MachineTranslation, translation_of
from db.models import (
    IdeaStatus,
    MessageDirection,
    Notification,
    Resident,
    SafetyCategory,
    SafetyMessage,
    SafetyReport,
    SafetyReportLink,
    SafetyStatusChange,
    StaffMention,
    TimeOfDay,
    Visibility,
    WhenHappened,
)
from db.types import utc_now

__all__ = [
    "BODY_MAX",
    "DOUBLE_SUBMISSION_WINDOW",
    "PLACE_TEXT_MAX",
    "SAFETY_STATUS_NOTIFICATION",
    "ReportDraft",
    "ReportOutcome",
    "StaffReportView",
    "forget_expired_links",
    "open_question",
    "record_answer",
    "record_question",
    "reporter_of",
    "staff_view",
    "stop_answers",
    "submit_report",
    "unlink_reports",
]

BODY_MAX = 1000
PLACE_TEXT_MAX = 200
DOUBLE_SUBMISSION_WINDOW = timedelta(minutes=10)
SAFETY_STATUS_NOTIFICATION = "safety_status"


@dataclass(frozen=True, slots=True)
class ReportDraft:
    category: SafetyCategory
    happened: WhenHappened
    time_of_day: TimeOfDay
    visibility: Visibility
    language: str
    body: str | None = None
    voice_file_id: str | None = None
    photo_file_ids: tuple[str, ...] = ()
    place_id: str | None = None
    place_text: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class ReportOutcome(StrEnum):
    SAVED = "saved"
    DOUBLE = "double"
    LIMIT_REACHED = "limit_reached"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class StaffReportView:
    """Everything staff may see about a report."""

    id: int
    reference: str
    category: SafetyCategory
    place_id: str | None
    place_text: str | None
    latitude: float | None
    longitude: float | None
    happened: WhenHappened
    time_of_day: TimeOfDay
    body: str | None
    language: str
    voice_file_id: str | None
    photo_file_ids: tuple[str, ...]
    visibility: Visibility
    status: IdeaStatus
    created_at: datetime
    staff_message_id: int | None
    # Only for private reports; None for anonymous ones, whatever the link says.
    reporter_telegram_id: int | None
    # Into the staff language, once made (or a note that no model exists for it).
    translation: MachineTranslation | None = None


def _linked_reports(resident_id: int) -> Select[tuple[SafetyReport]]:
    return (
        select(SafetyReport)
        .join(SafetyReportLink)
        .where(SafetyReportLink.resident_id == resident_id)
    )


async def submit_report(
    session: AsyncSession,
    resident_id: int,
    draft: ReportDraft,
    *,
    daily_limit: int,
    now: datetime | None = None,
    sender_key: str | None = None,
) -> tuple[ReportOutcome, SafetyReport | None]:
    """Stores a report; at most ``daily_limit`` a day per resident and, with
    ``sender_key``, per Telegram account for 24 hours (erasing oneself does not reset
    it)."""
    now = now or utc_now()
    if draft.body is None and draft.voice_file_id is None:
        return ReportOutcome.INVALID, None
    if draft.body is not None and not 1 <= len(draft.body) <= BODY_MAX:
        return ReportOutcome.INVALID, None
    mine = _linked_reports(resident_id)
    if draft.body is not None:
        # The same words again within minutes: a second tap or a resend, not a new report.
        # At most one can be found: a second within the window would have been this one.
        earlier = await session.scalar(
            mine.where(
                SafetyReport.body == draft.body,
                SafetyReport.created_at > now - DOUBLE_SUBMISSION_WINDOW,
            )
        )
        if earlier is not None:
            return ReportOutcome.DOUBLE, earlier
    today: int = await session.scalar(
        select(func.count()).select_from(
            mine.where(SafetyReport.created_at > now - timedelta(days=1)).subquery()
        )
    )
    if sender_key is not None:
        today = max(today, await actions_today(session, sender_key, REPORT, now))
    if today >= daily_limit:
        return ReportOutcome.LIMIT_REACHED, None
    if sender_key is not None:
        await count_action(session, sender_key, REPORT, now)
    report = SafetyReport(
        category=draft.category,
        place_id=draft.place_id,
        place_text=draft.place_text,
        latitude=draft.latitude,
        longitude=draft.longitude,
        happened=draft.happened,
        time_of_day=draft.time_of_day,
        body=draft.body,
        language=draft.language,
        voice_file_id=draft.voice_file_id,
        visibility=draft.visibility,
        created_at=now,
        status_changed_at=now,
    )
    session.add(report)
    await session.flush()
    attach_photos(session, draft.photo_file_ids[:MAX_PHOTOS], report_id=report.id)
    session.add(SafetyReportLink(report_id=report.id, resident_id=resident_id, created_at=now))
    session.add(SafetyStatusChange(report_id=report.id, status=IdeaStatus.RECEIVED, created_at=now))
    return ReportOutcome.SAVED, report


async def reporter_of(session: AsyncSession, report_id: int) -> Resident | None:
    """The resident behind a report, for the bot's own use (answering them), never for staff."""
    return await session.scalar(
        select(Resident).join(SafetyReportLink).where(SafetyReportLink.report_id == report_id)
    )


async def staff_view(session: AsyncSession, report_id: int) -> StaffReportView | None:
    report = await session.get(SafetyReport, report_id)
    if report is None:
        return None
    reporter_telegram_id = None
    if report.visibility is Visibility.PRIVATE:
        reporter = await reporter_of(session, report_id)
        reporter_telegram_id = reporter.telegram_id if reporter else None
    return StaffReportView(
        id=report.id,
        reference=report.reference,
        category=report.category,
        place_id=report.place_id,
        place_text=report.place_text,
        latitude=report.latitude,
        longitude=report.longitude,
        happened=report.happened,
        time_of_day=report.time_of_day,
        body=report.body,
        language=report.language,
        voice_file_id=report.voice_file_id,
        photo_file_ids=await report_photos(session, report.id),
        visibility=report.visibility,
        status=report.status,
        created_at=report.created_at,
        staff_message_id=report.staff_message_id,
        reporter_telegram_id=reporter_telegram_id,
        translation=await translation_of(session, "report_id", report.id, report.body),
    )


async def record_question(
    session: AsyncSession, report_id: int, staff_id: int, text: str
) -> SafetyMessage | None:
    """A question from staff to the reporter; None when nobody can be asked any more."""
    if await reporter_of(session, report_id) is None:
        return None
    message = SafetyMessage(
        report_id=report_id, direction=MessageDirection.TO_RESIDENT, body=text, staff_id=staff_id
    )
    session.add(message)
    await session.flush()
    return message


async def open_question(
    session: AsyncSession, report_id: int, resident_id: int
) -> SafetyMessage | None:
    """The staff question this resident may answer now: they sent the report, and staff
    asked something not yet answered or closed. None otherwise."""
    reporter = await reporter_of(session, report_id)
    if reporter is None or reporter.id != resident_id:
        return None
    return await session.scalar(
        select(SafetyMessage)
        .where(
            SafetyMessage.report_id == report_id,
            SafetyMessage.direction == MessageDirection.TO_RESIDENT,
            SafetyMessage.closed_at.is_(None),
        )
        .order_by(SafetyMessage.id.desc())
    )


async def record_answer(
    session: AsyncSession,
    report_id: int,
    resident_id: int,
    text: str,
    now: datetime | None = None,
) -> SafetyMessage | None:
    """The reporter's answer to the open question, which it closes: one answer per
    question. None when this resident is not the reporter or nothing is asked."""
    question = await open_question(session, report_id, resident_id)
    if question is None:
        return None
    now = now or utc_now()
    question.closed_at = now
    message = SafetyMessage(
        report_id=report_id, direction=MessageDirection.FROM_RESIDENT, body=text, created_at=now
    )
    session.add(message)
    await session.flush()
    return message


async def stop_answers(session: AsyncSession, report_id: int, now: datetime | None = None) -> bool:
    """Staff close every open question on the report: no answer is taken until they ask
    again. False when the report does not exist."""
    if await session.get(SafetyReport, report_id) is None:
        return False
    await session.execute(
        update(SafetyMessage)
        .where(
            SafetyMessage.report_id == report_id,
            SafetyMessage.direction == MessageDirection.TO_RESIDENT,
            SafetyMessage.closed_at.is_(None),
        )
        .values(closed_at=now or utc_now())
    )
    return True


async def forget_expired_links(session: AsyncSession, retention: timedelta, now: datetime) -> int:
    """Retention: who sent a report is forgotten after ``retention``; the report stays.

    So is everything else that joins the two: news about the report not yet delivered,
    and the reporter's mention in the staff chat (queued to be edited out)."""
    expired = select(SafetyReportLink.report_id).where(
        SafetyReportLink.created_at <= now - retention
    )
    await unlink_reports(session, expired, now)
    result = await session.execute(
        delete(SafetyReportLink).where(SafetyReportLink.created_at <= now - retention)
    )
    return result.rowcount or 0


async def unlink_reports(session: AsyncSession, report_ids: Select, now: datetime) -> None:
    """Before the links to these reports go: drop the news owed about them and queue the
    reporter's mention in the staff chat to be edited out."""
    changes = select(SafetyStatusChange.id).where(SafetyStatusChange.report_id.in_(report_ids))
    await session.execute(
        delete(Notification).where(
            Notification.kind == SAFETY_STATUS_NOTIFICATION,
            Notification.subject_id.in_(changes),
        )
    )
    await session.execute(
        update(StaffMention)
        .where(StaffMention.report_id.in_(report_ids), StaffMention.redact_after.is_(None))
        .values(redact_after=now)
    )

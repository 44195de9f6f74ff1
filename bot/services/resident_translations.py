"""Staff's words for residents: a note with a status change, a question about a report.

Staff write in the staff language; each resident who is owed such a message and reads
another language gets a machine translation under the original. Only what is still owed
is translated (nothing for messages already delivered), once per language.
"""

from __future__ import annotations

from sqlalchemy import and_, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.lifecycle import IDEA_STATUS_NOTIFICATION
from bot.services.safety import SAFETY_STATUS_NOTIFICATION
from bot.services.translations import TranslationTask
from db.models import (
    IdeaStatusChange,
    MessageDirection,
    Notification,
    Resident,
    SafetyMessage,
    SafetyReportLink,
    SafetyStatusChange,
    Translation,
)

__all__ = ["due_for_residents"]


def _untranslated(column, subject):
    return ~exists().where(column == subject, Translation.target_language == Resident.language)


async def due_for_residents(
    session: AsyncSession, staff_locale: str, limit: int
) -> list[TranslationTask]:
    owed = (Notification.sent_at.is_(None), Notification.failed.is_(False))
    reads_another = Resident.language != staff_locale
    tasks = []
    for column, change, kind in (
        ("idea_change_id", IdeaStatusChange, IDEA_STATUS_NOTIFICATION),
        ("report_change_id", SafetyStatusChange, SAFETY_STATUS_NOTIFICATION),
    ):
        rows = await session.execute(
            select(change.id, change.note, Resident.language)
            .join(
                Notification, and_(Notification.kind == kind, Notification.subject_id == change.id)
            )
            .join(Resident, Resident.id == Notification.resident_id)
            .where(
                *owed,
                change.note.is_not(None),
                reads_another,
                _untranslated(getattr(Translation, column), change.id),
            )
            .distinct()
            .order_by(change.id)
            .limit(limit)
        )
        tasks += [
            TranslationTask(column, subject_id, note, staff_locale, language)
            for subject_id, note, language in rows
            if note.strip()
        ]
    questions = await session.execute(
        select(SafetyMessage.id, SafetyMessage.body, Resident.language)
        .join(SafetyReportLink, SafetyReportLink.report_id == SafetyMessage.report_id)
        .join(Resident, Resident.id == SafetyReportLink.resident_id)
        .where(
            SafetyMessage.direction == MessageDirection.TO_RESIDENT,
            SafetyMessage.delivered_at.is_(None),
            reads_another,
            _untranslated(Translation.message_id, SafetyMessage.id),
        )
        .order_by(SafetyMessage.id)
        .limit(limit)
    )
    tasks += [
        TranslationTask("message_id", subject_id, body, staff_locale, language)
        for subject_id, body, language in questions
        if body.strip()
    ]
    return tasks

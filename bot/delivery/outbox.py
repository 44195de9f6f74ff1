"""Delivers the outbox: each resident told, in their own language, once per change.

A delivered notification is deleted at once: kept, it would go on saying that this
resident followed that idea or sent that report, after the report's link is forgotten.

Runs in the background (the ``Outbox`` loop), never inside an update: a batch is read in
one short transaction, sent with no transaction open, and marked in another. A resident
who blocked the bot is marked unreachable instead of being retried; Telegram's "retry
after" pauses the whole round, as it applies to the whole bot.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from html import escape

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError, TelegramRetryAfter
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.loop import BackgroundLoop
from bot.delivery.translating import TranslationWait
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.i18n.names import idea_status_name
from bot.services.lifecycle import IDEA_STATUS_NOTIFICATION
from bot.services.safety import SAFETY_STATUS_NOTIFICATION
from bot.services.translations import MachineTranslation, translation_of
from bot.views.translation_notes import with_translation
from db.models import (
    IdeaStatus,
    IdeaStatusChange,
    Notification,
    Resident,
    SafetyReport,
    SafetyStatusChange,
)
from db.types import utc_now

__all__ = [
    "Outbox",
    "deliver_pending",
    "report_status_text",
    "status_change_text",
]

logger = logging.getLogger(__name__)

BATCH = 50
MAX_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class _Pending:
    notification_id: int
    resident_id: int
    telegram_id: int
    language: str
    kind: str
    # An idea's number or a report's reference, its new status and the staff's note.
    subject: str
    status: IdeaStatus
    note: str | None
    # The status change the note came with, and when the resident was owed the news.
    change_id: int = 0
    owed_since: datetime | None = None
    translation: MachineTranslation | None = None


def status_change_text(idea_id: int, status: IdeaStatus, note: str | None) -> str:
    if not note:
        return _("🔔 News about idea #{number}: its status is now <b>{status}</b>.").format(
            number=idea_id, status=idea_status_name(status)
        )
    # The note is shown as staff wrote it, in their language.
    return _(
        "🔔 News about idea #{number}: its status is now <b>{status}</b>.\n\n"
        "Note from staff:\n{note}"
    ).format(number=idea_id, status=idea_status_name(status), note=escape(note))


def report_status_text(reference: str, status: IdeaStatus, note: str | None) -> str:
    if not note:
        return _(
            "🔔 News about your report {reference}: its status is now <b>{status}</b>."
        ).format(reference=reference, status=idea_status_name(status))
    return _(
        "🔔 News about your report {reference}: its status is now <b>{status}</b>.\n\n"
        "Note from staff:\n{note}"
    ).format(reference=reference, status=idea_status_name(status), note=escape(note))


def _render(pending: _Pending) -> str:
    if pending.kind == SAFETY_STATUS_NOTIFICATION:
        text = report_status_text(pending.subject, pending.status, pending.note)
    else:
        text = status_change_text(int(pending.subject), pending.status, pending.note)
    # The staff's note as written, and under it its machine translation, marked as such.
    return with_translation(text, pending.translation, for_resident=True)


def _pending_notifications():
    return (
        Notification.sent_at.is_(None),
        Notification.failed.is_(False),
    )


async def _load_batch(session: AsyncSession, deferred: set[int]) -> list[_Pending]:
    recipient = (Notification.id, Resident.id, Resident.telegram_id, Resident.language)
    owed = (*_pending_notifications(), Notification.id.not_in(deferred))
    ideas = await session.execute(
        select(
            *recipient,
            IdeaStatusChange.idea_id,
            IdeaStatusChange.status,
            IdeaStatusChange.note,
            IdeaStatusChange.id,
            Notification.created_at,
        )
        .join(Resident, Resident.id == Notification.resident_id)
        .join(IdeaStatusChange, IdeaStatusChange.id == Notification.subject_id)
        .where(Notification.kind == IDEA_STATUS_NOTIFICATION, *owed)
        .order_by(Notification.id)
        .limit(BATCH)
    )
    reports = await session.execute(
        select(
            *recipient,
            SafetyReport,
            SafetyStatusChange.status,
            SafetyStatusChange.note,
            SafetyStatusChange.id,
            Notification.created_at,
        )
        .join(Resident, Resident.id == Notification.resident_id)
        .join(SafetyStatusChange, SafetyStatusChange.id == Notification.subject_id)
        .join(SafetyReport, SafetyReport.id == SafetyStatusChange.report_id)
        .where(Notification.kind == SAFETY_STATUS_NOTIFICATION, *owed)
        .order_by(Notification.id)
        .limit(BATCH)
    )
    batch = [_Pending(*row[:4], IDEA_STATUS_NOTIFICATION, str(row[4]), *row[5:]) for row in ideas]
    batch += [
        _Pending(*row[:4], SAFETY_STATUS_NOTIFICATION, row[4].reference, *row[5:])
        for row in reports
    ]
    return sorted(batch, key=lambda pending: pending.notification_id)


_CHANGE_COLUMNS = {
    IDEA_STATUS_NOTIFICATION: "idea_change_id",
    SAFETY_STATUS_NOTIFICATION: "report_change_id",
}


async def _with_translations(
    session: AsyncSession, batch: list[_Pending], wait: TranslationWait, deferred: set[int]
) -> list[_Pending]:
    """Each note with its translation into the resident's language; news whose
    translation is still worth waiting for is left for a later round (``deferred``)."""
    ready = []
    now = utc_now()
    for pending in batch:
        if not pending.note or pending.language == wait.staff_locale:
            ready.append(pending)
            continue
        column = _CHANGE_COLUMNS[pending.kind]
        translation = await translation_of(
            session, column, pending.change_id, pending.note, pending.language
        )
        if (
            translation is None
            and pending.owed_since
            and wait.worth_waiting(pending.owed_since, now)
        ):
            deferred.add(pending.notification_id)
            continue
        ready.append(replace(pending, translation=translation))
    return ready


async def _send_one(bot: Bot, i18n: Catalogues, session_factory, pending: _Pending) -> bool:
    """Deliver one; False when the round should stop and try again later."""
    with i18n.context(), i18n.use_locale(pending.language):
        text = _render(pending)
    try:
        await bot.send_message(pending.telegram_id, text)
    except TelegramForbiddenError:
        async with session_factory() as session, session.begin():
            await session.execute(
                update(Resident).where(Resident.id == pending.resident_id).values(blocked_bot=True)
            )
            await session.execute(
                update(Notification)
                .where(Notification.id == pending.notification_id)
                .values(failed=True, attempts=Notification.attempts + 1)
            )
        return True
    except TelegramRetryAfter:
        raise
    except TelegramAPIError:
        logger.warning("notification %s not delivered", pending.notification_id, exc_info=True)
        async with session_factory() as session, session.begin():
            notification = await session.get(Notification, pending.notification_id)
            if notification is not None:
                notification.attempts += 1
                notification.failed = notification.attempts >= MAX_ATTEMPTS
        # Telegram or the network is having trouble: the next round tries again.
        return False
    # Delivered: the row would only keep saying who was told about which idea or report.
    async with session_factory() as session, session.begin():
        await session.execute(
            delete(Notification).where(Notification.id == pending.notification_id)
        )
    return True


async def deliver_pending(
    bot: Bot,
    i18n: Catalogues,
    session_factory: async_sessionmaker[AsyncSession],
    translations: TranslationWait | None = None,
) -> int:
    """Send what is owed, batch by batch; returns how many were attempted.

    With ``translations`` (TRANSLATE_URL set), a staff note goes with its translation
    into the resident's language, and waits a little for it (``TranslationWait``)."""
    attempted = 0
    deferred: set[int] = set()
    while True:
        async with session_factory() as session, session.begin():
            loaded = await _load_batch(session, deferred)
            batch = loaded
            if translations is not None:
                batch = await _with_translations(session, loaded, translations, deferred)
        if not loaded:
            return attempted
        for pending in batch:
            attempted += 1
            if not await _send_one(bot, i18n, session_factory, pending):
                return attempted


class Outbox(BackgroundLoop):
    """The loop that delivers every outbox: status news to residents (above), and the
    staff desk's alerts, questions and answers (``bot.delivery.staff_desk``).

    Handlers ``wake()`` it once their news is committed; it also runs every
    ``interval``, so that what a failed round left behind is tried again.
    ``bot.delivery.jobs`` gives it its jobs.
    """

    def __init__(self, interval: float = 30.0) -> None:
        super().__init__("outbox", interval)
        self._followers: list[BackgroundLoop] = []

    def also_wake(self, loop: BackgroundLoop) -> None:
        """Wake ``loop`` whenever this is woken (the translator: what handlers commit for
        the outbox may be a text to translate)."""
        if loop not in self._followers:
            self._followers.append(loop)

    def wake(self) -> None:
        super().wake()
        for loop in self._followers:
            loop.wake()

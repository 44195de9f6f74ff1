"""Delivers the outbox: each resident told, in their own language, once per change.

Runs in the background, never inside an update: a batch is read in one short
transaction, sent with no transaction open, and marked in another. A resident who
blocked the bot is marked unreachable instead of being retried; Telegram's "retry
after" pauses the whole round, as it applies to the whole bot.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from dataclasses import dataclass
from html import escape

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError, TelegramRetryAfter
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.lifecycle import IDEA_STATUS_NOTIFICATION
from bot.texts import idea_status_name
from db.models import IdeaStatus, IdeaStatusChange, Notification, Resident
from db.types import utc_now

__all__ = ["NotificationSender", "deliver_pending", "status_change_text"]

logger = logging.getLogger(__name__)

BATCH = 50
MAX_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class _Pending:
    notification_id: int
    resident_id: int
    telegram_id: int
    language: str
    idea_id: int
    status: IdeaStatus
    note: str | None


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


async def _load_batch(session: AsyncSession) -> list[_Pending]:
    rows = await session.execute(
        select(
            Notification.id,
            Resident.id,
            Resident.telegram_id,
            Resident.language,
            IdeaStatusChange.idea_id,
            IdeaStatusChange.status,
            IdeaStatusChange.note,
        )
        .join(Resident, Resident.id == Notification.resident_id)
        .join(IdeaStatusChange, IdeaStatusChange.id == Notification.subject_id)
        .where(
            Notification.kind == IDEA_STATUS_NOTIFICATION,
            Notification.sent_at.is_(None),
            Notification.failed.is_(False),
        )
        .order_by(Notification.id)
        .limit(BATCH)
    )
    return [_Pending(*row) for row in rows]


async def _mark(session_factory, notification_id: int, **values) -> None:
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Notification).where(Notification.id == notification_id).values(**values)
        )


async def _send_one(bot: Bot, i18n: I18n, session_factory, pending: _Pending) -> bool:
    """Deliver one; False when the round should stop and try again later."""
    with i18n.context(), i18n.use_locale(pending.language):
        text = status_change_text(pending.idea_id, pending.status, pending.note)
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
    await _mark(session_factory, pending.notification_id, sent_at=utc_now())
    return True


async def deliver_pending(
    bot: Bot, i18n: I18n, session_factory: async_sessionmaker[AsyncSession]
) -> int:
    """Send what is owed, batch by batch; returns how many were attempted."""
    attempted = 0
    while True:
        async with session_factory() as session, session.begin():
            batch = await _load_batch(session)
        if not batch:
            return attempted
        for pending in batch:
            attempted += 1
            if not await _send_one(bot, i18n, session_factory, pending):
                return attempted


class NotificationSender:
    """The background loop: wakes when told there is news, and every ``interval`` anyway."""

    def __init__(self, interval: float = 30.0) -> None:
        self.interval = interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self, bot: Bot, i18n: I18n, session_factory: async_sessionmaker[AsyncSession]):
        self._task = asyncio.create_task(self._run(bot, i18n, session_factory))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    async def _run(self, bot: Bot, i18n: I18n, session_factory) -> None:
        while True:
            # Cleared before the round: news that arrives during it wakes the next one.
            self._wake.clear()
            try:
                await deliver_pending(bot, i18n, session_factory)
            except TelegramRetryAfter as error:
                await asyncio.sleep(error.retry_after)
                continue
            except Exception:
                logger.exception("notification round failed; trying again later")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)

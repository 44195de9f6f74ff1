"""Runs broadcasts in the background, one at a time, and tells the organiser how it goes.

One at a time keeps Telegram's per-chat limit (one message a second to the same chat)
without bookkeeping: within one broadcast every chat gets one message. Unfinished
broadcasts are resumed when the bot starts.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from html import escape

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.broadcast import BroadcastProgress, BroadcastSender, Outgoing
from db.models import Broadcast

__all__ = ["BroadcastQueue", "announcement_renderer", "progress_text"]

logger = logging.getLogger(__name__)


def progress_text(progress: BroadcastProgress, rate: float) -> str:
    if progress.pending == 0:
        return _(
            "✅ Sent to everyone. Delivered: {sent}. Not reachable (blocked the bot): "
            "{blocked}. Failed: {failed}."
        ).format(sent=progress.sent, blocked=progress.blocked, failed=progress.failed)
    minutes = max(1, round(progress.pending / rate / 60))
    return _(
        "📣 Sending… Delivered: {sent}. Not reachable: {blocked}. Failed: {failed}. "
        "Waiting: {pending}, about {minutes} min left."
    ).format(
        sent=progress.sent,
        blocked=progress.blocked,
        failed=progress.failed,
        pending=progress.pending,
        minutes=minutes,
    )


def announcement_renderer(i18n: I18n, default_locale: str):
    """Each resident gets the organiser's text in their language, or the default one."""

    def render(broadcast: Broadcast, language: str) -> Outgoing:
        texts: dict[str, str] = broadcast.content["texts"]
        text = texts.get(language) or texts[default_locale]
        with i18n.context(), i18n.use_locale(language):
            framed = _("📣 <b>Announcement</b>\n\n{text}").format(text=escape(text))
        return Outgoing(framed, photo_file_id=broadcast.content.get("photo"))

    return render


class BroadcastQueue:
    def __init__(self, interval: float = 30.0) -> None:
        self.interval = interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    def sender(
        self,
        bot: Bot,
        i18n: I18n,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        rate: float,
        default_locale: str,
    ) -> BroadcastSender:
        """The engine, reporting progress in the organiser's message."""

        async def report(broadcast_id: int, progress: BroadcastProgress) -> None:
            await self._report(bot, i18n, session_factory, broadcast_id, progress, rate)

        return BroadcastSender(
            bot,
            session_factory,
            announcement_renderer(i18n, default_locale),
            rate=rate,
            on_progress=report,
        )

    def start(
        self,
        bot: Bot,
        i18n: I18n,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        rate: float,
        default_locale: str,
    ) -> None:
        sender = self.sender(bot, i18n, session_factory, rate=rate, default_locale=default_locale)
        self._task = asyncio.create_task(self._run(sender))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    async def _run(self, sender: BroadcastSender) -> None:
        while True:
            self._wake.clear()
            try:
                await sender.resume_all()
            except Exception:
                logger.exception("broadcast round failed; trying again later")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)

    async def _report(
        self,
        bot: Bot,
        i18n: I18n,
        session_factory: async_sessionmaker[AsyncSession],
        broadcast_id: int,
        progress: BroadcastProgress,
        rate: float,
    ) -> None:
        async with session_factory() as session, session.begin():
            broadcast = await session.get(Broadcast, broadcast_id)
            where = dict(broadcast.content.get("progress") or {}) if broadcast else {}
        if not where:
            return
        with i18n.context(), i18n.use_locale(where["locale"]):
            text = progress_text(progress, rate)
        with suppress(TelegramAPIError):
            # "Not modified" and an organiser who deleted the message are both fine.
            await bot.edit_message_text(
                text=text, chat_id=where["chat_id"], message_id=where["message_id"]
            )

"""Runs broadcasts in the background, one at a time, and tells the organiser how it goes.

One at a time keeps Telegram's per-chat limit (one message a second to the same chat)
without bookkeeping: within one broadcast every chat gets one message. Unfinished
broadcasts are resumed when the bot starts. The organiser's progress message is the one
``launch`` shows; where it is (chat, message, language) is stored on the broadcast.
"""

from __future__ import annotations

from contextlib import suppress
from html import escape
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.broadcast_sender import BroadcastSender, Limiter, Outgoing
from bot.delivery.loop import BackgroundLoop
from bot.i18n import Catalogues, ngettext
from bot.i18n import gettext as _
from bot.services.broadcasts import BroadcastProgress
from bot.services.polls import is_open
from bot.views.poll_cards import PollCard
from db.models import Broadcast
from db.types import utc_now

__all__ = ["BroadcastQueue", "broadcast_renderer", "progress_text"]


def progress_text(progress: BroadcastProgress, rate: float) -> str:
    if progress.pending == 0:
        return _(
            "✅ Finished. Delivered: {sent}. Not reachable (blocked the bot): "
            "{blocked}. Failed: {failed}."
        ).format(sent=progress.sent, blocked=progress.blocked, failed=progress.failed)
    minutes = max(1, round(progress.pending / rate / 60))
    return ngettext(
        "📣 Sending… Delivered: {sent}. Not reachable: {blocked}. Failed: {failed}. "
        "Waiting: {pending}, about {minutes} minute left.",
        "📣 Sending… Delivered: {sent}. Not reachable: {blocked}. Failed: {failed}. "
        "Waiting: {pending}, about {minutes} minutes left.",
        minutes,
    ).format(
        sent=progress.sent,
        blocked=progress.blocked,
        failed=progress.failed,
        pending=progress.pending,
        minutes=minutes,
    )


def broadcast_renderer(i18n: Catalogues, default_locale: str, zone: ZoneInfo):
    """Each resident gets the organiser's words in their language, or the default one,
    framed in their own language."""

    def render(broadcast: Broadcast, language: str) -> Outgoing:
        with i18n.context(), i18n.use_locale(language):
            if broadcast.kind == "poll":
                card = PollCard.from_snapshot(broadcast.content)
                written_in = card.language_for(language, default_locale)
                return Outgoing(card.text(written_in, zone), card.keyboard(written_in))
            texts: dict[str, str] = broadcast.content["texts"]
            text = texts.get(language) or texts[default_locale]
            framed = _("📣 <b>Announcement</b>\n\n{text}").format(text=escape(text))
        return Outgoing(framed, photo_file_id=broadcast.content.get("photo"))

    return render


async def _still_wanted(session: AsyncSession, broadcast: Broadcast) -> bool:
    """A poll stops going out when it closes; an announcement always goes to everyone."""
    if broadcast.kind != "poll":
        return True
    return await is_open(session, broadcast.content["poll_id"], utc_now())


class BroadcastQueue(BackgroundLoop):
    """The loop that sends broadcasts: woken by ``launch``, and every ``interval`` it
    resumes whatever is unfinished (``bot.delivery.jobs`` gives it the engine)."""

    def __init__(self, interval: float = 30.0) -> None:
        super().__init__("broadcasts", interval)
        # The last progress text shown per broadcast: an unchanged one is not sent again
        # (Telegram refuses an edit to identical text anyway).
        self._shown: dict[int, str] = {}

    async def launch(
        self,
        bot: Bot,
        session: AsyncSession,
        broadcast_id: int,
        progress: BroadcastProgress,
        *,
        chat_id: int,
        locale: str,
        rate: float,
    ) -> None:
        """Show the organiser the first progress, keep that message for updates, start.

        The broadcast is already committed: the queue would send it even if this
        message failed.
        """
        status = await bot.send_message(chat_id, progress_text(progress, rate))
        async with session.begin():
            await session.execute(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id)
                .values(
                    progress_chat_id=status.chat.id,
                    progress_message_id=status.message_id,
                    progress_locale=locale,
                )
            )
        self.wake()

    def sender(
        self,
        bot: Bot,
        i18n: Catalogues,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        rate: float,
        default_locale: str,
        zone: ZoneInfo,
        limiter: Limiter | None = None,
    ) -> BroadcastSender:
        """The engine, reporting progress in the organiser's message."""

        async def report(broadcast_id: int, progress: BroadcastProgress) -> None:
            await self._report(bot, i18n, session_factory, broadcast_id, progress, rate)

        return BroadcastSender(
            bot,
            session_factory,
            broadcast_renderer(i18n, default_locale, zone),
            rate=rate,
            limiter=limiter,
            on_progress=report,
            still_wanted=_still_wanted,
        )

    async def _report(
        self,
        bot: Bot,
        i18n: Catalogues,
        session_factory: async_sessionmaker[AsyncSession],
        broadcast_id: int,
        progress: BroadcastProgress,
        rate: float,
    ) -> None:
        async with session_factory() as session, session.begin():
            where = (
                await session.execute(
                    select(
                        Broadcast.progress_chat_id,
                        Broadcast.progress_message_id,
                        Broadcast.progress_locale,
                    ).where(Broadcast.id == broadcast_id)
                )
            ).one_or_none()
        if where is None or where.progress_chat_id is None:
            return  # not shown yet: ``launch`` has not stored the message
        chat_id, message_id, locale = where
        with i18n.context(), i18n.use_locale(locale):
            text = progress_text(progress, rate)
        if self._shown.get(broadcast_id) == text:
            return
        self._shown[broadcast_id] = text
        if progress.pending == 0:
            self._shown.pop(broadcast_id)
        with suppress(TelegramAPIError):
            # "Not modified" and an organiser who deleted the message are both fine.
            await bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id)

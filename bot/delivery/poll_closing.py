"""Polls close at their deadline by themselves, and their organiser gets the results.

The deadline is in the database, so a restart loses nothing: the first round after it
closes whatever came due meanwhile. Taps after the deadline are refused even before
this job runs (``Poll.is_closed`` looks at the clock). ``results_sent_at`` is an outbox
of one message per poll.
"""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.services.polls import close_due_polls, poll_with_results
from bot.settings import Settings
from bot.views.keyboards.polls import poll_results_keyboard
from bot.views.poll_cards import organiser_results_text
from db.models import Poll, Resident
from db.types import utc_now

__all__ = ["PollClosingJob"]

logger = logging.getLogger(__name__)


class PollClosingJob:
    def __init__(
        self,
        bot: Bot,
        i18n: Catalogues,
        session_factory: async_sessionmaker[AsyncSession],
        settings: Settings,
        clock=utc_now,
    ) -> None:
        self.bot = bot
        self.i18n = i18n
        self.session_factory = session_factory
        self.settings = settings
        self.clock = clock

    async def __call__(self) -> int:
        now = self.clock()
        async with self.session_factory() as session, session.begin():
            await close_due_polls(session, now)
            due = (
                await session.execute(
                    select(Poll.id, Resident.telegram_id, Resident.language)
                    .outerjoin(Resident, Resident.id == Poll.created_by_id)
                    .where(Poll.closed_at.is_not(None), Poll.results_sent_at.is_(None))
                    .order_by(Poll.id)
                )
            ).all()
        delivered = 0
        for poll_id, telegram_id, language in due:
            if telegram_id is not None:
                try:
                    await self._send_results(poll_id, telegram_id, language, now)
                except TelegramRetryAfter:
                    return delivered  # the whole bot waits; the next round goes on
                except (TelegramForbiddenError, TelegramBadRequest):
                    # Blocked, or a chat that is gone: asking again would fail the same
                    # way every round. /polls still shows the results.
                    logger.warning("results of poll %s cannot reach its organiser", poll_id)
                except TelegramAPIError:
                    # Telegram or the network is having trouble: the next round tries again.
                    logger.warning("could not send the results of poll %s", poll_id)
                    continue
            async with self.session_factory() as session, session.begin():
                await session.execute(
                    update(Poll).where(Poll.id == poll_id).values(results_sent_at=now)
                )
            delivered += 1
        return delivered

    async def _send_results(self, poll_id: int, chat_id: int, language: str, now: datetime) -> None:
        async with self.session_factory() as session, session.begin():
            found = await poll_with_results(session, poll_id, self.settings.min_group_size)
        assert found is not None
        poll, options, results = found
        with self.i18n.context(), self.i18n.use_locale(language):
            text = _("🔔 A poll has closed.\n\n{results}").format(
                results=organiser_results_text(
                    poll,
                    options,
                    results,
                    language,
                    self.settings.default_locale,
                    self.settings.zone,
                    now,
                )
            )
            keyboard = poll_results_keyboard(poll_id, is_open=False)
        await self.bot.send_message(chat_id, text, reply_markup=keyboard)

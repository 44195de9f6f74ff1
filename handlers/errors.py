"""The last line: log what escaped a handler, apologise to the resident in their language.

Runs after the update's session has been rolled back and closed, so it opens its own to
look up the resident's language. It must never raise: a failing error handler would
take the polling loop's attention away from everyone else.
"""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ErrorEvent
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import UserFacingError
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.services.residents import resident_language
from bot.settings import Settings

__all__ = ["build_router"]

logger = logging.getLogger(__name__)


async def apologise(
    event: ErrorEvent,
    bot: Bot,
    i18n: Catalogues,
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    update = event.update
    logger.error(
        "update %s (%s) failed",
        update.update_id,
        update.event_type,
        exc_info=(type(event.exception), event.exception, event.exception.__traceback__),
    )
    user = getattr(update.event, "from_user", None)
    if user is None:
        return
    try:
        async with session_factory() as session, session.read():
            locale = await resident_language(session, user.id) or settings.default_locale
        with i18n.context(), i18n.use_locale(locale):
            if isinstance(event.exception, UserFacingError):
                text = event.exception.user_message()
            else:
                text = _(
                    "Sorry, something went wrong on our side. Everything I confirmed to you "
                    "is saved. Please try again in a moment."
                )
            if update.callback_query is not None:
                try:
                    await update.callback_query.answer(text[:200], show_alert=True)
                except TelegramBadRequest:
                    # The handler had answered the button already; say it in the chat.
                    await bot.send_message(user.id, text)
            elif update.message is not None and update.message.chat.type == "private":
                await bot.send_message(update.message.chat.id, text)
    except Exception:
        logger.exception("could not apologise for update %s", update.update_id)


def build_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(apologise)
    return router

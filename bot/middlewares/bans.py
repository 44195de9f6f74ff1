"""A banned resident is told once, in their language, and otherwise ignored.

Runs right after the resident is known and before throttling, so a banned resident costs
one indexed read per update and nothing else. Staff are never banned (see
``bot.services.bans``), so the staff chat is unaffected.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.services.bans import claim_ban_notice
from db.models import Resident

__all__ = ["BanMiddleware"]


class BanMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        resident: Resident | None = data.get("resident")
        if resident is None or resident.banned_at is None:
            return await handler(event, data)
        session: AsyncSession = data["session"]
        async with session.begin():
            first = await claim_ban_notice(session, resident.id)
        if isinstance(event, Update) and event.callback_query is not None:
            # Stops the button's spinner; says nothing more.
            await event.callback_query.answer()
        if first and isinstance(event, Update):
            message = event.message or (event.callback_query and event.callback_query.message)
            if message is not None:
                await message.bot.send_message(message.chat.id, _notice(data, resident))
        return None


def _notice(data: dict[str, Any], resident: Resident) -> str:
    i18n: Catalogues = data["i18n"]
    area: AreaProfile = data["area"]
    with i18n.context(), i18n.use_locale(resident.language):
        return _(
            "Staff have stopped your access to this bot, so it will not answer you any more. "
            "If you think this is a mistake, contact {operator}."
        ).format(operator=area.area.operator)

"""A banned resident is told once, in their language, and otherwise ignored, except for
their data rights: /privacy, /mydata and /forget (with its buttons) still work.

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
from bot.views.callbacks import ForgetCallback
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
        if resident is None or resident.banned_at is None or _exercises_a_right(event):
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


# Access and erasure are rights, not privileges (GDPR art. 15, 17): a ban never stops them.
RIGHTS_COMMANDS = frozenset({"privacy", "mydata", "forget"})


def _exercises_a_right(event: TelegramObject) -> bool:
    if not isinstance(event, Update):
        return False
    if event.message is not None and (event.message.text or "").startswith("/"):
        command = event.message.text.split()[0][1:].split("@")[0]
        return command.lower() in RIGHTS_COMMANDS
    if event.callback_query is not None and event.callback_query.data:
        try:
            ForgetCallback.unpack(event.callback_query.data)
        except (TypeError, ValueError):
            return False
        return True
    return False


def _notice(data: dict[str, Any], resident: Resident) -> str:
    i18n: Catalogues = data["i18n"]
    area: AreaProfile = data["area"]
    with i18n.context(), i18n.use_locale(resident.language):
        return _(
            "Staff have stopped your access to this bot, so it will not answer you any more. "
            "If you think this is a mistake, contact {operator}."
        ).format(operator=area.area.operator)

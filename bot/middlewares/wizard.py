"""Wizards left alone expire: the next tap or message after the timeout starts afresh.

The draft lives in the FSM storage with the time it was last touched. Expiry is checked
when the resident comes back, so an abandoned wizard costs nothing while it waits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.i18n import gettext as _
from bot.settings import Settings
from db.types import utc_now

__all__ = ["TOUCHED_AT", "WizardExpiryMiddleware"]

TOUCHED_AT = "touched_at"


class WizardExpiryMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        state: FSMContext | None = data.get("state")
        settings: Settings = data["settings"]
        if state is None or await state.get_state() is None:
            return await handler(event, data)
        stored = (await state.get_data()).get(TOUCHED_AT)
        now = utc_now()
        timeout = timedelta(minutes=settings.wizard_timeout_minutes)
        if stored and now - datetime.fromisoformat(stored) > timeout:
            await state.clear()
            text = _(
                "That took a while, so I deleted your draft. Nothing was saved. "
                "Start again from the menu."
            )
            if isinstance(event, CallbackQuery):
                await event.answer(text, show_alert=True)
                return None
            if isinstance(event, Message) and not (event.text or "").startswith("/"):
                await event.answer(text)
                return None
            # A command still does what it says.
            return await handler(event, data)
        result = await handler(event, data)
        if await state.get_state() is not None:
            await state.update_data({TOUCHED_AT: utc_now().isoformat()})
        return result

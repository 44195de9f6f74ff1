"""What a wizard needs to ask its current question again (after /language): the chat,
the conversation's state, the database session, the resident, the area profile, the
settings and the catalogues (a preview shows each language as its residents get it)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.i18n import Catalogues
from bot.settings import Settings
from db.models import Resident

__all__ = ["StepContext", "StepContextMiddleware", "StepPrompt"]


@dataclass(frozen=True, slots=True)
class StepContext:
    bot: Bot
    chat_id: int
    state: FSMContext
    session: AsyncSession
    resident: Resident
    area: AreaProfile
    settings: Settings
    i18n: Catalogues


StepPrompt = Callable[[StepContext], Awaitable[None]]


class StepContextMiddleware(BaseMiddleware):
    """Gives a wizard's message handlers ``step``: what asking a question later needs (an
    album's answer comes after its update is done)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Message):
            data["step"] = StepContext(
                data["bot"], event.chat.id, data["state"], data["session"], data["resident"],
                data["area"], data["settings"], data["i18n"],
            )  # fmt: skip
        return await handler(event, data)

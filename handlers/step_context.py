"""What a wizard needs to ask its current question again (after /language): the chat,
the conversation's state, the database session, the resident, the area profile, the
settings and the catalogues (a preview shows each language as its residents get it)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.i18n import Catalogues
from bot.settings import Settings
from db.models import Resident

__all__ = ["StepContext", "StepPrompt"]


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

"""What a wizard needs to ask its current question again (after /language): the chat,
the conversation's state, the database session, the resident and the area profile."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
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


StepPrompt = Callable[[StepContext], Awaitable[None]]

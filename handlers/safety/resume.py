"""The answer to "carry on with your report, or start over?" (asked by ``start_report``)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.i18n import Catalogues
from bot.settings import Settings
from db.models import Resident
from handlers.draft_choice import resume_draft, take_choice
from handlers.safety.prompts import STEP_PROMPTS
from handlers.safety.where import start_report

__all__ = ["restart_report", "resume_report"]


async def resume_report(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    area: AreaProfile,
    settings: Settings,
    i18n: Catalogues,
) -> None:
    await resume_draft(callback, state, STEP_PROMPTS, session, resident, area, settings, i18n)


async def restart_report(callback: CallbackQuery, state: FSMContext, area: AreaProfile) -> None:
    if not await take_choice(callback, state):
        return
    await state.clear()
    if isinstance(callback.message, Message):
        await start_report(callback.message, state, area)

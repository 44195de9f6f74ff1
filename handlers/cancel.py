"""/cancel leaves whatever wizard the resident is in, from anywhere."""

from __future__ import annotations

from aiogram import Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.i18n import gettext as _
from bot.views.keyboards.menu import main_menu

__all__ = ["build_router"]


async def cancel_wizard(message: Message, state: FSMContext) -> None:
    # The residents' menu belongs in a private chat, not in the staff chat.
    menu = main_menu() if message.chat.type == ChatType.PRIVATE else None
    if await state.get_state() is None:
        await message.answer(_("There is nothing to cancel."), reply_markup=menu)
        return
    await state.clear()
    await message.answer(_("Cancelled. Nothing was saved."), reply_markup=menu)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cancel_wizard, Command("cancel"))
    return router

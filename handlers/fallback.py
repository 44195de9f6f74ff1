"""Anything no other handler took: a short hint and the menu, never silence."""

from __future__ import annotations

from aiogram import Router, flags
from aiogram.types import CallbackQuery, Message

from bot.filters.content import IN_PRIVATE_CHAT
from bot.i18n import gettext as _
from bot.views.keyboards.menu import main_menu

__all__ = ["build_router"]


@flags.once_per_album
async def explain_not_understood(message: Message) -> None:
    await message.answer(
        _("Sorry, I did not understand that. Choose from the menu below or type /help."),
        reply_markup=main_menu(),
    )


async def explain_stale_button(callback: CallbackQuery) -> None:
    # Buttons from old messages, from a wizard that was cancelled, or forged data.
    await callback.answer(
        _("This button no longer works. Type /start to see the menu."), show_alert=True
    )


def build_router() -> Router:
    router = Router(name=__name__)
    # The staff chat is a conversation between people; the bot stays quiet there.
    router.message.register(explain_not_understood, IN_PRIVATE_CHAT)
    router.callback_query.register(explain_stale_button)
    return router

"""/start: welcome, who runs the bot, a short privacy notice, the menu or language picker."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.area import AreaProfile
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.i18n.formatting import format_names
from bot.i18n.names import language_prompt
from bot.views.keyboards.language import language_picker
from bot.views.keyboards.menu import main_menu
from db.models import Resident

__all__ = ["build_router", "send_welcome", "welcome_text"]


def welcome_text(area: AreaProfile, locale: str) -> str:
    partners = format_names(area.organisation_names, locale)
    return _(
        "<b>Welcome!</b> This is the resident bot of {area}.\n\n"
        "Here you can share ideas for the area, support your neighbours' ideas, "
        "tell us about places that feel unsafe and answer questions. "
        "Write in your own language.\n\n"
        "The bot is run together by: {partners}.\n\n"
        "Privacy: {operator} is responsible for what is stored. We keep your Telegram "
        "user number, your language and what you send us, never your name or phone number."
    ).format(
        area=escape(area.area.display_name), operator=escape(area.area.operator), partners=partners
    )


async def send_welcome(
    message: Message, resident: Resident, area: AreaProfile, i18n: Catalogues
) -> None:
    text = welcome_text(area, i18n.current_locale)
    if resident.language_chosen:
        await message.answer(text, reply_markup=main_menu())
        return
    await message.answer(text)
    await message.answer(language_prompt(), reply_markup=language_picker(resident.language))


async def greet(
    message: Message, state: FSMContext, resident: Resident, area: AreaProfile, i18n: Catalogues
) -> None:
    # /start means "from the beginning": a half-filled wizard is dropped.
    await state.clear()
    await send_welcome(message, resident, area, i18n)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(greet, CommandStart())
    return router

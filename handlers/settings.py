"""/settings: a resident chooses whether to receive announcements and polls."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import gettext as _
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import SettingsCallback, SettingsTopic
from bot.views.messaging import replace_message
from db.models import Resident

__all__ = ["build_router"]


def _settings(resident: Resident) -> tuple[str, InlineKeyboardMarkup]:
    builder = KeyboardBuilder()
    builder.button(
        # Translators: a settings button: announcements from the organisers are switched on;
        # tapping switches them off.
        text=_("📣 Announcements: on") if resident.receives_announcements
        else _("📣 Announcements: off"),
        callback_data=SettingsCallback(topic=SettingsTopic.ANNOUNCEMENTS),
    )  # fmt: skip
    builder.button(
        text=_("📊 Polls: on") if resident.receives_polls else _("📊 Polls: off"),
        callback_data=SettingsCallback(topic=SettingsTopic.POLLS),
    )
    builder.adjust(1)
    text = _(
        "<b>Messages from the organisers</b>\n"
        "Tap to switch announcements or polls on or off. Answers to what you sent "
        "(ideas, reports) always reach you."
    )
    return text, builder.as_markup()


async def show_settings(message: Message, resident: Resident) -> None:
    text, markup = _settings(resident)
    await message.answer(text, reply_markup=markup)


async def toggle(
    callback: CallbackQuery,
    callback_data: SettingsCallback,
    session: AsyncSession,
    resident: Resident,
) -> None:
    async with session.begin():
        if callback_data.topic is SettingsTopic.ANNOUNCEMENTS:
            resident.receives_announcements = not resident.receives_announcements
        else:
            resident.receives_polls = not resident.receives_polls
    await callback.answer(_("Saved."))
    text, markup = _settings(resident)
    await replace_message(callback, text, markup)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_settings, Command("settings"))
    router.callback_query.register(toggle, SettingsCallback.filter())
    return router

"""The main menu, shown after /start, /help and any message the bot does not understand."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import gettext as _
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import MenuAction, MenuCallback

__all__ = ["main_menu"]


def main_menu() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(
        text=_("💡 Share an idea"), callback_data=MenuCallback(action=MenuAction.NEW_IDEA)
    )
    builder.button(
        text=_("🛡 Report something unsafe"), callback_data=MenuCallback(action=MenuAction.REPORT)
    )
    builder.button(text=_("📋 Ideas"), callback_data=MenuCallback(action=MenuAction.IDEAS))
    builder.button(text=_("👤 My ideas"), callback_data=MenuCallback(action=MenuAction.MINE))
    builder.button(text=_("📊 Polls"), callback_data=MenuCallback(action=MenuAction.POLLS))
    builder.button(text=_("🌐 Language"), callback_data=MenuCallback(action=MenuAction.LANGUAGE))
    builder.button(text=_("❓ Help"), callback_data=MenuCallback(action=MenuAction.HELP))
    builder.adjust(1, 1, 2, 2, 1)
    return builder.as_markup()

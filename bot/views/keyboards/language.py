"""The language picker: each language named in itself, the current one ticked."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.i18n.languages import LANGUAGES
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import LanguageCallback

__all__ = ["language_picker"]


def language_picker(current: str | None) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for language in LANGUAGES.values():
        mark = "✅ " if language.code == current else ""
        builder.button(
            text=f"{mark}{language.native_name}",
            callback_data=LanguageCallback(code=language.code),
        )
    builder.adjust(2)
    return builder.as_markup()

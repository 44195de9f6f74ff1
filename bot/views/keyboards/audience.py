"""Who a broadcast goes to: the audience keyboard shared by the announcement and poll wizards."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import gettext as _
from bot.i18n.languages import LANGUAGES
from bot.i18n.names import language_name
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import AudienceCallback

__all__ = ["audience_keyboard"]


def audience_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(text=_("Everyone"), callback_data=AudienceCallback())
    for language in LANGUAGES.values():
        builder.button(
            # Translators: a button: send only to residents who use {language}.
            text=_("Only {language}").format(language=language_name(language.code)),
            callback_data=AudienceCallback(language=language.code),
        )
    builder.adjust(1, 2)
    return builder.as_markup()

"""Translations in the bot: aiogram's gettext ``I18n``, fed from ``bot.translation``.

The resident's language comes from the database (see ``bot.middlewares.resident``), not
from Telegram on every update.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiogram.types import TelegramObject
from aiogram.utils.i18n import I18n, I18nMiddleware

from bot.translation import find_catalogues, translating_with

__all__ = ["CatalogueI18n", "ResidentI18nMiddleware"]


class CatalogueI18n(I18n):
    @contextmanager
    def context(self) -> Iterator[I18n]:
        # aiogram's ``gettext`` looks up ``I18n.get_current()``, and the context mixin keeps
        # one variable per class: a subclass must set the base class's, not its own.
        # Code shared with the command line translates through ``bot.translation``.
        token = I18n.set_current(self)
        try:
            with translating_with(self):
                yield self
        finally:
            I18n.reset_current(token)

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        return find_catalogues(self.path)


class ResidentI18nMiddleware(I18nMiddleware):
    """Speaks the language stored for the resident, which the resident middleware loads."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        # The language as read when the update arrived: after a failed transaction the
        # resident row is expired and must not be touched (the error handler runs then).
        language = data.get("resident_language")
        if language in self.i18n.available_locales:
            return language
        return self.i18n.default_locale

"""Each update is answered in the resident's language, as stored in the database.

The language is the one read when the update arrived (see ``bot.middlewares.resident``),
not Telegram's ``language_code`` of the moment.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.i18n import Catalogues

__all__ = ["LanguageMiddleware"]


class LanguageMiddleware(BaseMiddleware):
    def __init__(self, catalogues: Catalogues) -> None:
        self.catalogues = catalogues

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        # After a failed transaction the resident row is expired and must not be touched
        # (the error handler runs then): the language was copied when the update arrived.
        language = data.get("resident_language")
        if language not in self.catalogues.locales:
            language = self.catalogues.default_locale
        with self.catalogues.context(), self.catalogues.use_locale(language):
            return await handler(event, data)

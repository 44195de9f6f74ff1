"""Steps the end-to-end scenarios share: buttons by their data, texts in a language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from aiogram.filters.callback_data import CallbackData

from bot.i18n import LOCALES_DIR, Catalogues
from tests.support.i18n import in_language

from .fake_bot_api import FakeBotAPI, Request, TgUser

__all__ = ["I18N", "button_index", "callback_answer", "click_data", "text_in"]

I18N = Catalogues(LOCALES_DIR, default_locale="sv")
T = TypeVar("T")


def text_in(locale: str, build: Callable[[], T]) -> T:
    return in_language(I18N, locale, build)


def button_index(request: Request, data: CallbackData | str) -> int:
    wanted = data.pack() if isinstance(data, CallbackData) else data
    for index, button in enumerate(request.buttons):
        if button.get("callback_data") == wanted:
            return index
    raise AssertionError(f"no button {wanted!r} on {request.summary()}")


async def click_data(
    api: FakeBotAPI, user: TgUser, request: Request, data: CallbackData | str
) -> Request:
    """Press the button carrying ``data`` and return the bot's next message or edit."""
    return await api.click(user, request, button_index(request, data))


async def callback_answer(api: FakeBotAPI, user: TgUser, request: Request, data) -> Request:
    """Press the button carrying ``data`` and return the bot's answerCallbackQuery."""
    mark = api.mark()
    api.press(user, request, button_index(request, data))
    return await api.wait_for_method("answerCallbackQuery", after=mark)

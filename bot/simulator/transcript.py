"""What the simulator prints: every message the bot sends, to whom, and the buttons of
each person's latest keyboard, numbered so a typed number presses one."""

from __future__ import annotations

import html
import re
from itertools import count
from typing import Any, TextIO

from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendLocation,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import InlineKeyboardMarkup

from bot.local_api import LocalBotAPISession

__all__ = ["Transcript", "plain_text"]

_TAG = re.compile(r"<[^>]+>")


def plain_text(text: str) -> str:
    """What a chat app would show for our HTML: tags gone, entities decoded."""
    return html.unescape(_TAG.sub("", text))


class Transcript:
    """Prints what the bot sends and remembers, per chat, the buttons of its latest
    keyboard. Messages to someone other than the person being played are marked with
    the chat they went to ("bot → 2 ›")."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.current_chat: int | None = None
        self._buttons: dict[int, dict[int, tuple[int, str]]] = {}
        self._keyboard_message: dict[int, int] = {}
        self.session = LocalBotAPISession(on_request=self.show)

    def buttons(self, chat_id: int) -> dict[int, tuple[int, str]]:
        """Number → (message id, callback data) of ``chat_id``'s latest keyboard."""
        return self._buttons.get(chat_id, {})

    def show(self, method: TelegramMethod[Any]) -> None:
        chat_id = getattr(method, "chat_id", None)
        if isinstance(method, SendMessage):
            self._print("bot", chat_id, method.text, method.reply_markup, self._last_id(chat_id))
        elif isinstance(method, SendPhoto | SendDocument | SendLocation):
            kind = type(method).__name__.removeprefix("Send").lower()
            caption = getattr(method, "caption", None) or ""
            last = self._last_id(chat_id)
            self._print(f"bot [{kind}]", chat_id, caption, method.reply_markup, last)
        elif isinstance(method, SendMediaGroup):
            kind = f"album of {len(method.media)} photos"
            self._print(f"bot [{kind}]", chat_id, "", None, self._last_id(chat_id))
        elif isinstance(method, EditMessageText):
            self._print(
                "bot (edited)", chat_id, method.text, method.reply_markup, method.message_id
            )
        elif isinstance(method, EditMessageCaption | EditMessageReplyMarkup):
            caption = getattr(method, "caption", None) or ""
            self._print("bot (edited)", chat_id, caption, method.reply_markup, method.message_id)
        elif isinstance(method, AnswerCallbackQuery) and method.text:
            self._print("bot (pop-up)", None, method.text, None, None)

    def _last_id(self, chat_id: Any) -> int:
        return max(message_id for chat, message_id in self.session.messages if chat == int(chat_id))

    def _print(
        self, who: str, chat_id: Any, text: str, markup: Any, message_id: int | None
    ) -> None:
        chat = int(chat_id) if chat_id is not None else self.current_chat
        if chat is not None and chat != self.current_chat:
            who = f"{who} → {chat}"
        lines = plain_text(text).splitlines() or [""]
        self.out.write(f"{who} › {lines[0]}\n")
        for line in lines[1:]:
            self.out.write(f"    {line}\n")
        if chat is not None and message_id is not None:
            if isinstance(markup, InlineKeyboardMarkup):
                self._remember_buttons(chat, markup, message_id)
            elif message_id == self._keyboard_message.get(chat):
                self._buttons.pop(chat, None)
        self.out.flush()

    def _remember_buttons(self, chat: int, markup: InlineKeyboardMarkup, message_id: int) -> None:
        buttons: dict[int, tuple[int, str]] = {}
        self._buttons[chat] = buttons
        self._keyboard_message[chat] = message_id
        number = count(1)
        for row in markup.inline_keyboard:
            labels = []
            for button in row:
                index = next(number)
                if button.callback_data is not None:
                    buttons[index] = (message_id, button.callback_data)
                labels.append(f"[{index}] {button.text}")
            self.out.write("    " + "   ".join(labels) + "\n")

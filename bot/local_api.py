"""A Bot API session that answers locally instead of calling Telegram.

The terminal simulator (``python -m bot shell``) and the flow tests both need a bot whose
requests go nowhere but still return what Telegram would: a ``Message`` with an id for a
``sendMessage``, ``True`` for ``answerCallbackQuery``. Requests are kept in order so a
test can read them like a transcript.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from datetime import UTC, datetime
from itertools import count
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendDocument,
    SendLocation,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SendVoice,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, InlineKeyboardMarkup, Message, User

__all__ = ["LOCAL_BOT_USER", "LocalBotAPISession"]

LOCAL_BOT_USER = User(
    id=100000, is_bot=True, first_name="Vårt Rannebergen", username="rannebergen_bot"
)

_SENDERS = (SendMessage, SendPhoto, SendDocument, SendLocation, SendVoice)
_EDITORS = (EditMessageText, EditMessageCaption, EditMessageReplyMarkup)


def _chat(chat_id: int | str) -> Chat:
    chat_id = int(chat_id)
    return Chat(id=chat_id, type="private" if chat_id > 0 else "supergroup")


def _inline_markup(method: Any) -> InlineKeyboardMarkup | None:
    # A message only ever carries an inline keyboard; reply keyboards belong to the chat.
    markup = getattr(method, "reply_markup", None)
    return markup if isinstance(markup, InlineKeyboardMarkup) else None


class LocalBotAPISession(BaseSession):
    def __init__(self, on_request: Callable[[TelegramMethod[Any]], None] | None = None) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        # What each request returned, in the same order as ``requests``.
        self.results: list[Any] = []
        self.messages: dict[tuple[int, int], Message] = {}
        self._message_ids = count(1)
        self._answered_queries: set[str] = set()
        self._on_request = on_request

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.requests.append(method)
        result = self._respond(bot, method)
        self.results.append(result)
        if self._on_request is not None:
            self._on_request(method)
        return result

    def _respond(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, GetMe):
            return LOCAL_BOT_USER
        if isinstance(method, AnswerCallbackQuery):
            if method.callback_query_id in self._answered_queries:
                # As Telegram does: a button press is answered once.
                raise TelegramBadRequest(
                    method, "Bad Request: query is too old or already answered"
                )
            self._answered_queries.add(method.callback_query_id)
            return True
        if isinstance(method, _SENDERS):
            return self._store(bot, self._new_message(method))
        if isinstance(method, SendMediaGroup):
            # An album: one message per photo, as Telegram answers.
            return [self._store(bot, self._new_message(method)) for _item in method.media]
        if isinstance(method, _EDITORS) and method.message_id is not None:
            key = (int(method.chat_id or 0), method.message_id)
            old = self.messages.get(key) or Message(
                message_id=method.message_id, date=datetime.now(UTC), chat=_chat(key[0])
            )
            changes: dict[str, Any] = {"reply_markup": _inline_markup(method)}
            if isinstance(method, EditMessageText) and old.text is None and old.caption:
                # As Telegram does: a photo's caption is edited with editMessageCaption.
                raise TelegramBadRequest(
                    method, "Bad Request: there is no text in the message to edit"
                )
            if isinstance(method, EditMessageText):
                changes["text"] = method.text
            elif isinstance(method, EditMessageCaption):
                changes["caption"] = method.caption
            if all(getattr(old, name) == value for name, value in changes.items()):
                # Telegram refuses an edit that changes nothing; so must we, or a
                # double tap that works here would fail in production.
                raise TelegramBadRequest(method, "Bad Request: message is not modified")
            return self._store(bot, old.model_copy(update=changes))
        if method.__returning__ is bool:
            return True
        raise NotImplementedError(f"the local Bot API does not answer {type(method).__name__}")

    def _new_message(self, method: Any) -> Message:
        fields: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": datetime.now(UTC),
            "chat": _chat(method.chat_id),
            "from_user": LOCAL_BOT_USER,
            "reply_markup": _inline_markup(method),
        }
        if isinstance(method, SendMessage):
            fields["text"] = method.text
        else:
            fields["caption"] = getattr(method, "caption", None)
        return Message(**fields)

    def _store(self, bot: Bot, message: Message) -> Message:
        self.messages[(message.chat.id, message.message_id)] = message
        return message.as_(bot)

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

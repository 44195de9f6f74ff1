"""Drive the real dispatcher the way Telegram would, and read what the bot sent back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import count
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod
from aiogram.types import (
    CallbackQuery,
    Chat,
    Document,
    InlineKeyboardButton,
    Location,
    Message,
    MessageEntity,
    PhotoSize,
    Sticker,
    Update,
    User,
    Voice,
)

from bot.local_api import LocalBotAPISession

__all__ = ["PHOTO_ID", "VOICE_ID", "Person", "Reply"]

# Telegram file ids are opaque and say nothing about the sender; so do these.
PHOTO_ID = "AgACAgQAAxkBAAIBPhotoOfThePlace"
VOICE_ID = "AwACAgQAAxkBAAIBVoiceMessage"
_update_ids = count(1)
_message_ids = count(1_000_000)


@dataclass
class Reply:
    """Everything the bot sent in answer to one update."""

    requests: list[TelegramMethod[Any]]

    @property
    def texts(self) -> list[str]:
        return [
            request.text
            for request in self.requests
            if isinstance(request, SendMessage | EditMessageText)
        ]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def captions(self) -> list[str]:
        return [request.caption for request in self.requests if getattr(request, "caption", None)]

    @property
    def alerts(self) -> list[str]:
        return [
            request.text
            for request in self.requests
            if isinstance(request, AnswerCallbackQuery) and request.text
        ]

    @property
    def answers(self) -> list[str]:
        """Every answer to the button, silent ones as "": Telegram takes only the first."""
        return [
            request.text or ""
            for request in self.requests
            if isinstance(request, AnswerCallbackQuery)
        ]

    def buttons(self) -> list[InlineKeyboardButton]:
        found: list[InlineKeyboardButton] = []
        for request in self.requests:
            markup = getattr(request, "reply_markup", None)
            for row in getattr(markup, "inline_keyboard", None) or []:
                found.extend(row)
        return found


@dataclass
class Person:
    """One Telegram user writing to the bot in a private chat."""

    dispatcher: Dispatcher
    bot: Bot
    user_id: int
    language_code: str | None = "sv"
    chat_id: int | None = None
    chat_type: str = "private"
    first_name: str = "Test"
    username: str | None = None
    last_reply: Reply = field(default_factory=lambda: Reply([]))
    sent_ids: list[int] = field(default_factory=list)

    @property
    def user(self) -> User:
        return User(
            id=self.user_id,
            is_bot=False,
            first_name=self.first_name,
            username=self.username,
            language_code=self.language_code,
        )

    @property
    def chat(self) -> Chat:
        return Chat(id=self.chat_id or self.user_id, type=self.chat_type)

    @property
    def api(self) -> LocalBotAPISession:
        session = self.bot.session
        assert isinstance(session, LocalBotAPISession)
        return session

    async def feed(self, update: Update) -> Reply:
        before = len(self.api.requests)
        await self.dispatcher.feed_update(self.bot, update)
        self.last_reply = Reply(self.api.requests[before:])
        return self.last_reply

    def _message(self, **content: Any) -> Message:
        self.sent_ids.append(next(_message_ids))
        return Message(
            message_id=self.sent_ids[-1],
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            **content,
        )

    async def send(self, text: str) -> Reply:
        entities = None
        if text.startswith("/"):
            entities = [MessageEntity(type="bot_command", offset=0, length=len(text.split()[0]))]
        message = self._message(text=text, entities=entities)
        return await self.feed(Update(update_id=next(_update_ids), message=message))

    async def edit(self, message_id: int, text: str) -> Reply:
        """Correct the text of a message sent earlier (an ``edited_message`` update)."""
        message = Message(
            message_id=message_id,
            date=datetime.now(UTC),
            edit_date=int(datetime.now(UTC).timestamp()),
            chat=self.chat,
            from_user=self.user,
            text=text,
        )
        return await self.feed(Update(update_id=next(_update_ids), edited_message=message))

    @property
    def last_message_id(self) -> int:
        """The id of the last message this person sent."""
        return self.sent_ids[-1]

    async def send_sticker(self) -> Reply:
        sticker = Sticker(
            file_id="sticker",
            file_unique_id="sticker",
            type="regular",
            width=512,
            height=512,
            is_animated=False,
            is_video=False,
        )
        return await self.feed(
            Update(update_id=next(_update_ids), message=self._message(sticker=sticker))
        )

    async def send_photo(
        self,
        caption: str | None = None,
        file_id: str = PHOTO_ID,
        media_group_id: str | None = None,
    ) -> Reply:
        """A photo; with ``media_group_id``, one photo of an album."""
        photo = [PhotoSize(file_id=file_id, file_unique_id="p", width=800, height=600)]
        message = self._message(photo=photo, caption=caption, media_group_id=media_group_id)
        return await self.feed(Update(update_id=next(_update_ids), message=message))

    async def send_location(self, latitude: float, longitude: float) -> Reply:
        location = Location(latitude=latitude, longitude=longitude)
        message = self._message(location=location)
        return await self.feed(Update(update_id=next(_update_ids), message=message))

    async def send_voice(self) -> Reply:
        voice = Voice(file_id=VOICE_ID, file_unique_id="v", duration=12)
        message = self._message(voice=voice)
        return await self.feed(Update(update_id=next(_update_ids), message=message))

    async def send_document(self) -> Reply:
        document = Document(file_id="doc", file_unique_id="d", file_name="idea.pdf")
        message = self._message(document=document)
        return await self.feed(Update(update_id=next(_update_ids), message=message))

    async def press_data(self, data: str, message: Message | None = None) -> Reply:
        message = message or self._message(text="old message")
        query = CallbackQuery(
            id=str(next(_update_ids)),
            from_user=self.user,
            chat_instance="test",
            message=message,
            data=data,
        )
        return await self.feed(Update(update_id=next(_update_ids), callback_query=query))

    async def press(self, label: str, reply: Reply | None = None) -> Reply:
        """Press the button whose label contains ``label`` in the bot's last answer."""
        reply = reply or self.last_reply
        for request in reversed(reply.requests):
            markup = getattr(request, "reply_markup", None)
            for row in getattr(markup, "inline_keyboard", None) or []:
                for button in row:
                    if label in button.text and button.callback_data:
                        message = self._sent_message(request)
                        return await self.press_data(button.callback_data, message)
        labels = [button.text for button in reply.buttons()]
        raise AssertionError(f"no button with {label!r}; buttons were {labels}")

    def _sent_message(self, request: TelegramMethod[Any]) -> Message:
        index = next(i for i, sent in enumerate(self.api.requests) if sent is request)
        result = self.api.results[index]
        assert isinstance(result, Message), f"{type(request).__name__} returned no message"
        return result

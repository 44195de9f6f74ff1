"""The people one simulator terminal plays: each typed line becomes the update Telegram
would deliver for the person being played."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count
from typing import Any

from aiogram.types import CallbackQuery, Chat, Message, MessageEntity, Update, User

__all__ = ["PretendPerson"]

# Update and message ids shared by everyone played, as Telegram's are unique per bot.
_ids = count(1)


class PretendPerson:
    """Turns typed lines into the updates Telegram would deliver for one person."""

    def __init__(self, user_id: int, language_code: str) -> None:
        self.user = User(
            id=user_id, is_bot=False, first_name=f"Person {user_id}", language_code=language_code
        )
        self.chat = Chat(id=user_id, type="private")

    def message(self, text: str) -> Update:
        entities = None
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            entities = [MessageEntity(type="bot_command", offset=0, length=length)]
        return self.media(text=text, entities=entities)

    def media(self, **content: Any) -> Update:
        message = Message(
            message_id=1_000_000 + next(_ids),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            **content,
        )
        return Update(update_id=next(_ids), message=message)

    def press(self, message: Message, data: str) -> Update:
        query = CallbackQuery(
            id=str(next(_ids)),
            from_user=self.user,
            chat_instance="shell",
            message=message,
            data=data,
        )
        return Update(update_id=next(_ids), callback_query=query)

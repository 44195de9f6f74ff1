"""Builders for the Telegram objects the fake Bot API hands to the bot.

Everything here produces plain JSON-ready dicts shaped like the real Bot API's
(field names from the spec, optional fields omitted rather than null).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .entity_parsing import utf16_len

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_USERNAME",
    "DEFAULT_TOKEN",
    "TgUser",
    "UserLike",
    "bot_user",
    "chat_for",
    "command_entities",
    "file_ids",
    "inline_buttons",
    "keyboard_buttons",
    "private_chat",
    "user_dict",
]

DEFAULT_TOKEN = "123456:TEST"
BOT_FIRST_NAME = "Rannebergen test bot"
BOT_USERNAME = "rannebergen_test_bot"


@dataclass(frozen=True)
class TgUser:
    """A Telegram user as tests describe them; ``to_dict`` gives the Bot API User."""

    id: int
    first_name: str = "Test"
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"
    is_premium: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        optional = {
            "last_name": self.last_name,
            "username": self.username,
            "language_code": self.language_code,
            "is_premium": self.is_premium,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        return data


UserLike = TgUser | Mapping[str, Any]


def user_dict(user: UserLike) -> dict[str, Any]:
    """Normalise a TgUser or a partial User dict (needs at least ``id``)."""
    if isinstance(user, TgUser):
        return user.to_dict()
    data = {key: value for key, value in user.items() if value is not None}
    if "id" not in data:
        raise ValueError(f"a user needs an id: {user!r}")
    data.setdefault("is_bot", False)
    data.setdefault("first_name", "Test")
    return data


def bot_user(token: str = DEFAULT_TOKEN) -> dict[str, Any]:
    """The getMe answer; the id is the token's numeric prefix, as on Telegram."""
    return {
        "id": int(token.split(":", 1)[0]),
        "is_bot": True,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def private_chat(user: Mapping[str, Any]) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if user.get(key):
            chat[key] = user[key]
    return chat


def chat_for(chat_id: int, users: Mapping[int, Mapping[str, Any]]) -> dict[str, Any]:
    """A Chat for an id: private for users, supergroup for -100..., else group."""
    if chat_id > 0:
        user = users.get(chat_id) or {"id": chat_id, "first_name": f"User {chat_id}"}
        return private_chat(user)
    if str(chat_id).startswith("-100"):
        return {"id": chat_id, "type": "supergroup", "title": f"Supergroup {chat_id}"}
    return {"id": chat_id, "type": "group", "title": f"Group {chat_id}"}


def command_entities(text: str | None) -> list[dict[str, Any]]:
    """The bot_command entity Telegram adds to a message starting with '/'."""
    if not text or not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


def file_ids(seed: str) -> tuple[str, str]:
    """A deterministic (file_id, file_unique_id) pair that looks like Telegram's."""
    digest = hashlib.sha256(seed.encode()).hexdigest()
    return f"AgAC{digest[:40]}", f"AQAD{digest[40:56]}"


def inline_buttons(markup: Mapping[str, Any] | None) -> Iterator[dict[str, Any]]:
    """Buttons of an InlineKeyboardMarkup, row by row."""
    for row in (markup or {}).get("inline_keyboard", []):
        yield from row


def keyboard_buttons(markup: Mapping[str, Any] | None) -> Iterator[dict[str, Any]]:
    """Buttons of a ReplyKeyboardMarkup as dicts (plain-string buttons normalised)."""
    for row in (markup or {}).get("keyboard", []):
        for button in row:
            yield {"text": button} if isinstance(button, str) else button

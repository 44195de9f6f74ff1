"""Who is writing: loads (or registers) the resident behind every update.

Only private chats with residents and the staff chat are served; updates from any other
chat are dropped here, before a handler could answer into a group by mistake.

Most updates come from someone already known and seen within the hour: they are read
without a write lock, and the handler's unit of work is the update's only write.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject, Update, User

from bot.services.residents import (
    align_admin_role,
    contact_is_current,
    read_resident,
    register_contact,
    role_is_current,
)
from bot.settings import Settings
from db.models import Resident
from db.session import UnitOfWorkSession

__all__ = ["SERVED_UPDATES", "ResidentMiddleware"]

# Edits reach only the wizards, for the words of a draft (handlers.idea_wizard.edits).
SERVED_UPDATES = frozenset({"message", "edited_message", "callback_query"})


class ResidentMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update) and event.event_type not in SERVED_UPDATES:
            # Polling asks Telegram only for what handlers use; this holds for webhooks
            # and anything else that feeds updates, e.g. a business chat's messages.
            return None
        user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        settings: Settings = data["settings"]
        if chat is not None and not _is_served(chat, settings):
            return None
        if user is None or user.is_bot:
            return await handler(event, data)
        session: UnitOfWorkSession = data["session"]
        async with session.driver(write=False) as reader:
            resident = await read_resident(reader, user.id)
        if resident is not None:
            session.adopt(resident)
        if chat is not None and chat.type != ChatType.PRIVATE:
            # In the staff chat people talk among themselves: nobody is registered for
            # chatting there. Staff are known from their private chat with the bot. A role
            # ADMIN_IDS no longer (or newly) gives is corrected here too, in every chat.
            if resident is not None and not role_is_current(
                resident, telegram_id=user.id, admin_ids=settings.admin_ids
            ):
                async with session.begin():
                    resident = await align_admin_role(
                        session, resident, telegram_id=user.id, admin_ids=settings.admin_ids
                    )
            return await handler(event, _knowing(data, resident, first_contact=False))
        first_contact = False
        if not contact_is_current(resident, telegram_id=user.id, admin_ids=settings.admin_ids):
            async with session.begin():
                contact = await register_contact(
                    session,
                    telegram_id=user.id,
                    language_code=user.language_code,
                    default_locale=settings.default_locale,
                    admin_ids=settings.admin_ids,
                )
            resident, first_contact = contact.resident, contact.is_new
        return await handler(event, _knowing(data, resident, first_contact=first_contact))


def _knowing(
    data: dict[str, Any], resident: Resident | None, *, first_contact: bool
) -> dict[str, Any]:
    data["resident"] = resident
    data["first_contact"] = first_contact
    if resident is not None:
        # Read now: after a failed transaction the row is expired (see bot.middlewares.language).
        data["resident_language"] = resident.language
    return data


def _is_served(chat: Chat, settings: Settings) -> bool:
    return chat.type == ChatType.PRIVATE or chat.id == settings.staff_chat_id

"""The Send step the organisers' wizards share (/announce, /newpoll): store the broadcast,
then clear the draft, answer the button and start the queue with a progress message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.broadcast_queue import BroadcastQueue
from bot.i18n import gettext as _
from bot.services.audit import record_action
from bot.services.broadcasts import progress_of
from bot.settings import Settings
from db.models import Resident

__all__ = ["StoredBroadcast", "cancel_sending", "send_broadcast"]


@dataclass(frozen=True)
class StoredBroadcast:
    """A broadcast just stored, and how the audit log names what was sent."""

    broadcast_id: int
    audit_action: str
    audit_subject: str
    audit_details: dict[str, Any] = field(default_factory=dict)


async def send_broadcast(
    store: Callable[[AsyncSession], Awaitable[StoredBroadcast]],
    *,
    callback: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
    broadcasts: BroadcastQueue,
) -> None:
    """Run ``store`` in the update's one unit of work, with the audit entry.

    The draft is cleared and the button answered only after the commit: a save that fails
    leaves both, so the error handler's "try again" is the button's answer and the same
    Send works again. The queue sends in the background; the reply is its progress message.
    """
    async with session.begin():
        stored = await store(session)
        progress = await progress_of(session, stored.broadcast_id)
        record_action(
            session,
            resident,
            stored.audit_action,
            stored.audit_subject,
            recipients=progress.total,
            **stored.audit_details,
        )
    await state.clear()
    await callback.answer()
    await broadcasts.launch(
        bot,
        session,
        stored.broadcast_id,
        progress,
        chat_id=callback.from_user.id,
        locale=resident.language,
        rate=settings.broadcast_rate,
    )


async def cancel_sending(callback: CallbackQuery, state: FSMContext) -> None:
    """Cancel at the preview of /announce or /newpoll: nothing was stored, nothing is sent."""
    await state.clear()
    await callback.answer()
    await callback.bot.send_message(callback.from_user.id, _("Cancelled. Nothing was sent."))

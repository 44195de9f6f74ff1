"""The note step of a status change, the same for an idea (/review) and a report (staff chat).

Staff pick a status; the bot asks for a note, or ``-`` for none; what they write next is
stored with the change in one unit of work, and whoever is owed a message is told through
the outbox. Callers keep what really differs: the state to wait in, the chat to ask in,
and the words of the question and of the confirmation.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import Outbox
from bot.i18n.names import idea_status_name
from bot.services.lifecycle import StaffStatusChange, StatusSubject, set_status_with_note
from db.models import IdeaStatus, Resident

__all__ = [
    "NO_NOTE",
    "NoteRequest",
    "ask_for_note_again",
    "note_from",
    "store_status_with_note",
    "wait_for_note",
]

# Typed instead of a note when the status change needs none.
NO_NOTE = "-"

_KEY = "status_note"


class NoteRequest(BaseModel):
    """What the staff member chose, kept in the FSM storage until the note arrives."""

    subject: StatusSubject
    subject_id: int
    status: IdeaStatus


def note_from(text: str | None) -> str | None:
    """The note as staff wrote it (trimmed), or None for "no note"."""
    note = (text or "").strip()
    return None if note in ("", NO_NOTE) else note


async def wait_for_note(
    callback: CallbackQuery,
    state: FSMContext,
    request: NoteRequest,
    *,
    waiting: State,
    chat_id: int,
    prompt: str,
) -> None:
    """Wait in ``waiting`` for the note; ``prompt`` is translated, with ``{status}`` and
    ``{no_note}`` left for this step to fill in."""
    await state.set_state(waiting)
    await state.update_data({_KEY: request.model_dump(mode="json")})
    await callback.answer()
    await callback.bot.send_message(
        chat_id, prompt.format(status=idea_status_name(request.status), no_note=NO_NOTE)
    )


async def ask_for_note_again(bot: Bot, chat_id: int, state: FSMContext, prompt: str) -> None:
    """The same question as ``wait_for_note`` asked, for the status already chosen."""
    request = NoteRequest.model_validate((await state.get_data())[_KEY])
    await bot.send_message(
        chat_id, prompt.format(status=idea_status_name(request.status), no_note=NO_NOTE)
    )


async def store_status_with_note(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    notifier: Outbox,
) -> StaffStatusChange | None:
    """Store the change with the note just written; None when its subject is gone.

    The unit of work is committed before the caller replies, and the outbox is woken only
    for a change that was stored.
    """
    request = NoteRequest.model_validate((await state.get_data())[_KEY])
    await state.clear()
    async with session.begin():
        change = await set_status_with_note(
            session,
            request.subject,
            request.subject_id,
            request.status,
            actor=resident,
            note=note_from(message.text),
        )
    if change is not None:
        notifier.wake()
    return change

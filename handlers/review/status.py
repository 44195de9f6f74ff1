"""A new status for an idea, with a note for its author and followers.

The note step itself is shared with safety reports (``handlers.status_note``); what is
the idea's own is where staff are asked (their private chat) and what they are told.
"""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import Outbox
from bot.i18n import gettext as _
from bot.i18n.names import idea_status_name
from bot.services.lifecycle import StatusSubject
from bot.views.callbacks import ReviewActionCallback, ReviewStatusCallback
from bot.views.keyboards.review import review_status_keyboard
from bot.views.messaging import replace_message
from db.models import Resident
from handlers.review.states import ReviewDesk
from handlers.status_note import NoteRequest, store_status_with_note, wait_for_note

__all__ = ["ask_for_note", "choose_status", "close_status_picker", "note_prompt", "set_status"]


async def choose_status(callback: CallbackQuery, callback_data: ReviewActionCallback) -> None:
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        # Translators: staff choose the new status of an idea or safety report.
        _("Which status?"),
        reply_markup=review_status_keyboard(callback_data.idea_id),
    )


async def close_status_picker(callback: CallbackQuery) -> None:
    await callback.answer()
    await replace_message(callback, _("Cancelled. Nothing was saved."))


async def ask_for_note(
    callback: CallbackQuery, callback_data: ReviewStatusCallback, state: FSMContext
) -> None:
    await wait_for_note(
        callback,
        state,
        NoteRequest(
            subject=StatusSubject.IDEA,
            subject_id=callback_data.idea_id,
            status=callback_data.status,
        ),
        waiting=ReviewDesk.writing_note,
        chat_id=callback.from_user.id,
        prompt=note_prompt(),
    )


def note_prompt() -> str:
    return _(
        "Write a note for the author and followers about the new status “{status}”. "
        "It is sent as you write it. Send {no_note} for no note."
    )


async def set_status(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    notifier: Outbox,
) -> None:
    change = await store_status_with_note(message, state, session, resident, notifier)
    if change is None:
        await message.answer(_("This idea is no longer available."))
        return
    await message.answer(
        _(
            "Idea #{number} now has the status “{status}”. The author and followers will be told."
        ).format(number=change.subject_id, status=idea_status_name(change.status))
    )

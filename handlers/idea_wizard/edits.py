"""Edits of the idea's own words: Telegram sends an ``edited_message`` when a resident
corrects a message they already sent.

While the idea is a draft, an edit of the message its words came from changes the draft,
and the preview is shown again if it is on screen. Once the idea is sent, the edit cannot
reach it: the resident is told how a sent idea is changed. Edits of any other message
are not answered at all.
"""

from __future__ import annotations

import asyncio

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.services.idea_submission import TEXT_MAX, TEXT_MIN
from bot.services.language_detection import detect_text_language
from db.models import Resident
from handlers.drafts import EditsDraftWords, EditsSentWords
from handlers.idea_wizard.draft import IDEA_DRAFT, SENT_IDEA_TEXTS
from handlers.idea_wizard.sending import send_preview
from handlers.idea_wizard.states import IdeaForm

__all__ = [
    "edit_description",
    "edits_a_sent_text",
    "edits_the_description",
    "explain_sent_edit",
    "sent_edit_text",
]


edits_the_description = EditsDraftWords(IDEA_DRAFT, IdeaForm)
edits_a_sent_text = EditsSentWords(SENT_IDEA_TEXTS)


async def edit_description(
    message: Message, state: FSMContext, resident: Resident, area: AreaProfile
) -> None:
    text = (message.text or message.caption or "").strip()
    if not TEXT_MIN <= len(text) <= TEXT_MAX:
        await message.answer(
            _(
                "I did not take this change: an idea needs {minimum} to {maximum} characters. "
                "Your idea keeps the text it had."
            ).format(minimum=TEXT_MIN, maximum=TEXT_MAX)
        )
        return
    language = await asyncio.to_thread(detect_text_language, text, resident.language)
    draft = await IDEA_DRAFT.read(state)
    await IDEA_DRAFT.save(state, draft, body=text, voice_file_id=None, language=language)
    if await state.get_state() == IdeaForm.confirming.state:
        await send_preview(message.bot, message.chat.id, state, area)
    else:
        await message.answer(_("Your idea's text is changed."))


async def explain_sent_edit(message: Message) -> None:
    await message.answer(sent_edit_text())


def sent_edit_text() -> str:
    return _(
        "This idea is already sent, so your change does not reach it. To change a sent "
        "idea, write to staff."
    )

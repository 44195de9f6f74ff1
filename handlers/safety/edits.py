"""Edits of a report's own words: Telegram sends an ``edited_message`` when a resident
corrects a message they already sent.

While the report is a draft, an edit of the message its description came from changes
the draft, and the preview is shown again if it is on screen. Once the report is sent,
the edit cannot reach it (staff have it already): the resident is told how to tell staff
something new. Edits of any other message are not answered here.
"""

from __future__ import annotations

import asyncio

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.services.language_detection import content_language
from bot.services.safety import BODY_MAX
from db.models import Resident
from handlers.drafts import EditsDraftWords, EditsSentWords
from handlers.safety.draft import REPORT_DRAFT, SENT_REPORT_TEXTS
from handlers.safety.prompts import show_preview
from handlers.safety.states import ReportForm

__all__ = ["edit_description", "edits_a_sent_report", "edits_the_description", "explain_sent_edit"]


edits_the_description = EditsDraftWords(REPORT_DRAFT, ReportForm)
edits_a_sent_report = EditsSentWords(SENT_REPORT_TEXTS)


async def edit_description(
    message: Message, state: FSMContext, resident: Resident, area: AreaProfile
) -> None:
    text = (message.text or message.caption or "").strip()
    if not 1 <= len(text) <= BODY_MAX:
        await message.answer(
            _(
                "I did not take this change: a description needs {minimum} to {maximum} "
                "characters. Your report keeps the text it had."
            ).format(minimum=1, maximum=BODY_MAX)
        )
        return
    detected = await asyncio.to_thread(content_language, text, resident.language)
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(
        state, draft, body=text, language=detected or resident.language, content_language=detected
    )
    if await state.get_state() == ReportForm.confirming.state:
        await show_preview(message.bot, message.chat.id, state, area)
    else:
        await message.answer(_("Your report's text is changed."))


async def explain_sent_edit(message: Message) -> None:
    await message.answer(
        _(
            "This report is already sent, so your change does not reach it. If something "
            "new happens, send a new report with /report."
        )
    )

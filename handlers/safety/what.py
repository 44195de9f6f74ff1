"""Safety wizard, middle steps: when, what happened, a photo, who may know."""

from __future__ import annotations

import asyncio

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.services.language_detection import content_language
from bot.services.safety import BODY_MAX
from bot.views.callbacks import (
    ReportTimeCallback,
    ReportVisibilityCallback,
    ReportWhenCallback,
)
from bot.views.keyboards.safety import (
    report_photo_keyboard,
)
from bot.views.messaging import give_back_too_long
from db.models import Resident, WhenHappened
from handlers.safety.draft import REPORT_DRAFT
from handlers.safety.prompts import ask_photo, ask_time, ask_visibility, ask_what, show_preview

__all__ = [
    "add_photo",
    "choose_time",
    "choose_visibility",
    "choose_when",
    "describe",
    "explain_photo_step",
    "skip_photo",
]


async def choose_when(
    callback: CallbackQuery,
    callback_data: ReportWhenCallback,
    state: FSMContext,
    area: AreaProfile,
) -> None:
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(state, draft, happened=callback_data.happened)
    if callback_data.happened is WhenHappened.NOW:
        # Said again where it matters most: the bot is not how to get help right now.
        await callback.answer(_("If someone is in danger now, call 112."), show_alert=True)
    else:
        await callback.answer()
    await ask_time(callback.bot, callback.from_user.id, state, area)


async def choose_time(
    callback: CallbackQuery,
    callback_data: ReportTimeCallback,
    state: FSMContext,
    area: AreaProfile,
) -> None:
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(state, draft, time_of_day=callback_data.time_of_day)
    await callback.answer()
    await ask_what(callback.bot, callback.from_user.id, state, area)


async def describe(
    message: Message, state: FSMContext, resident: Resident, area: AreaProfile
) -> None:
    draft = await REPORT_DRAFT.read(state)
    text = (message.text or message.caption or "").strip()
    changes: dict[str, object] = {}
    if message.photo:
        changes["photo_file_id"] = message.photo[-1].file_id
    if message.voice:
        changes.update(
            body=None,
            voice_file_id=message.voice.file_id,
            language=resident.language,
            content_language=None,
        )
    elif len(text) > BODY_MAX:
        await give_back_too_long(message, text, BODY_MAX)
        return
    elif text:
        detected = await asyncio.to_thread(content_language, text, resident.language)
        changes.update(
            body=text,
            voice_file_id=None,
            language=detected or resident.language,
            content_language=detected,
        )
    else:
        await REPORT_DRAFT.save(state, draft, **changes)
        await message.answer(
            _("I kept your photo. Now please describe the situation in words.")
            if message.photo
            else _("Please write what happened, or send a voice message.")
        )
        return
    await REPORT_DRAFT.save(state, draft, **changes)
    if "photo_file_id" in changes:
        await ask_visibility(message.bot, message.chat.id, state, area)
        return
    await ask_photo(message.bot, message.chat.id, state, area)


async def add_photo(message: Message, state: FSMContext, area: AreaProfile) -> None:
    assert message.photo
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(state, draft, photo_file_id=message.photo[-1].file_id)
    await ask_visibility(message.bot, message.chat.id, state, area)


async def skip_photo(callback: CallbackQuery, state: FSMContext, area: AreaProfile) -> None:
    await callback.answer()
    await ask_visibility(callback.bot, callback.from_user.id, state, area)


async def explain_photo_step(message: Message) -> None:
    await message.answer(
        _("Send a photo, or press “Continue without a photo”."),
        reply_markup=report_photo_keyboard(),
    )


async def choose_visibility(
    callback: CallbackQuery,
    callback_data: ReportVisibilityCallback,
    state: FSMContext,
    area: AreaProfile,
) -> None:
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(state, draft, visibility=callback_data.visibility)
    await callback.answer()
    await show_preview(callback.bot, callback.from_user.id, state, area)

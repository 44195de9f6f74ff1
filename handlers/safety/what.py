"""Safety wizard, middle steps: when, what happened, a photo, who may know."""

from __future__ import annotations

import asyncio

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.services.language_detection import detect_text_language
from bot.services.safety import BODY_MAX
from bot.views.callbacks import (
    ReportTimeCallback,
    ReportVisibilityCallback,
    ReportWhenCallback,
)
from bot.views.keyboards.safety import (
    report_photo_keyboard,
    report_preview_keyboard,
    report_time_keyboard,
    report_visibility_keyboard,
)
from bot.views.messaging import give_back_too_long, send_card
from bot.views.report_cards import report_preview
from db.models import Resident, WhenHappened
from handlers.safety.draft import REPORT_DRAFT
from handlers.safety.states import ReportForm

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
    callback: CallbackQuery, callback_data: ReportWhenCallback, state: FSMContext
) -> None:
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(state, draft, happened=callback_data.happened)
    await state.set_state(ReportForm.choosing_time)
    if callback_data.happened is WhenHappened.NOW:
        # Said again where it matters most: the bot is not how to get help right now.
        await callback.answer(_("If someone is in danger now, call 112."), show_alert=True)
    else:
        await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _("At what time of day?"),
        reply_markup=report_time_keyboard(),
    )


async def choose_time(
    callback: CallbackQuery, callback_data: ReportTimeCallback, state: FSMContext
) -> None:
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(state, draft, time_of_day=callback_data.time_of_day)
    await state.set_state(ReportForm.describing)
    await callback.answer()
    await callback.bot.send_message(callback.from_user.id, _describe_text())


def _describe_text() -> str:
    return _(
        "What happened, or what is wrong? Write it in your own words (at most {limit} "
        "characters), or send a voice message. Describe the place and the situation; "
        "please do not name people."
    ).format(limit=BODY_MAX)


async def describe(message: Message, state: FSMContext, resident: Resident) -> None:
    draft = await REPORT_DRAFT.read(state)
    text = (message.text or message.caption or "").strip()
    changes: dict[str, object] = {}
    if message.photo:
        changes["photo_file_id"] = message.photo[-1].file_id
    if message.voice:
        changes.update(body=None, voice_file_id=message.voice.file_id, language=resident.language)
    elif len(text) > BODY_MAX:
        await give_back_too_long(message, text, BODY_MAX)
        return
    elif text:
        language = await asyncio.to_thread(detect_text_language, text, resident.language)
        changes.update(body=text, voice_file_id=None, language=language)
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
        await _ask_visibility(message.bot, message.chat.id, state)
        return
    await state.set_state(ReportForm.adding_photo)
    await message.answer(
        _("You can add a photo of the place now. Or continue without one."),
        reply_markup=report_photo_keyboard(),
    )


async def add_photo(message: Message, state: FSMContext) -> None:
    assert message.photo
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(state, draft, photo_file_id=message.photo[-1].file_id)
    await _ask_visibility(message.bot, message.chat.id, state)


async def skip_photo(callback: CallbackQuery, state: FSMContext) -> None:
    await callback.answer()
    await _ask_visibility(callback.bot, callback.from_user.id, state)


async def explain_photo_step(message: Message) -> None:
    await message.answer(
        _("Send a photo, or press “Continue without a photo”."),
        reply_markup=report_photo_keyboard(),
    )


async def _ask_visibility(bot: Bot, chat_id: int, state: FSMContext) -> None:
    await state.set_state(ReportForm.choosing_visibility)
    await bot.send_message(
        chat_id,
        _(
            "Who may know that you sent it?\n\n"
            "<b>Private</b>: staff see who you are and can ask you questions.\n"
            "<b>Anonymous</b>: staff never see who you are. You still get news about your "
            "report here, and staff can still ask questions through the bot."
        ),
        reply_markup=report_visibility_keyboard(),
    )


async def choose_visibility(
    callback: CallbackQuery,
    callback_data: ReportVisibilityCallback,
    state: FSMContext,
    area: AreaProfile,
) -> None:
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(state, draft, visibility=callback_data.visibility)
    draft = await REPORT_DRAFT.read(state)
    await state.set_state(ReportForm.confirming)
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id, _("Please check your report before sending it:")
    )
    await send_card(
        callback.bot,
        callback.from_user.id,
        report_preview(draft.as_draft(), area),
        draft.photo_file_id,
        report_preview_keyboard(),
    )

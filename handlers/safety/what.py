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
from handlers.photos import AlbumCollector, add_photo_id, limit_text, photo_file_id
from handlers.safety.draft import REPORT_DRAFT
from handlers.safety.prompts import ask_photo, ask_time, ask_visibility, ask_what, show_preview
from handlers.safety.states import ReportForm
from handlers.step_context import StepContext

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
    message: Message,
    state: FSMContext,
    resident: Resident,
    area: AreaProfile,
    albums: AlbumCollector,
    step: StepContext,
    picture_kept: bool | None = None,
) -> None:
    """``picture_kept``: the message was a picture file, already kept as a photo
    (``handlers.image_files``), whose caption these words are."""
    draft = await REPORT_DRAFT.read(state)
    text = (message.text or message.caption or "").strip()
    changes: dict[str, object] = {}
    photo_kept = picture_kept
    if file_id := photo_file_id(message):
        photos = add_photo_id(draft.photo_file_ids, file_id)
        photo_kept = photos is not None
        if photos is not None:
            changes["photo_file_ids"] = photos
    in_album = bool(message.media_group_id) and photo_kept is not None
    if message.voice:
        changes.update(
            body=None,
            body_message_id=None,
            voice_file_id=message.voice.file_id,
            language=resident.language,
            content_language=None,
        )
    elif text and len(text) <= BODY_MAX:
        detected = await asyncio.to_thread(content_language, text, resident.language)
        changes.update(
            body=text,
            body_message_id=message.message_id,
            voice_file_id=None,
            language=detected or resident.language,
            content_language=detected,
        )
    else:
        # The photo is kept whatever is wrong with the words.
        await REPORT_DRAFT.save(state, draft, **changes)
        if text:
            await give_back_too_long(message, text, BODY_MAX)
        if in_album:
            await albums.note(state, message.media_group_id, REPORT_DRAFT.key, photo_kept, step)
        elif not text:
            await message.answer(_without_words(photo_kept))
        return
    await REPORT_DRAFT.save(state, draft, **changes)
    if photo_kept is False and not in_album:
        await message.answer(limit_text(1))
    if in_album:
        # With photos already, the photo step is passed; the album's answer asks next.
        await state.set_state(ReportForm.choosing_visibility)
        await albums.note(state, message.media_group_id, REPORT_DRAFT.key, photo_kept, step)
    elif photo_kept is not None or draft.photo_file_ids:
        # With a photo already (with these words, or sent before them) the photo step is
        # passed, as after an album.
        await ask_visibility(message.bot, message.chat.id, state, area)
    else:
        await ask_photo(message.bot, message.chat.id, state, area)


def _without_words(photo_kept: bool | None) -> str:
    if photo_kept is None:
        # Translators: the answer to a video, a sticker, a file or anything else the safety
        # wizard cannot take while it waits for the description.
        return _(
            "I can take text, voice messages and photos. Please write what happened, or "
            "send a voice message; you can add photos."
        )
    if photo_kept:
        return _("I kept your photo. Now please describe the situation in words.")
    return limit_text(1)


async def add_photo(
    message: Message,
    state: FSMContext,
    area: AreaProfile,
    albums: AlbumCollector,
    step: StepContext,
) -> None:
    file_id = photo_file_id(message)
    assert file_id is not None
    draft = await REPORT_DRAFT.read(state)
    photos = add_photo_id(draft.photo_file_ids, file_id)
    if photos is not None:
        await REPORT_DRAFT.save(state, draft, photo_file_ids=photos)
    if message.media_group_id:
        await state.set_state(ReportForm.choosing_visibility)
        await albums.note(state, message.media_group_id, REPORT_DRAFT.key, photos is not None, step)
        return
    if photos is None:
        await message.answer(limit_text(1))
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

"""Idea wizard, first steps: the daily limit, the category, the idea in the resident's words."""

from __future__ import annotations

import asyncio

from aiogram import flags
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.services.bot_secrets import sender_key
from bot.services.idea_submission import TEXT_MAX, TEXT_MIN, ideas_today
from bot.services.language_detection import detect_text_language
from bot.settings import Settings
from bot.views.callbacks import DraftKind, IdeaCategoryCallback
from bot.views.keyboards.ideas import (
    categories_keyboard,
    extras_keyboard,
    resume_or_restart_keyboard,
)
from bot.views.keyboards.menu import main_menu
from bot.views.messaging import give_back_too_long
from db.models import Resident
from db.types import utc_now
from handlers.draft_choice import ask_about_open_draft, has_draft, mark_choice_asked
from handlers.idea_wizard.draft import IDEA_DRAFT, DraftState
from handlers.idea_wizard.states import IdeaForm
from handlers.photos import AlbumCollector, add_photo_id, photo_file_id
from handlers.photos import limit_text as photo_limit_text
from handlers.step_context import StepContext

__all__ = [
    "ask_for_category_again",
    "choose_category",
    "receive_text",
    "start_idea",
    "start_idea_from_menu",
]


def limit_text(limit: int) -> str:
    return _(
        "You have shared {count} idea in the last 24 hours, the most for one day. "
        "Please wait a little before the next one.",
        "You have shared {count} ideas in the last 24 hours, the most for one day. "
        "Please wait a little before the next one.",
        limit,
    ).format(count=limit)


async def start_idea(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
    area: AreaProfile,
) -> None:
    if await ask_about_open_draft(message, state, DraftKind.IDEA):
        return
    if await has_draft(state, IdeaForm, IdeaForm.choosing_category):
        # /idea or an older menu's button while an idea is being written: ask first.
        await mark_choice_asked(state)
        await message.answer(resume_question(), reply_markup=resume_or_restart_keyboard())
        return
    await state.clear()
    async with session.begin():
        key = await sender_key(session, resident.telegram_id)
        shared = await ideas_today(session, resident.id, utc_now(), key)
    if shared >= settings.ideas_per_day:
        await message.answer(limit_text(settings.ideas_per_day), reply_markup=main_menu())
        return
    await state.set_state(IdeaForm.choosing_category)
    await message.answer(category_prompt(), reply_markup=categories_keyboard(area.idea_categories))


def resume_question() -> str:
    return _(
        "You have an idea you have not sent yet. Do you want to carry on with it, or start "
        "over? Starting over deletes it."
    )


def category_prompt() -> str:
    return _("<b>Share an idea</b>\nWhat is your idea about? Choose a category.")


async def start_idea_from_menu(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
    area: AreaProfile,
) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await start_idea(callback.message, state, session, resident, settings, area)


async def choose_category(
    callback: CallbackQuery,
    callback_data: IdeaCategoryCallback,
    state: FSMContext,
    area: AreaProfile,
) -> None:
    if callback_data.category not in area.idea_categories:
        await callback.answer(_("This button no longer works. Type /start to see the menu."))
        return
    await IDEA_DRAFT.save(state, DraftState(category=callback_data.category))
    await state.set_state(IdeaForm.writing_text)
    await callback.answer()
    await callback.bot.send_message(callback.from_user.id, ask_text_prompt())


def ask_text_prompt() -> str:
    return _(
        "Describe your idea in your own words, in any language ({minimum}–{maximum} "
        "characters). You can also send a voice message, or a photo with a caption."
    ).format(minimum=TEXT_MIN, maximum=TEXT_MAX)


@flags.once_per_album
async def ask_for_category_again(message: Message, area: AreaProfile) -> None:
    await message.answer(
        _("Please choose a category with the buttons."),
        reply_markup=categories_keyboard(area.idea_categories),
    )


async def receive_text(
    message: Message,
    state: FSMContext,
    resident: Resident,
    albums: AlbumCollector,
    step: StepContext,
    picture_kept: bool | None = None,
) -> None:
    """``picture_kept``: the message was a picture file, already kept as a photo
    (``handlers.image_files``), whose caption these words are."""
    draft = await IDEA_DRAFT.read(state)
    text = (message.text or message.caption or "").strip()
    photo_kept = picture_kept
    if file_id := photo_file_id(message):
        photos = add_photo_id(draft.photo_file_ids, file_id)
        photo_kept = photos is not None
        if photos is not None:
            draft = draft.model_copy(update={"photo_file_ids": photos})
    if message.voice:
        draft = draft.model_copy(
            update={
                "body": None,
                "body_message_id": None,
                "voice_file_id": message.voice.file_id,
                "language": resident.language,
            }
        )
    elif not text or len(text) < TEXT_MIN or len(text) > TEXT_MAX:
        # The photo is kept whatever is wrong with the words.
        await IDEA_DRAFT.save(state, draft)
        if text and len(text) > TEXT_MAX:
            await give_back_too_long(message, text, TEXT_MAX)
        elif text:
            await message.answer(
                _(
                    "That is a bit short. Please describe your idea in at least {minimum} "
                    "characters."
                ).format(minimum=TEXT_MIN)
            )
        if message.media_group_id and photo_kept is not None:
            await albums.note(state, message.media_group_id, IDEA_DRAFT.key, photo_kept, step)
        elif not text:
            await message.answer(_without_words(photo_kept))
        return
    else:
        language = await asyncio.to_thread(detect_text_language, text, resident.language)
        draft = draft.model_copy(
            update={
                "body": text,
                "body_message_id": message.message_id,
                "voice_file_id": None,
                "language": language,
            }
        )
    await IDEA_DRAFT.save(state, draft)
    await state.set_state(IdeaForm.adding_extras)
    if photo_kept is False and not message.media_group_id:
        await message.answer(photo_limit_text(1))
    if message.media_group_id and photo_kept is not None:
        await albums.note(state, message.media_group_id, IDEA_DRAFT.key, photo_kept, step)
        return
    await message.answer(extras_prompt(), reply_markup=extras_keyboard())


def _without_words(photo_kept: bool | None) -> str:
    if photo_kept is None:
        return not_taken_text()
    if photo_kept:
        return _("I kept your photo. Now please describe your idea in words.")
    return photo_limit_text(1)


def not_taken_text() -> str:
    # Translators: the answer to a video, a sticker, a file or anything else the idea
    # wizard cannot take while it waits for the idea itself.
    return _(
        "I can take text, voice messages and photos. Please describe your idea in words "
        "or in a voice message; you can add photos."
    )


def extras_prompt() -> str:
    return _(
        "Would you like to add a photo or a place? Send a photo, share a location, "
        "or choose a place below. Or press Continue."
    )

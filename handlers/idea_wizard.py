"""/idea: share an idea in a short wizard, with 'has this already been suggested?'.

Steps: category, the idea in the resident's own words (text, voice, or a photo with a
caption), optional photo and place, similar ideas, preview, send. /cancel and any other
command work at every step; a step given the wrong kind of input says what it expects.
"""

from __future__ import annotations

import asyncio
from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.cards import draft_card
from bot.idea_draft import DraftState, read_draft, save_draft
from bot.keyboards.callbacks import (
    IdeaCategoryCallback,
    IdeaPlaceCallback,
    IdeaWizardCallback,
    MenuAction,
    MenuCallback,
    SupportInsteadCallback,
    WizardAction,
)
from bot.keyboards.ideas import (
    categories_keyboard,
    extras_keyboard,
    places_keyboard,
    preview_keyboard,
    similar_keyboard,
)
from bot.keyboards.menu import main_menu
from bot.messaging import send_card
from bot.middlewares.wizard import WizardExpiryMiddleware
from bot.services.ideas import (
    TEXT_MAX,
    TEXT_MIN,
    SubmitOutcome,
    ideas_today,
    similar_candidates,
    submit_idea,
)
from bot.services.language_detection import detect_text_language
from bot.services.similarity import find_similar
from bot.services.votes import VoteOutcome, support_idea
from bot.settings import Settings
from db.models import Resident
from db.types import utc_now

__all__ = ["IdeaForm", "build_router"]


class IdeaForm(StatesGroup):
    choosing_category = State()
    writing_text = State()
    adding_extras = State()
    checking_similar = State()
    confirming = State()


def _limit_text(limit: int) -> str:
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
    await state.clear()
    async with session.begin():
        shared = await ideas_today(session, resident.id, utc_now())
    if shared >= settings.ideas_per_day:
        await message.answer(_limit_text(settings.ideas_per_day), reply_markup=main_menu())
        return
    await state.set_state(IdeaForm.choosing_category)
    await message.answer(
        _("<b>Share an idea</b>\nWhat is your idea about? Choose a category."),
        reply_markup=categories_keyboard(area.idea_categories),
    )


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
    await save_draft(state, DraftState(category=callback_data.category))
    await state.set_state(IdeaForm.writing_text)
    await callback.answer()
    await callback.bot.send_message(callback.from_user.id, _ask_text())


def _ask_text() -> str:
    return _(
        "Describe your idea in your own words, in any language ({minimum}–{maximum} "
        "characters). You can also send a voice message, or a photo with a caption."
    ).format(minimum=TEXT_MIN, maximum=TEXT_MAX)


async def ask_for_category_again(message: Message, area: AreaProfile) -> None:
    await message.answer(
        _("Please choose a category with the buttons."),
        reply_markup=categories_keyboard(area.idea_categories),
    )


async def receive_text(message: Message, state: FSMContext, resident: Resident) -> None:
    draft = await read_draft(state)
    text = (message.text or message.caption or "").strip()
    if message.photo:
        draft = draft.model_copy(update={"photo_file_id": message.photo[-1].file_id})
    if message.voice:
        draft = draft.model_copy(
            update={
                "body": None,
                "voice_file_id": message.voice.file_id,
                "language": resident.language,
            }
        )
    elif not text:
        await save_draft(state, draft)
        await message.answer(
            _("I kept your photo. Now please describe your idea in words.")
            if message.photo
            else _("Please send your idea as a text message or a voice message.")
        )
        return
    elif len(text) < TEXT_MIN:
        await message.answer(
            _(
                "That is a bit short. Please describe your idea in at least {minimum} characters."
            ).format(minimum=TEXT_MIN)
        )
        return
    elif len(text) > TEXT_MAX:
        await message.answer(
            _(
                "Your text has {count} characters; the limit is {limit}. "
                "Please shorten it and send it again. Here is what you wrote:"
            ).format(count=len(text), limit=TEXT_MAX)
        )
        # Sent back as plain text so nothing the resident wrote is lost or reformatted.
        await message.answer(text, parse_mode=None)
        return
    else:
        language = await asyncio.to_thread(detect_text_language, text, resident.language)
        draft = draft.model_copy(update={"body": text, "voice_file_id": None, "language": language})
    await save_draft(state, draft)
    await state.set_state(IdeaForm.adding_extras)
    await message.answer(_extras_text(), reply_markup=extras_keyboard())


def _extras_text() -> str:
    return _(
        "Would you like to add a photo or a place? Send a photo, share a location, "
        "or choose a place below. Or press Continue."
    )


async def add_photo(message: Message, state: FSMContext) -> None:
    assert message.photo
    draft = await read_draft(state)
    await save_draft(state, draft.model_copy(update={"photo_file_id": message.photo[-1].file_id}))
    await message.answer(_("Photo added."), reply_markup=extras_keyboard())


async def add_location(message: Message, state: FSMContext) -> None:
    assert message.location
    draft = await read_draft(state)
    update = {
        "latitude": message.location.latitude,
        "longitude": message.location.longitude,
        "place_id": None,
    }
    await save_draft(state, draft.model_copy(update=update))
    await message.answer(_("Location added."), reply_markup=extras_keyboard())


async def show_places(callback: CallbackQuery, area: AreaProfile) -> None:
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _("Which place is your idea about?"),
        reply_markup=places_keyboard(area),
    )


async def choose_place(
    callback: CallbackQuery,
    callback_data: IdeaPlaceCallback,
    state: FSMContext,
    area: AreaProfile,
) -> None:
    place = area.place(callback_data.place_id)
    if place is None:
        # A place removed from the area profile since the buttons were sent.
        await callback.answer(_("This button no longer works. Type /start to see the menu."))
        return
    draft = await read_draft(state)
    update = {"place_id": place.id, "latitude": None, "longitude": None}
    await save_draft(state, draft.model_copy(update=update))
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _("Place: {place}").format(place=escape(place.name)),
        reply_markup=extras_keyboard(),
    )


async def choose_no_place(callback: CallbackQuery, state: FSMContext) -> None:
    draft = await read_draft(state)
    update = {"place_id": None, "latitude": None, "longitude": None}
    await save_draft(state, draft.model_copy(update=update))
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id, _("No particular place."), reply_markup=extras_keyboard()
    )


async def explain_extras(message: Message) -> None:
    await message.answer(_extras_text(), reply_markup=extras_keyboard())


async def continue_to_similar(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, area: AreaProfile
) -> None:
    await callback.answer()
    draft = await read_draft(state)
    similar: list[int] = []
    if draft.body:
        async with session.begin():
            candidates = await similar_candidates(session)
        similar = await asyncio.to_thread(find_similar, draft.body, candidates)
    if similar:
        await state.set_state(IdeaForm.checking_similar)
        await callback.bot.send_message(
            callback.from_user.id,
            _(
                "Other residents have shared ideas that look similar: {numbers}. "
                "You can support one of them instead; that counts for more than a new idea. "
                "Open them in /ideas, or choose below."
            ).format(numbers=", ".join(f"#{idea_id}" for idea_id in similar)),
            reply_markup=similar_keyboard(similar),
        )
        return
    await _send_preview(callback.bot, callback.from_user.id, state, area)


async def _send_preview(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
    draft = await read_draft(state)
    await state.set_state(IdeaForm.confirming)
    await bot.send_message(chat_id, _("This is how staff will see your idea:"))
    await send_card(
        bot, chat_id, draft_card(draft.as_draft(), area), draft.photo_file_id, preview_keyboard()
    )


async def show_preview(
    callback: CallbackQuery, bot: Bot, state: FSMContext, area: AreaProfile
) -> None:
    await callback.answer()
    await _send_preview(bot, callback.from_user.id, state, area)


async def support_instead(
    callback: CallbackQuery,
    callback_data: SupportInsteadCallback,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
) -> None:
    async with session.begin():
        result = await support_idea(session, callback_data.idea_id, resident.id)
    await state.clear()
    await callback.answer()
    if result.outcome is not VoteOutcome.ADDED:
        text = _("That idea can no longer be supported. Your own idea was not sent.")
    else:
        text = _(
            "Thank you! You now support idea #{number}, and I will tell you when its status "
            "changes. Your own text was not sent."
        ).format(number=callback_data.idea_id)
    await callback.bot.send_message(callback.from_user.id, text, reply_markup=main_menu())


async def send_idea(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
) -> None:
    draft = await read_draft(state)
    async with session.begin():
        outcome, idea_id = await submit_idea(
            session, resident.id, draft.as_draft(), daily_limit=settings.ideas_per_day
        )
    await state.clear()
    await callback.answer()
    if outcome is SubmitOutcome.LIMIT_REACHED:
        text = _limit_text(settings.ideas_per_day)
    elif outcome is SubmitOutcome.INVALID:
        text = _("Something was missing, so nothing was saved. Please start again with /idea.")
    else:
        text = _(
            "Thank you! Your idea is saved as <b>#{number}</b>.\n\n"
            "Staff will read it, and I will tell you here when its status changes. "
            "Other residents can now support it in /ideas."
        ).format(number=idea_id)
    await callback.bot.send_message(callback.from_user.id, text, reply_markup=main_menu())


async def edit_text(callback: CallbackQuery, state: FSMContext) -> None:
    draft = await read_draft(state)
    await state.set_state(IdeaForm.writing_text)
    await callback.answer()
    await callback.bot.send_message(callback.from_user.id, _ask_text())
    if draft.body:
        await callback.bot.send_message(callback.from_user.id, draft.body, parse_mode=None)


async def cancel_idea(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id, _("Cancelled. Nothing was saved."), reply_markup=main_menu()
    )


def _action(action: WizardAction):
    return IdeaWizardCallback.filter(F.action == action)


def build_router() -> Router:
    router = Router(name=__name__)
    expiry = WizardExpiryMiddleware()
    router.message.middleware(expiry)
    router.callback_query.middleware(expiry)

    router.message.register(start_idea, Command("idea"))
    router.callback_query.register(
        start_idea_from_menu, MenuCallback.filter(F.action == MenuAction.NEW_IDEA)
    )
    router.callback_query.register(cancel_idea, _action(WizardAction.CANCEL), StateFilter(IdeaForm))

    category = IdeaForm.choosing_category
    router.callback_query.register(choose_category, IdeaCategoryCallback.filter(), category)
    router.message.register(ask_for_category_again, category, ~F.text.startswith("/"))

    writing = IdeaForm.writing_text
    router.message.register(receive_text, writing, ~F.text.startswith("/"))

    extras = IdeaForm.adding_extras
    router.message.register(add_photo, extras, F.photo)
    router.message.register(add_location, extras, F.location)
    router.callback_query.register(show_places, _action(WizardAction.CHOOSE_PLACE), extras)
    router.callback_query.register(choose_place, IdeaPlaceCallback.filter(), extras)
    router.callback_query.register(choose_no_place, _action(WizardAction.NO_PLACE), extras)
    router.callback_query.register(continue_to_similar, _action(WizardAction.NEXT), extras)
    router.message.register(explain_extras, extras, ~F.text.startswith("/"))

    similar = IdeaForm.checking_similar
    router.callback_query.register(support_instead, SupportInsteadCallback.filter(), similar)
    router.callback_query.register(show_preview, _action(WizardAction.OWN_IDEA), similar)

    confirming = IdeaForm.confirming
    router.callback_query.register(send_idea, _action(WizardAction.SEND), confirming)
    router.callback_query.register(edit_text, _action(WizardAction.EDIT), confirming)
    return router

"""Safety wizard, first steps: what is not for the bot (112, 114 14), category, place."""

from __future__ import annotations

from aiogram import flags
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.services.safety import PLACE_TEXT_MAX
from bot.views.callbacks import DraftKind, ReportCategoryCallback, ReportPlaceCallback
from bot.views.keyboards.safety import (
    report_places_keyboard,
    report_resume_or_restart_keyboard,
)
from handlers.draft_choice import ask_about_open_draft, has_draft, mark_choice_asked
from handlers.safety import prompts
from handlers.safety.draft import REPORT_DRAFT, ReportDraftState
from handlers.safety.guidance import POLICE_NUMBER, guidance_text
from handlers.safety.prompts import ask_place, ask_place_in_words, ask_when, show_guidance
from handlers.safety.states import ReportForm

__all__ = [
    "POLICE_NUMBER",
    "ask_category",
    "ask_place_description",
    "choose_category",
    "choose_place",
    "describe_place",
    "explain_place_step",
    "guidance_text",
    "share_location",
    "start_report",
    "start_report_from_menu",
]


async def start_report(message: Message, state: FSMContext, area: AreaProfile) -> None:
    if await ask_about_open_draft(message, state, DraftKind.REPORT):
        return
    if await has_draft(
        state, ReportForm, ReportForm.reading_guidance, ReportForm.choosing_category
    ):
        # /report or an older menu's button while a report is being written: ask first.
        await mark_choice_asked(state)
        await message.answer(
            _(
                "You have a report you have not sent yet. Do you want to carry on with it, or "
                "start over? Starting over deletes it."
            ),
            reply_markup=report_resume_or_restart_keyboard(),
        )
        return
    await state.clear()
    await show_guidance(message.bot, message.chat.id, state, area)


async def start_report_from_menu(
    callback: CallbackQuery, state: FSMContext, area: AreaProfile
) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await start_report(callback.message, state, area)


async def ask_category(callback: CallbackQuery, state: FSMContext, area: AreaProfile) -> None:
    await callback.answer()
    await prompts.ask_category(callback.bot, callback.from_user.id, state, area)


async def choose_category(
    callback: CallbackQuery,
    callback_data: ReportCategoryCallback,
    state: FSMContext,
    area: AreaProfile,
) -> None:
    await REPORT_DRAFT.save(state, ReportDraftState(), category=callback_data.category)
    await callback.answer()
    await ask_place(callback.bot, callback.from_user.id, state, area)


async def choose_place(
    callback: CallbackQuery,
    callback_data: ReportPlaceCallback,
    state: FSMContext,
    area: AreaProfile,
) -> None:
    place = area.place(callback_data.place_id)
    if place is None:
        await callback.answer(_("This button no longer works. Type /start to see the menu."))
        return
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(state, draft, place_id=place.id, place_text=None, latitude=None)
    await callback.answer()
    await ask_when(callback.bot, callback.from_user.id, state, area)


async def share_location(message: Message, state: FSMContext, area: AreaProfile) -> None:
    assert message.location
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(
        state,
        draft,
        place_id=None,
        place_text=None,
        latitude=message.location.latitude,
        longitude=message.location.longitude,
    )
    await ask_when(message.bot, message.chat.id, state, area)


async def ask_place_description(
    callback: CallbackQuery, state: FSMContext, area: AreaProfile
) -> None:
    await callback.answer()
    await ask_place_in_words(callback.bot, callback.from_user.id, state, area)


async def describe_place(message: Message, state: FSMContext, area: AreaProfile) -> None:
    text = (message.text or "").strip()
    if not text:
        await message.answer(_("Please describe the place in words."))
        return
    if len(text) > PLACE_TEXT_MAX:
        await message.answer(
            _("That is {count} characters; please use at most {limit}.").format(
                count=len(text), limit=PLACE_TEXT_MAX
            )
        )
        return
    draft = await REPORT_DRAFT.read(state)
    await REPORT_DRAFT.save(state, draft, place_id=None, place_text=text, latitude=None)
    await ask_when(message.bot, message.chat.id, state, area)


@flags.once_per_album
async def explain_place_step(message: Message, area: AreaProfile) -> None:
    await message.answer(
        _(
            "Please choose a place with the buttons, share a location, or press "
            "“Describe the place in words”."
        ),
        reply_markup=report_places_keyboard(area),
    )

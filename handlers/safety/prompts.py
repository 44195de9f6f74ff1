"""The safety wizard's questions, one function per step: each puts the wizard at its step
and asks. The steps' handlers ask the next question through them, and a resident who
changes language in the middle is asked the current one again, in the new language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.fsm.context import FSMContext

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.services.safety import BODY_MAX, PLACE_TEXT_MAX
from bot.views.keyboards.safety import (
    report_categories_keyboard,
    report_continue_keyboard,
    report_photo_keyboard,
    report_places_keyboard,
    report_preview_keyboard,
    report_time_keyboard,
    report_visibility_keyboard,
    report_when_keyboard,
)
from bot.views.messaging import send_card
from bot.views.report_cards import report_preview
from handlers.safety.draft import REPORT_DRAFT
from handlers.safety.guidance import guidance_text
from handlers.safety.states import ReportForm
from handlers.step_context import StepContext, StepPrompt

__all__ = [
    "STEP_PROMPTS",
    "ask_category",
    "ask_photo",
    "ask_place",
    "ask_place_in_words",
    "ask_time",
    "ask_visibility",
    "ask_what",
    "ask_when",
    "describe_text",
    "show_guidance",
    "show_preview",
]

Prompt = Callable[[Bot, int, FSMContext, AreaProfile], Awaitable[None]]


async def show_guidance(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
    await state.set_state(ReportForm.reading_guidance)
    await bot.send_message(chat_id, guidance_text(area), reply_markup=report_continue_keyboard())


async def ask_category(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
    await state.set_state(ReportForm.choosing_category)
    await bot.send_message(
        chat_id,
        _("What is it about? Choose what fits best."),
        reply_markup=report_categories_keyboard(),
    )


async def ask_place(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
    await state.set_state(ReportForm.choosing_place)
    await bot.send_message(
        chat_id,
        _("Where is it? Choose a place, share a location, or describe the place in words."),
        reply_markup=report_places_keyboard(area),
    )


async def ask_place_in_words(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
    await state.set_state(ReportForm.describing_place)
    await bot.send_message(
        chat_id,
        _("Describe the place in a few words (at most {limit} characters).").format(
            limit=PLACE_TEXT_MAX
        ),
    )


async def ask_when(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
    await state.set_state(ReportForm.choosing_when)
    await bot.send_message(chat_id, _("When was it?"), reply_markup=report_when_keyboard())


async def ask_time(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
    await state.set_state(ReportForm.choosing_time)
    await bot.send_message(chat_id, _("At what time of day?"), reply_markup=report_time_keyboard())


def describe_text() -> str:
    return _(
        "What happened, or what is wrong? Write it in your own words (at most {limit} "
        "characters), or send a voice message. Describe the place and the situation; "
        "please do not name people."
    ).format(limit=BODY_MAX)


async def ask_what(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
    await state.set_state(ReportForm.describing)
    await bot.send_message(chat_id, describe_text())


async def ask_photo(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
    await state.set_state(ReportForm.adding_photo)
    await bot.send_message(
        chat_id,
        _("You can add a photo of the place now. Or continue without one."),
        reply_markup=report_photo_keyboard(),
    )


async def ask_visibility(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
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


async def show_preview(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
    draft = await REPORT_DRAFT.read(state)
    await state.set_state(ReportForm.confirming)
    await bot.send_message(chat_id, _("Please check your report before sending it:"))
    await send_card(
        bot,
        chat_id,
        report_preview(draft.as_draft(), area),
        draft.photo_file_ids,
        report_preview_keyboard(),
    )


def _again(ask: Prompt) -> StepPrompt:
    async def prompt(context: StepContext) -> None:
        await ask(context.bot, context.chat_id, context.state, context.area)

    return prompt


STEP_PROMPTS: dict[str | None, StepPrompt] = {
    state.state: _again(ask)
    for state, ask in (
        (ReportForm.reading_guidance, show_guidance),
        (ReportForm.choosing_category, ask_category),
        (ReportForm.choosing_place, ask_place),
        (ReportForm.describing_place, ask_place_in_words),
        (ReportForm.choosing_when, ask_when),
        (ReportForm.choosing_time, ask_time),
        (ReportForm.describing, ask_what),
        (ReportForm.adding_photo, ask_photo),
        (ReportForm.choosing_visibility, ask_visibility),
        (ReportForm.confirming, show_preview),
    )
}

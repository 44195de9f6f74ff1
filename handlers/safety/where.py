"""Safety wizard, first steps: what is not for the bot (112, 114 14), category, place."""

from __future__ import annotations

from html import escape

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.services.safety import PLACE_TEXT_MAX
from bot.views.callbacks import (
    ReportCategoryCallback,
    ReportPlaceCallback,
)
from bot.views.keyboards.safety import (
    report_categories_keyboard,
    report_continue_keyboard,
    report_places_keyboard,
    report_when_keyboard,
)
from handlers.safety.draft import REPORT_DRAFT, ReportDraftState
from handlers.safety.states import ReportForm

# The non-emergency police number. A no-break space keeps "114 14" in this order inside
# right-to-left text, where an ordinary space lets the two groups swap places.
POLICE_NUMBER = "114\u00a014"

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


def guidance_text(area: AreaProfile) -> str:
    contact = area.contacts.get("fault_report")
    # Translators: used when the area has no fault-report contact: the resident's landlord's
    # service for reporting faults in the building (felanmälan).
    fault_report = escape(contact.name) if contact else _("your landlord's fault report")
    if contact and contact.phone:
        # Translators: the fault-report contact: {name} is the service's name, {phone} its
        # number.
        fault_report = _("{name}, phone {phone}").format(
            name=escape(contact.name), phone=escape(contact.phone)
        )
    return _(
        "<b>Report something that feels unsafe</b>\n\n"
        "🚨 Emergency, crime happening now, fire, someone hurt: call <b>112</b> now.\n"
        "👮 Police, not urgent (for example to report a crime afterwards): "
        "call <b>{police_number}</b>.\n"
        "🔧 Something broken in your building or flat: {fault_report}.\n\n"
        "This is for places and situations that feel unsafe, such as dark paths or "
        "broken locks. Please describe the place and the situation, and do not name "
        "people."
    ).format(fault_report=fault_report, police_number=POLICE_NUMBER)


async def start_report(message: Message, state: FSMContext, area: AreaProfile) -> None:
    await state.clear()
    await state.set_state(ReportForm.reading_guidance)
    await message.answer(guidance_text(area), reply_markup=report_continue_keyboard())


async def start_report_from_menu(
    callback: CallbackQuery, state: FSMContext, area: AreaProfile
) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await start_report(callback.message, state, area)


async def ask_category(callback: CallbackQuery, state: FSMContext) -> None:
    await callback.answer()
    await state.set_state(ReportForm.choosing_category)
    await callback.bot.send_message(
        callback.from_user.id,
        _("What is it about? Choose what fits best."),
        reply_markup=report_categories_keyboard(),
    )


async def choose_category(
    callback: CallbackQuery,
    callback_data: ReportCategoryCallback,
    state: FSMContext,
    area: AreaProfile,
) -> None:
    await REPORT_DRAFT.save(state, ReportDraftState(), category=callback_data.category)
    await state.set_state(ReportForm.choosing_place)
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _("Where is it? Choose a place, share a location, or describe the place in words."),
        reply_markup=report_places_keyboard(area),
    )


async def _ask_when(bot: Bot, chat_id: int, state: FSMContext) -> None:
    await state.set_state(ReportForm.choosing_when)
    await bot.send_message(chat_id, _("When was it?"), reply_markup=report_when_keyboard())


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
    await _ask_when(callback.bot, callback.from_user.id, state)


async def share_location(message: Message, state: FSMContext) -> None:
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
    await _ask_when(message.bot, message.chat.id, state)


async def ask_place_description(callback: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(ReportForm.describing_place)
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _("Describe the place in a few words (at most {limit} characters).").format(
            limit=PLACE_TEXT_MAX
        ),
    )


async def describe_place(message: Message, state: FSMContext) -> None:
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
    await _ask_when(message.bot, message.chat.id, state)


async def explain_place_step(message: Message, area: AreaProfile) -> None:
    await message.answer(
        _(
            "Please choose a place with the buttons, share a location, or press "
            "“Describe the place in words”."
        ),
        reply_markup=report_places_keyboard(area),
    )

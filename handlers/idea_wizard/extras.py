"""Idea wizard, optional step: a photo, a location or a place from the area profile."""

from __future__ import annotations

from html import escape

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.views.callbacks import (
    IdeaPlaceCallback,
)
from bot.views.keyboards.ideas import (
    extras_keyboard,
    places_keyboard,
)
from handlers.idea_wizard.draft import IDEA_DRAFT
from handlers.idea_wizard.writing import extras_prompt
from handlers.photos import AlbumCollector, add_photo_id, limit_text, photo_file_id
from handlers.step_context import StepContext

__all__ = [
    "add_location",
    "add_photo",
    "choose_no_place",
    "choose_place",
    "explain_extras",
    "show_places",
]


async def add_photo(
    message: Message, state: FSMContext, albums: AlbumCollector, step: StepContext
) -> None:
    file_id = photo_file_id(message)
    assert file_id is not None
    draft = await IDEA_DRAFT.read(state)
    photos = add_photo_id(draft.photo_file_ids, file_id)
    if photos is not None:
        await IDEA_DRAFT.save(state, draft, photo_file_ids=photos)
    if message.media_group_id:
        await albums.note(state, message.media_group_id, IDEA_DRAFT.key, photos is not None, step)
        return
    text = _("Photo added.") if photos is not None else limit_text(1)
    await message.answer(text, reply_markup=extras_keyboard())


async def add_location(message: Message, state: FSMContext) -> None:
    assert message.location
    draft = await IDEA_DRAFT.read(state)
    await IDEA_DRAFT.save(
        state,
        draft,
        latitude=message.location.latitude,
        longitude=message.location.longitude,
        place_id=None,
    )
    await message.answer(_("Location added."), reply_markup=extras_keyboard())


async def show_places(callback: CallbackQuery, area: AreaProfile) -> None:
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        # Translators: asked while sharing an idea; the buttons below list the area's places.
        # Translate the question as written: which place the idea concerns.
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
    draft = await IDEA_DRAFT.read(state)
    await IDEA_DRAFT.save(state, draft, place_id=place.id, latitude=None, longitude=None)
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _("Place: {place}").format(place=escape(place.name)),
        reply_markup=extras_keyboard(),
    )


async def choose_no_place(callback: CallbackQuery, state: FSMContext) -> None:
    draft = await IDEA_DRAFT.read(state)
    await IDEA_DRAFT.save(state, draft, place_id=None, latitude=None, longitude=None)
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id, _("No particular place."), reply_markup=extras_keyboard()
    )


async def explain_extras(message: Message) -> None:
    await message.answer(extras_prompt(), reply_markup=extras_keyboard())

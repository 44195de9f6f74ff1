"""A photo sent "as a file" (``IMG_2031.jpg`` as a document, common on Android), at a
step that takes photos: kept as a photo, but only once its metadata is gone.

The file is downloaded (getFile), encoded again without its EXIF (GPS position, camera
serial, owner's name: ``bot.services.image_files``), and the clean image is sent back to
the resident as a photo. Only that photo's file id is kept; the original file's id is
not stored anywhere. Too large, or not an image Pillow can read: the resident is told.
At a step that asks for the words, the file's caption is taken as them, as a photo's is.
Several files sent together (an album) are answered once, like an album of photos, and a
file of an album whose first picture moved the wizard on is still kept.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, Message
from aiohttp import ClientError

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.services.image_files import (
    IMAGE_FILE_MAX_BYTES,
    ImageFileProblem,
    is_image_type,
    problem_with_file,
    without_metadata,
)
from db.models import Resident
from handlers.idea_wizard.draft import IDEA_DRAFT
from handlers.idea_wizard.states import IdeaForm
from handlers.idea_wizard.writing import receive_text
from handlers.photos import AlbumCollector, add_photo_id, limit_text
from handlers.photos.albums import album_being_collected
from handlers.safety.draft import REPORT_DRAFT
from handlers.safety.states import ReportForm
from handlers.safety.what import describe
from handlers.step_context import StepContext, StepContextMiddleware
from handlers.wizard_steps import ask_current_step_again

__all__ = ["build_router", "image_file_refusal"]

logger = logging.getLogger(__name__)

# The steps that take photos, and the draft each one fills.
PHOTO_STEPS = {
    IdeaForm.writing_text.state: IDEA_DRAFT.key,
    IdeaForm.adding_extras.state: IDEA_DRAFT.key,
    ReportForm.describing.state: REPORT_DRAFT.key,
    ReportForm.adding_photo.state: REPORT_DRAFT.key,
}


async def is_image_file(message: Message, state: FSMContext) -> dict[str, str] | bool:
    """A picture file at a step that takes photos, or of an album being collected whose
    first picture moved the wizard on; gives the handler the draft it fills."""
    document = message.document
    if document is None or not is_image_type(document.mime_type):
        return False
    album = album_being_collected(await state.get_data(), message)
    slot = album["slot"] if album else PHOTO_STEPS.get(await state.get_state() or "")
    return {"photo_slot": slot} if slot else False


def image_file_refusal(problem: ImageFileProblem) -> str:
    if problem is ImageFileProblem.TOO_LARGE:
        return _(
            "This file is larger than {size} MB. Please send the picture as a photo instead."
        ).format(size=IMAGE_FILE_MAX_BYTES // (1024 * 1024))
    return _("I could not open this file as a picture. Please send it as a photo instead.")


async def _download(bot: Bot, file_id: str) -> bytes | None:
    try:
        downloaded = await bot.download(file_id)
    except (TelegramAPIError, ClientError, OSError, TimeoutError):
        logger.warning("an image file could not be downloaded", exc_info=True)
        return None
    return downloaded.read() if downloaded is not None else None


async def take_image_file(
    message: Message,
    state: FSMContext,
    bot: Bot,
    step: StepContext,
    resident: Resident,
    area: AreaProfile,
    albums: AlbumCollector,
    photo_slot: str,
) -> None:
    document = message.document
    assert document is not None
    # The step stays as it is while the file is handled: one resident's updates come in turn.
    step_name = await state.get_state() or ""
    draft = dict((await state.get_data()).get(photo_slot) or {})
    photos = list(draft.get("photo_file_ids") or [])
    if add_photo_id(photos, document.file_id) is None:
        if message.media_group_id:
            await albums.note(state, message.media_group_id, photo_slot, False, step)
        else:
            await message.answer(limit_text(1))
        return
    if problem := problem_with_file(document.mime_type, document.file_size):
        await message.answer(image_file_refusal(problem))
        return
    data = await _download(bot, document.file_id)
    clean = await asyncio.to_thread(without_metadata, data) if data is not None else None
    if clean is None:
        await message.answer(image_file_refusal(ImageFileProblem.NOT_AN_IMAGE))
        return
    sent = await bot.send_photo(
        message.chat.id,
        BufferedInputFile(clean, filename="photo.jpg"),
        caption=_(
            "I kept your picture as this photo, without the file's location and camera data."
        ),
    )
    assert sent.photo
    kept = add_photo_id(photos, sent.photo[-1].file_id)
    await state.update_data({photo_slot: {**draft, "photo_file_ids": kept}})
    if message.caption:
        # The words that came with the picture, taken at the step that asks for them as
        # a photo's caption is (a document is no photo there, so it is not kept twice).
        if step_name == IdeaForm.writing_text.state:
            await receive_text(message, state, resident, albums, step, picture_kept=True)
            return
        if step_name == ReportForm.describing.state:
            await describe(message, state, resident, area, albums, step, picture_kept=True)
            return
    if step_name == ReportForm.adding_photo.state:
        await state.set_state(ReportForm.choosing_visibility)
    if message.media_group_id:
        await albums.note(state, message.media_group_id, photo_slot, True, step)
        return
    timeout = timedelta(minutes=step.settings.wizard_timeout_minutes)
    await ask_current_step_again(step, timeout)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.middleware(StepContextMiddleware())
    router.message.register(take_image_file, is_image_file)
    return router

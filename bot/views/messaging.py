"""Small helpers for answering that survive what Telegram does to old messages."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, InputMediaPhoto, Message

from bot.i18n import gettext as _

__all__ = [
    "CAPTION_LIMIT",
    "edit_buttons",
    "give_back_too_long",
    "replace_message",
    "send_album",
    "send_card",
]

# Telegram allows 1024 characters in a caption; counted here with the HTML tags, which
# can only overestimate.
CAPTION_LIMIT = 1024


async def replace_message(
    callback: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Show ``text`` in place of the message whose button was pressed.

    A second tap on the same button would edit to identical content, which Telegram
    rejects; a message older than 48 hours cannot be edited at all. The first is not an
    error, the second gets a fresh message.
    """
    message = callback.message
    if isinstance(message, Message):
        try:
            await message.edit_text(text, reply_markup=reply_markup)
        except TelegramBadRequest as error:
            if "message is not modified" in error.message:
                return
            if "can't be edited" not in error.message and "not found" not in error.message:
                raise
        else:
            return
    if callback.message is not None:
        await callback.bot.send_message(callback.message.chat.id, text, reply_markup=reply_markup)


async def edit_buttons(callback: CallbackQuery, reply_markup: InlineKeyboardMarkup) -> None:
    """Change only the buttons of the message whose button was pressed; a second tap that
    would change nothing is not an error."""
    message = callback.message
    if not isinstance(message, Message):
        return
    try:
        await message.edit_reply_markup(reply_markup=reply_markup)
    except TelegramBadRequest as error:
        if "message is not modified" not in error.message:
            raise


async def send_card(
    bot: Bot,
    chat_id: int,
    text: str,
    photo_file_ids: Sequence[str],
    reply_markup: InlineKeyboardMarkup | None = None,
) -> Message:
    """A text with its photos. One photo carries the text as its caption when it fits;
    several go first as an album (which cannot carry buttons), then the text.

    Returns the message that carries the text (and the buttons).
    """
    if not photo_file_ids:
        return await bot.send_message(chat_id, text, reply_markup=reply_markup)
    if len(photo_file_ids) > 1:
        await send_album(bot, chat_id, photo_file_ids)
        return await bot.send_message(chat_id, text, reply_markup=reply_markup)
    (photo_file_id,) = photo_file_ids
    if len(text) <= CAPTION_LIMIT:
        return await bot.send_photo(chat_id, photo_file_id, caption=text, reply_markup=reply_markup)
    await bot.send_photo(chat_id, photo_file_id)
    return await bot.send_message(chat_id, text, reply_markup=reply_markup)


async def send_album(bot: Bot, chat_id: int, photo_file_ids: Sequence[str]) -> None:
    """Photos as one album; a single one as a photo (an album needs two to ten, and an
    idea or report has at most five)."""
    if len(photo_file_ids) == 1:
        await bot.send_photo(chat_id, photo_file_ids[0])
        return
    await bot.send_media_group(chat_id, [InputMediaPhoto(media=item) for item in photo_file_ids])


async def give_back_too_long(message: Message, text: str, limit: int) -> None:
    """Refuse a text over ``limit`` and hand it back whole, so nothing is lost or cut."""
    await message.answer(
        _(
            "Your text has {count} characters; the limit is {limit}. "
            "Please shorten it and send it again. Here is what you wrote:"
        ).format(count=len(text), limit=limit)
    )
    # Plain text: what the resident wrote comes back exactly, never read as formatting.
    await message.answer(text, parse_mode=None)

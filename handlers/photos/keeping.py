"""Putting a photo into a draft: the limit, and what the resident is told when it is hit."""

from __future__ import annotations

from aiogram.types import Message

from bot.i18n import gettext as _
from db.models import MAX_PHOTOS

__all__ = ["add_photo_id", "limit_text", "photo_file_id"]


def photo_file_id(message: Message) -> str | None:
    """The largest size of the message's photo, the one worth keeping."""
    return message.photo[-1].file_id if message.photo else None


def add_photo_id(photo_file_ids: list[str], file_id: str) -> list[str] | None:
    """The draft's photos with this one added; None when the draft is full."""
    if len(photo_file_ids) >= MAX_PHOTOS:
        return None
    return [*photo_file_ids, file_id]


def limit_text(refused: int) -> str:
    return _(
        "{count} photo was not added: you can add at most {limit} photos. "
        "The ones already added are kept.",
        "{count} photos were not added: you can add at most {limit} photos. "
        "The ones already added are kept.",
        refused,
    ).format(count=refused, limit=MAX_PHOTOS)

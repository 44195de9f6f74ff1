"""The /announce wizard's draft: the organiser's texts per language, a photo, the audience."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from handlers.drafts import DraftSlot

__all__ = ["ANNOUNCEMENT_DRAFT", "CAPTION_LIMIT", "TEXT_LIMIT", "AnnouncementDraft"]

TEXT_LIMIT = 3500  # Telegram's 4096, less the frame around it in the longest language.
CAPTION_LIMIT = 900  # Telegram's 1024 for a caption, less the frame.


class AnnouncementDraft(BaseModel):
    # Texts per language code; the default language is always the first.
    texts: dict[str, str]
    photo_file_id: str | None = None
    # One language's residents only; None for everyone.
    audience_language: str | None = None

    @property
    def text_limit(self) -> int:
        """With a photo the text goes out as its caption, which Telegram keeps shorter."""
        return CAPTION_LIMIT if self.photo_file_id else TEXT_LIMIT

    def as_content(self) -> dict[str, Any]:
        """The broadcast's content, as the queue renders it (bot/delivery/broadcast_queue)."""
        return {"texts": self.texts, "photo": self.photo_file_id}


ANNOUNCEMENT_DRAFT = DraftSlot(AnnouncementDraft, key="announcement_draft")

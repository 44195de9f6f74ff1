"""The idea wizard's draft, kept in the FSM storage through a typed model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, model_validator

from bot.services.idea_submission import IdeaDraft
from handlers.drafts import DraftSlot, SentTexts, single_photo_as_list

__all__ = ["IDEA_DRAFT", "SENT_IDEA_TEXTS", "DraftState"]

# An edit of the message a sent idea's words came from is answered (handlers.idea_wizard.edits).
SENT_IDEA_TEXTS = SentTexts("sent_idea_texts")


class DraftState(BaseModel):
    category: str
    body: str | None = None
    # The message the words came from: an edit of it changes them (handlers.idea_wizard.edits).
    body_message_id: int | None = None
    language: str = "sv"
    voice_file_id: str | None = None
    photo_file_ids: list[str] = []
    place_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # The ideas offered as similar, so the step can be shown again (after /language).
    similar: list[int] = []

    @model_validator(mode="before")
    @classmethod
    def _single_photo(cls, data: Any) -> Any:
        return single_photo_as_list(data)

    def as_draft(self) -> IdeaDraft:
        fields = self.model_dump(exclude={"similar", "photo_file_ids", "body_message_id"})
        return IdeaDraft(**fields, photo_file_ids=tuple(self.photo_file_ids))


IDEA_DRAFT = DraftSlot(DraftState, key="idea_draft")

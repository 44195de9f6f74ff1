"""The idea wizard's draft, kept in the FSM storage through a typed model."""

from __future__ import annotations

from pydantic import BaseModel

from bot.services.idea_submission import IdeaDraft
from handlers.drafts import DraftSlot

__all__ = ["IDEA_DRAFT", "DraftState"]


class DraftState(BaseModel):
    category: str
    body: str | None = None
    language: str = "sv"
    voice_file_id: str | None = None
    photo_file_id: str | None = None
    place_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # The ideas offered as similar, so the step can be shown again (after /language).
    similar: list[int] = []

    def as_draft(self) -> IdeaDraft:
        return IdeaDraft(**self.model_dump(exclude={"similar"}))


IDEA_DRAFT = DraftSlot(DraftState, key="idea_draft")

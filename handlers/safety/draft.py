"""The safety wizard's draft, kept in the FSM storage through a typed model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, model_validator

from bot.i18n.languages import UNDETERMINED
from bot.services.safety import ReportDraft
from db.models import SafetyCategory, TimeOfDay, Visibility, WhenHappened
from handlers.drafts import DraftSlot, SentTexts, single_photo_as_list

__all__ = ["REPORT_DRAFT", "SENT_REPORT_TEXTS", "ReportDraftState"]


class ReportDraftState(BaseModel):
    category: SafetyCategory | None = None
    place_id: str | None = None
    place_text: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    happened: WhenHappened | None = None
    time_of_day: TimeOfDay | None = None
    body: str | None = None
    # The message the words came from: an edit of it changes them (handlers.safety.edits).
    body_message_id: int | None = None
    voice_file_id: str | None = None
    photo_file_ids: list[str] = []
    language: str = "sv"
    # What the text itself shows; None for a voice message or when unsure.
    content_language: str | None = None
    visibility: Visibility = Visibility.PRIVATE

    @model_validator(mode="before")
    @classmethod
    def _single_photo(cls, data: Any) -> Any:
        return single_photo_as_list(data)

    def as_draft(self) -> ReportDraft:
        if self.category is None or self.happened is None or self.time_of_day is None:
            raise ValueError("the report draft is not complete")
        return ReportDraft(
            category=self.category,
            happened=self.happened,
            time_of_day=self.time_of_day,
            visibility=self.visibility,
            # Staff know a private reporter; an anonymous one is not narrowed down by
            # their interface language, only by what the content shows.
            language=self.language
            if self.visibility is Visibility.PRIVATE
            else self.content_language or UNDETERMINED,
            body=self.body,
            voice_file_id=self.voice_file_id,
            photo_file_ids=tuple(self.photo_file_ids),
            place_id=self.place_id,
            place_text=self.place_text,
            latitude=self.latitude,
            longitude=self.longitude,
        )


REPORT_DRAFT = DraftSlot(ReportDraftState, key="report_draft")
# An edit of the message a sent report's words came from is answered (handlers.safety.edits).
SENT_REPORT_TEXTS = SentTexts("sent_report_texts")

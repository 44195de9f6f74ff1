"""The idea wizard's draft, kept in the FSM storage through a typed model."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from pydantic import BaseModel

from bot.services.ideas import IdeaDraft

__all__ = ["DraftState", "read_draft", "save_draft"]

_KEY = "idea_draft"


class DraftState(BaseModel):
    category: str
    body: str | None = None
    language: str = "sv"
    voice_file_id: str | None = None
    photo_file_id: str | None = None
    place_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    def as_draft(self) -> IdeaDraft:
        return IdeaDraft(**self.model_dump())


async def read_draft(state: FSMContext) -> DraftState:
    return DraftState.model_validate((await state.get_data())[_KEY])


async def save_draft(state: FSMContext, draft: DraftState) -> None:
    await state.update_data({_KEY: draft.model_dump(mode="json")})

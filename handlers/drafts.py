"""Where a wizard keeps what the user has entered so far: a pydantic model stored as JSON
under one key of the conversation's FSM data.

JSON, because the FSM storage may be Redis or the database, not this process's memory;
the model, because every step reads the same typed fields back.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from aiogram.fsm.context import FSMContext
from pydantic import BaseModel

__all__ = ["DraftSlot", "single_photo_as_list"]

Model = TypeVar("Model", bound=BaseModel)


class DraftSlot(Generic[Model]):
    """One wizard's draft: ``await slot.read(state)``, ``await slot.save(state, draft)``."""

    def __init__(self, model: type[Model], key: str) -> None:
        self.model = model
        self.key = key

    async def read(self, state: FSMContext) -> Model:
        """The draft so far. Nothing stored reads as an empty draft, which a model with
        required fields refuses (a ``ValidationError``, answered as any failure is)."""
        return self.model.model_validate((await state.get_data()).get(self.key) or {})

    async def save(self, state: FSMContext, draft: Model, **changes: Any) -> None:
        """Store ``draft``, with ``changes`` (field names and values) applied first."""
        if changes:
            draft = draft.model_copy(update=changes)
        await state.update_data({self.key: draft.model_dump(mode="json")})


def single_photo_as_list(data: Any) -> Any:
    """A draft saved before drafts held several photos: its one photo becomes the list."""
    if isinstance(data, dict) and data.get("photo_file_id"):
        data = {**data, "photo_file_ids": [data["photo_file_id"]]}
    return data

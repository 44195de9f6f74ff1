"""Where a wizard keeps what the user has entered so far: a pydantic model stored as JSON
under one key of the conversation's FSM data.

JSON, because the FSM storage may be Redis or the database, not this process's memory;
the model, because every step reads the same typed fields back.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import StatesGroup
from aiogram.types import Message
from pydantic import BaseModel

__all__ = ["DraftSlot", "EditsDraftWords", "EditsSentWords", "SentTexts", "single_photo_as_list"]

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


class SentTexts:
    """The messages the words of someone's last few sent drafts came from (ids only, no
    text), so that an edit of one is answered: the draft is gone, and the edit cannot
    reach what was sent."""

    def __init__(self, key: str, remembered: int = 3) -> None:
        self.key = key
        self.remembered = remembered

    async def remember(self, state: FSMContext, message_id: int | None) -> None:
        """After sending (the draft is gone)."""
        if message_id is None:
            return
        earlier = (await state.get_data()).get(self.key) or []
        await state.update_data({self.key: [*earlier, message_id][-self.remembered :]})

    async def include(self, state: FSMContext, message_id: int) -> bool:
        return message_id in ((await state.get_data()).get(self.key) or [])


class EditsDraftWords(Filter):
    """An edit of the message a wizard's draft took its words from (the draft's
    ``body_message_id``), while that wizard is open."""

    def __init__(self, slot: DraftSlot[Any], form: type[StatesGroup]) -> None:
        self.slot = slot
        self.form = form

    async def __call__(self, message: Message, state: FSMContext) -> bool:
        if await state.get_state() not in self.form.__all_states_names__:
            return False
        stored = (await state.get_data()).get(self.slot.key) or {}
        return stored.get("body_message_id") == message.message_id


class EditsSentWords(Filter):
    """An edit of the message one of the last few sent drafts took its words from."""

    def __init__(self, sent: SentTexts) -> None:
        self.sent = sent

    async def __call__(self, message: Message, state: FSMContext) -> bool:
        return await self.sent.include(state, message.message_id)


def single_photo_as_list(data: Any) -> Any:
    """A draft saved before drafts held several photos: its one photo becomes the list."""
    if isinstance(data, dict) and data.get("photo_file_id"):
        data = {**data, "photo_file_ids": [data["photo_file_id"]]}
    return data

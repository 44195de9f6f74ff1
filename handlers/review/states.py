"""What the review desk waits for staff to write."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup

__all__ = ["ReviewDesk"]


class ReviewDesk(StatesGroup):
    writing_note = State()
    writing_original = State()
    writing_reason = State()
    writing_to_author = State()

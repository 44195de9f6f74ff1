"""The steps of the idea wizard."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup

__all__ = ["IdeaForm"]


class IdeaForm(StatesGroup):
    choosing_category = State()
    writing_text = State()
    adding_extras = State()
    checking_similar = State()
    confirming = State()

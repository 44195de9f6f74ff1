"""The /announce wizard's steps."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup

__all__ = ["AnnounceForm"]


class AnnounceForm(StatesGroup):
    writing = State()
    translating = State()
    choosing_audience = State()
    confirming = State()

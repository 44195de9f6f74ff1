"""The steps of the safety-report wizard."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup

__all__ = ["ReportForm"]


class ReportForm(StatesGroup):
    reading_guidance = State()
    choosing_category = State()
    choosing_place = State()
    describing_place = State()
    choosing_when = State()
    choosing_time = State()
    describing = State()
    adding_photo = State()
    choosing_visibility = State()
    confirming = State()

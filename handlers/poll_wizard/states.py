"""The /newpoll wizard's steps: its states, and the buttons that move between them."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup

from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import PollWizardCallback, PollWizardStep

__all__ = ["PollForm", "step_buttons"]


class PollForm(StatesGroup):
    question = State()
    options = State()
    translating = State()
    choosing_mode = State()
    choosing_results = State()
    choosing_deadline = State()
    choosing_audience = State()
    confirming = State()


def step_buttons(*steps: tuple[PollWizardStep, str]) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for step, label in steps:
        builder.button(text=label, callback_data=PollWizardCallback(step=step))
    builder.adjust(1)
    return builder.as_markup()

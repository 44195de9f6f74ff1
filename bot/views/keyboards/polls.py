"""Keyboards of the organisers' poll screens."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import gettext as _
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import PollAction, PollManageCallback

__all__ = ["poll_results_keyboard"]


def poll_results_keyboard(poll_id: int, is_open: bool) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    actions = [(PollAction.CHART, _("📊 Chart")), (PollAction.CSV, _("⬇️ CSV files"))]
    if is_open:
        actions.append((PollAction.CLOSE, _("🔒 Close the poll now")))
    actions.append((PollAction.LIST, _("⬅️ All polls")))
    for action, label in actions:
        builder.button(text=label, callback_data=PollManageCallback(action=action, poll_id=poll_id))
    builder.adjust(2, 1, 1)
    return builder.as_markup()

"""Staff choosing a CSV export."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.services.exports import ExportKind

__all__ = ["ExportCallback"]


class ExportCallback(CallbackData, prefix="ex"):
    kind: ExportKind

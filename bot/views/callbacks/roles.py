"""Administrators revoking a role."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.views.callbacks.bounds import RowId

__all__ = ["RevokeRoleCallback"]


class RevokeRoleCallback(CallbackData, prefix="rr"):
    resident_id: RowId

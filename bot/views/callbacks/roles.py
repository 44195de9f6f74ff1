"""Administrators revoking a role."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

__all__ = ["RevokeRoleCallback"]


class RevokeRoleCallback(CallbackData, prefix="rr"):
    resident_id: int

"""Being forgotten: what the resident chooses to keep or erase."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

__all__ = ["ForgetCallback", "ForgetChoice"]


class ForgetChoice(StrEnum):
    KEEP_CONTRIBUTIONS = "keep"
    DELETE_EVERYTHING = "all"
    CANCEL = "cancel"


class ForgetCallback(CallbackData, prefix="fg"):
    choice: ForgetChoice

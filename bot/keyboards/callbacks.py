"""Every ``CallbackData`` factory, in one place so prefixes stay short and unique.

Values are ids and enum members only: ``callback_data`` is 64 bytes, and text (an
Arabic word is two bytes a letter) would not fit and would leak into logs.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

__all__ = ["LanguageCallback", "MenuAction", "MenuCallback", "RevokeRoleCallback"]


class MenuAction(StrEnum):
    LANGUAGE = "lang"
    HELP = "help"


class MenuCallback(CallbackData, prefix="m"):
    action: MenuAction


class LanguageCallback(CallbackData, prefix="l"):
    code: str


class RevokeRoleCallback(CallbackData, prefix="rr"):
    resident_id: int

"""The main menu, and what residents set for themselves: language and what they receive."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

__all__ = ["LanguageCallback", "MenuAction", "MenuCallback", "SettingsCallback", "SettingsTopic"]


class MenuAction(StrEnum):
    LANGUAGE = "lang"
    HELP = "help"
    NEW_IDEA = "idea"
    IDEAS = "ideas"
    MINE = "mine"
    REPORT = "report"
    POLLS = "polls"


class MenuCallback(CallbackData, prefix="m"):
    action: MenuAction


class LanguageCallback(CallbackData, prefix="l"):
    code: str


class SettingsTopic(StrEnum):
    ANNOUNCEMENTS = "a"
    POLLS = "p"


class SettingsCallback(CallbackData, prefix="st"):
    topic: SettingsTopic

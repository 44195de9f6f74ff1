"""The poll wizard, residents' answers, and the organisers' poll management."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.views.callbacks.bounds import Count, RowId

__all__ = [
    "PollAction",
    "PollAnswerCallback",
    "PollManageCallback",
    "PollWizardCallback",
    "PollWizardStep",
]


class PollWizardStep(StrEnum):
    TRANSLATIONS_DONE = "done"
    TRANSLATE_MISSING = "mt"
    SINGLE_CHOICE = "one"
    MULTIPLE_CHOICE = "many"
    SHOW_RESULTS = "show"
    HIDE_RESULTS = "hide"
    NO_DEADLINE = "open"
    PREVIEW_TAP = "tap"
    SEND = "send"
    CANCEL = "cancel"


class PollWizardCallback(CallbackData, prefix="pw"):
    step: PollWizardStep


class PollAnswerCallback(CallbackData, prefix="pa"):
    poll_id: RowId
    option_id: RowId


class PollAction(StrEnum):
    LIST = "list"
    RESULTS = "res"
    CHART = "chart"
    CSV = "csv"
    CLOSE = "close"


class PollManageCallback(CallbackData, prefix="pm"):
    action: PollAction
    poll_id: RowId = 0
    page: Count = 0

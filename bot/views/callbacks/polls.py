"""The poll wizard, residents' answers, and the organisers' poll management."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

__all__ = [
    "PollAction",
    "PollAnswerCallback",
    "PollManageCallback",
    "PollWizardCallback",
    "PollWizardStep",
]


class PollWizardStep(StrEnum):
    TRANSLATIONS_DONE = "done"
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
    poll_id: int
    option_id: int


class PollAction(StrEnum):
    LIST = "list"
    RESULTS = "res"
    CHART = "chart"
    CSV = "csv"
    CLOSE = "close"


class PollManageCallback(CallbackData, prefix="pm"):
    action: PollAction
    poll_id: int = 0
    page: int = 0

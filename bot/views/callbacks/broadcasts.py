"""The announcement wizard, and who receives an announcement or a poll."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

__all__ = ["AnnounceCallback", "AnnounceStep", "AudienceCallback"]


class AnnounceStep(StrEnum):
    TRANSLATIONS_DONE = "done"
    TRANSLATE_MISSING = "mt"
    SEND = "send"
    CANCEL = "cancel"


class AnnounceCallback(CallbackData, prefix="an"):
    step: AnnounceStep


class AudienceCallback(CallbackData, prefix="aa"):
    """Who gets an announcement or a poll; the wizard's state says which."""

    # Empty: everyone who receives that kind of broadcast.
    language: str = ""

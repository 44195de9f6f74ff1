"""A draft open in one wizard while another is started: carry on with it, or delete it."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

__all__ = ["DraftKind", "OpenDraftCallback", "OpenDraftChoice"]


class DraftKind(StrEnum):
    IDEA = "i"
    REPORT = "r"
    POLL = "p"
    ANNOUNCEMENT = "a"


class OpenDraftChoice(StrEnum):
    CARRY_ON = "c"
    DELETE_AND_START = "d"


class OpenDraftCallback(CallbackData, prefix="od"):
    choice: OpenDraftChoice
    # The wizard the resident asked for when they were asked about the open draft.
    starting: DraftKind

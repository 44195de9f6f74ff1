"""The idea wizard, the list of ideas, votes, flags and withdrawing."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.services.ideas import IdeaOrder
from bot.views.callbacks.bounds import Count, RowId
from db.models import FlagReason

__all__ = [
    "IdeaCategoryCallback",
    "IdeaFilterCallback",
    "IdeaFlagCallback",
    "IdeaListCallback",
    "IdeaOpenCallback",
    "IdeaPhotosCallback",
    "IdeaPlaceCallback",
    "IdeaVoteCallback",
    "IdeaWithdrawCallback",
    "IdeaWizardCallback",
    "SupportInsteadCallback",
    "WizardAction",
]


class IdeaCategoryCallback(CallbackData, prefix="ic"):
    category: str


class WizardAction(StrEnum):
    CHOOSE_PLACE = "place"
    NO_PLACE = "noplace"
    NEXT = "next"
    OWN_IDEA = "own"
    SEND = "send"
    EDIT = "edit"
    CANCEL = "cancel"
    # Asked when the wizard is started again while its draft is open.
    RESUME = "resume"
    RESTART = "restart"


class IdeaWizardCallback(CallbackData, prefix="iw"):
    action: WizardAction


class IdeaPlaceCallback(CallbackData, prefix="ip"):
    place_id: str


class SupportInsteadCallback(CallbackData, prefix="is"):
    idea_id: RowId


class IdeaListCallback(CallbackData, prefix="il"):
    order: IdeaOrder
    category: str = ""
    page: Count = 0


class IdeaFilterCallback(CallbackData, prefix="ig"):
    """Asks which category the list should show."""

    order: IdeaOrder


class IdeaVoteCallback(CallbackData, prefix="iv"):
    """A vote from a list (its order, category and page redraw it) or from a card."""

    idea_id: RowId
    order: IdeaOrder = IdeaOrder.NEWEST
    category: str = ""
    page: Count = -1
    # What the tap asks for; None on buttons sent before taps said it (then it toggles).
    support: bool | None = None


class IdeaOpenCallback(CallbackData, prefix="io"):
    idea_id: RowId


class IdeaPhotosCallback(CallbackData, prefix="ih"):
    """Shows all of an idea's photos; its card carries only the first."""

    idea_id: RowId


class IdeaFlagCallback(CallbackData, prefix="if"):
    idea_id: RowId
    reason: FlagReason | None = None


class IdeaWithdrawCallback(CallbackData, prefix="ix"):
    idea_id: RowId
    confirmed: bool = False

"""The staff's review queue, its filters, and what staff do to an idea."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.services.review import QueueKind
from bot.views.callbacks.bounds import Count, RowId
from db.models import IdeaStatus

__all__ = [
    "ReviewAction",
    "ReviewActionCallback",
    "ReviewFilterCallback",
    "ReviewFilterField",
    "ReviewListCallback",
    "ReviewOpenCallback",
    "ReviewStatusCallback",
]


class ReviewFilterField(StrEnum):
    STATUS = "status"
    CATEGORY = "category"
    AGE = "age"


class ReviewListCallback(CallbackData, prefix="rq"):
    kind: QueueKind = QueueKind.IDEAS
    status: str = ""
    category: str = ""
    age: Count = 0
    most_supported: bool = False
    page: Count = 0


class ReviewFilterCallback(CallbackData, prefix="rf"):
    """Asks for a value of one filter; the others travel along unchanged."""

    field: ReviewFilterField
    kind: QueueKind = QueueKind.IDEAS
    status: str = ""
    category: str = ""
    age: Count = 0


class ReviewOpenCallback(CallbackData, prefix="ro"):
    kind: QueueKind
    item_id: RowId


class ReviewAction(StrEnum):
    STATUS = "status"
    DUPLICATE = "dup"
    HIDE = "hide"
    RESTORE = "restore"
    REPLY = "reply"
    BAN = "ban"
    UNBAN = "unban"
    # Closes the status picker without choosing.
    CANCEL = "cancel"


class ReviewActionCallback(CallbackData, prefix="ra2"):
    idea_id: RowId
    action: ReviewAction


class ReviewStatusCallback(CallbackData, prefix="rs2"):
    idea_id: RowId
    status: IdeaStatus

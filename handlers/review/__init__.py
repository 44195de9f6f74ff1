"""/review for staff: the queue of ideas and safety reports, and acting on an idea.

Opening an idea shows everything about it; staff set its status with a note, mark it a
duplicate, hide or show it again with a reason, or write to its author. Safety reports
open with the staff chat's own buttons. Every action lands in the audit log, and every
status change reaches the author and followers through the outbox.

    queue.py    the queue, its filters, and opening an idea or a report
    status.py   a new status with a note (the step shared with reports: handlers.status_note)
    actions.py  duplicate, hide or show again, write to the author
    states.py   what the desk waits for
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.filters.content import TEXT_NOT_A_COMMAND
from bot.filters.roles import HasRole
from bot.views.callbacks import (
    ReviewAction,
    ReviewActionCallback,
    ReviewFilterCallback,
    ReviewListCallback,
    ReviewOpenCallback,
    ReviewStatusCallback,
)
from db.models import Role
from handlers.review.actions import (
    PROMPTS,
    change_visibility,
    mark_duplicate,
    start_action,
    write_to_author,
)
from handlers.review.queue import choose_filter, open_item, start_review, turn_queue
from handlers.review.states import ReviewDesk
from handlers.review.status import (
    ask_for_note,
    choose_status,
    close_status_picker,
    set_status,
)

__all__ = ["STAFF_REVIEW_COMMANDS", "ReviewDesk", "build_router"]

STAFF_REVIEW_COMMANDS = ("review",)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.STAFF))
    router.callback_query.filter(HasRole(Role.STAFF))
    written = TEXT_NOT_A_COMMAND
    router.message.register(start_review, Command(*STAFF_REVIEW_COMMANDS))
    router.callback_query.register(turn_queue, ReviewListCallback.filter())
    router.callback_query.register(choose_filter, ReviewFilterCallback.filter())
    router.callback_query.register(open_item, ReviewOpenCallback.filter())
    router.callback_query.register(
        choose_status, ReviewActionCallback.filter(F.action == ReviewAction.STATUS)
    )
    router.callback_query.register(
        close_status_picker, ReviewActionCallback.filter(F.action == ReviewAction.CANCEL)
    )
    router.callback_query.register(
        start_action, ReviewActionCallback.filter(F.action.in_(set(PROMPTS)))
    )
    router.callback_query.register(ask_for_note, ReviewStatusCallback.filter())
    router.message.register(set_status, StateFilter(ReviewDesk.writing_note), written)
    router.message.register(mark_duplicate, StateFilter(ReviewDesk.writing_original), written)
    router.message.register(change_visibility, StateFilter(ReviewDesk.writing_reason), written)
    router.message.register(write_to_author, StateFilter(ReviewDesk.writing_to_author), written)
    return router

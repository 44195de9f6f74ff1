"""The question asked when a wizard is started while another one's draft is open."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import gettext as _
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import DraftKind, OpenDraftCallback, OpenDraftChoice

__all__ = ["open_draft_keyboard", "open_draft_question"]


def open_draft_question(open_draft: DraftKind) -> str:
    questions = {
        DraftKind.IDEA: _(
            "You have an idea you have not sent yet. Do you want to carry on with it, or "
            "delete it and go on?"
        ),
        DraftKind.REPORT: _(
            "You have a report you have not sent yet. Do you want to carry on with it, or "
            "delete it and go on?"
        ),
        DraftKind.POLL: _(
            "You have a poll you have not sent yet. Do you want to carry on with it, or "
            "delete it and go on?"
        ),
        DraftKind.ANNOUNCEMENT: _(
            "You have an announcement you have not sent yet. Do you want to carry on with "
            "it, or delete it and go on?"
        ),
    }
    return questions[open_draft]


def open_draft_keyboard(starting: DraftKind) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(
        text=_("✏️ Carry on with the draft"),
        callback_data=OpenDraftCallback(choice=OpenDraftChoice.CARRY_ON, starting=starting),
    )
    builder.button(
        text=_("🗑 Delete it and go on"),
        callback_data=OpenDraftCallback(choice=OpenDraftChoice.DELETE_AND_START, starting=starting),
    )
    builder.adjust(1)
    return builder.as_markup()

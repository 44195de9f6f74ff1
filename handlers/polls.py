"""Residents answer polls: a tap on an option, and /polls for the ones still open.

The answer is saved before anything is said; the message then shows the resident's
choice (and the results, if the poll shows them), in their language.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import gettext as _
from bot.i18n import ngettext
from bot.services.poll_answers import AnswerOutcome, PollShapes, answer_poll
from bot.services.polls import load_poll, open_polls_for
from bot.settings import Settings
from bot.views.callbacks import MenuAction, MenuCallback, PollAnswerCallback
from bot.views.messaging import replace_message
from bot.views.poll_cards import PollCard, PollKeyboards
from db.models import Resident
from db.session import UnitOfWorkSession
from db.types import utc_now

__all__ = ["RESIDENT_POLL_COMMANDS", "build_router", "register_taps", "send_open_polls"]

RESIDENT_POLL_COMMANDS = ("polls",)
# More than a handful at once would bury the chat; the rest come after these are answered.
POLLS_AT_ONCE = 5


def _answer_notice(outcome: AnswerOutcome) -> str:
    # Only the one text needed is looked up: this runs on every tap.
    match outcome:
        case AnswerOutcome.SAVED:
            return _("Thank you! Your answer is saved.")
        case AnswerOutcome.CHANGED:
            return _("Your answer is changed.")
        case AnswerOutcome.UNCHANGED:
            return _("This is already your answer.")
        case AnswerOutcome.REMOVED:
            # Translators: a pop-up in a poll where several answers are allowed: the
            # resident tapped an option already chosen, so it is taken out of their answer.
            return _("This option is removed from your answer.")
        case AnswerOutcome.CLOSED:
            return _("This poll is closed. Your tap was not counted.")
        case AnswerOutcome.NO_SUCH_OPTION:
            # Translators: a pop-up: the organiser removed the option the resident tapped.
            return _("This poll no longer has that option.")


async def answer(
    callback: CallbackQuery,
    callback_data: PollAnswerCallback,
    session: UnitOfWorkSession,
    resident: Resident,
    settings: Settings,
    poll_shapes: PollShapes,
    poll_keyboards: PollKeyboards,
) -> None:
    # answer_poll writes the tap in one statement (db.driver's one_change).
    async with session.driver(write=True, one_change=True) as unit:
        shape = await poll_shapes.get(unit, callback_data.poll_id)
        tap = None
        if shape is not None:
            tap = await answer_poll(
                unit,
                shape,
                callback_data.option_id,
                resident_id=resident.id,
                language=resident.language,
                now=utc_now(),
            )
    outcome = tap.outcome if tap else AnswerOutcome.NO_SUCH_OPTION
    refused = outcome in (AnswerOutcome.CLOSED, AnswerOutcome.NO_SUCH_OPTION)
    await callback.answer(_answer_notice(outcome), show_alert=refused)
    if shape is None or tap is None or outcome is AnswerOutcome.NO_SUCH_OPTION:
        return
    card = PollCard.of_shape(shape)
    language = card.language_for(resident.language, settings.default_locale)
    # Results once answered, or the final ones for everyone when the poll has closed.
    shown = shape.shows_results and (bool(tap.chosen) or tap.closed)
    await replace_message(
        callback,
        card.text(
            language, settings.zone, closed=tap.closed, results=tap.results if shown else None
        ),
        None if tap.closed else poll_keyboards.get(card, language, tap.chosen),
    )


async def send_open_polls(
    message: Message, session: AsyncSession, resident: Resident, settings: Settings
) -> None:
    async with session.read():
        polls = await open_polls_for(session, resident, utc_now())
        cards = []
        for poll in polls[:POLLS_AT_ONCE]:
            loaded = await load_poll(session, poll.id)
            assert loaded is not None
            cards.append(PollCard.of(*loaded))
    if not polls:
        await message.answer(_("There are no open polls for you right now."))
        return
    await message.answer(
        ngettext(
            "You have {count} open poll to answer.",
            "You have {count} open polls to answer.",
            len(polls),
        ).format(count=len(polls))
    )
    for card in cards:
        language = card.language_for(resident.language, settings.default_locale)
        await message.answer(
            card.text(language, settings.zone), reply_markup=card.keyboard(language)
        )


async def open_polls_from_menu(
    callback: CallbackQuery, session: AsyncSession, resident: Resident, settings: Settings
) -> None:
    await callback.answer()
    if isinstance(callback.message, Message):
        await send_open_polls(callback.message, session, resident, settings)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(send_open_polls, Command(*RESIDENT_POLL_COMMANDS))
    router.callback_query.register(
        open_polls_from_menu, MenuCallback.filter(F.action == MenuAction.POLLS)
    )
    return router


def register_taps(router: Router) -> None:
    """Answers to a poll: the busiest update there is when a poll has just gone out (see
    handlers._taps)."""
    router.callback_query.register(answer, PollAnswerCallback.filter())

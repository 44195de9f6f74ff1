"""Staff ban and unban the author of an idea from the review screen.

A ban asks for a reason (kept in the audit log); lifting one does not. The author's
identity is never shown to staff: they act on "the author of idea #12".
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.filters.content import TEXT_NOT_A_COMMAND
from bot.filters.roles import HasRole
from bot.i18n import gettext as _
from bot.services.bans import BanOutcome, author_of, ban_resident, lift_ban
from bot.views.callbacks import ReviewAction, ReviewActionCallback
from db.models import Resident, Role
from db.types import utc_now

__all__ = ["BanDesk", "build_router", "reason_prompt"]

REASON_LIMIT = 500


class BanDesk(StatesGroup):
    writing_reason = State()


def _outcome_text(outcome: BanOutcome, banning: bool, idea_id: int) -> str:
    if outcome is BanOutcome.NOBODY:
        if not banning:
            return _("The author can no longer be reached.")
        return _("The author's data has been erased: there is nobody to ban.")
    if outcome is BanOutcome.HAS_ROLE:
        return _("The author is staff, an organiser or an administrator and cannot be banned.")
    if banning:
        text = (
            _(
                "The author of idea #{number} is banned: they are told once, then the bot "
                "no longer answers them."
            )
            if outcome is BanOutcome.DONE
            else _("The author of idea #{number} was already banned.")
        )
    else:
        text = (
            _("The ban on the author of idea #{number} is lifted.")
            if outcome is BanOutcome.DONE
            else _("The author of idea #{number} was not banned.")
        )
    return text.format(number=idea_id)


async def ask_for_reason(
    callback: CallbackQuery, callback_data: ReviewActionCallback, state: FSMContext
) -> None:
    await state.set_state(BanDesk.writing_reason)
    await state.update_data(idea_id=callback_data.idea_id)
    await callback.answer()
    await callback.bot.send_message(callback.from_user.id, reason_prompt(callback_data.idea_id))


def reason_prompt(idea_id: int) -> str:
    return _(
        "Why ban the author of idea #{number}? They will get one message and then "
        "the bot no longer answers them. Write the reason (it is kept in the audit "
        "log), or /cancel."
    ).format(number=idea_id)


async def ban_author(
    message: Message, state: FSMContext, session: AsyncSession, resident: Resident
) -> None:
    reason = (message.text or "").strip()[:REASON_LIMIT]
    idea_id = (await state.get_data())["idea_id"]
    await state.clear()
    async with session.begin():
        author = await author_of(session, idea_id)
        outcome = await ban_resident(session, resident, author, reason, utc_now())
    await message.answer(_outcome_text(outcome, True, idea_id))


async def unban_author(
    callback: CallbackQuery,
    callback_data: ReviewActionCallback,
    session: AsyncSession,
    resident: Resident,
) -> None:
    async with session.begin():
        author = await author_of(session, callback_data.idea_id)
        outcome = await lift_ban(session, resident, author)
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id, _outcome_text(outcome, False, callback_data.idea_id)
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.STAFF))
    router.callback_query.filter(HasRole(Role.STAFF))
    router.callback_query.register(
        ask_for_reason, ReviewActionCallback.filter(F.action == ReviewAction.BAN)
    )
    router.callback_query.register(
        unban_author, ReviewActionCallback.filter(F.action == ReviewAction.UNBAN)
    )
    router.message.register(ban_author, StateFilter(BanDesk.writing_reason), TEXT_NOT_A_COMMAND)
    return router

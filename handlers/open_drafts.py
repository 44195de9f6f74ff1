"""The answer to "carry on with your draft, or delete it and go on?", asked when a wizard
is started while another one's draft is open (``ask_about_open_draft``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.filters.roles import HasRole
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.settings import Settings
from bot.views.callbacks import DraftKind, OpenDraftCallback, OpenDraftChoice
from db.models import Resident, Role
from handlers.announce.steps import start_announcement
from handlers.draft_choice import no_draft_any_more, take_choice
from handlers.idea_wizard.writing import start_idea
from handlers.poll_wizard.steps import start_poll
from handlers.safety.where import start_report
from handlers.step_context import StepContext
from handlers.wizard_steps import ask_current_step_again

__all__ = ["build_router"]

_ORGANISERS_ONLY = {DraftKind.POLL, DraftKind.ANNOUNCEMENT}
_IS_ORGANISER = HasRole(Role.ORGANISER)


async def carry_on(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    area: AreaProfile,
    settings: Settings,
    i18n: Catalogues,
) -> None:
    if await state.get_state() is None:
        await no_draft_any_more(callback)
        return
    if not await take_choice(callback, state):
        return
    chat_id = callback.message.chat.id if callback.message else callback.from_user.id
    step = StepContext(callback.bot, chat_id, state, session, resident, area, settings, i18n)
    if not await ask_current_step_again(step, timedelta(minutes=settings.wizard_timeout_minutes)):
        # It ran out while the question waited.
        await callback.bot.send_message(
            chat_id,
            _("That draft is no longer open, so nothing was changed. Start again from the menu."),
        )


async def delete_and_start(
    callback: CallbackQuery,
    callback_data: OpenDraftCallback,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    area: AreaProfile,
    settings: Settings,
) -> None:
    starting = callback_data.starting
    if starting in _ORGANISERS_ONLY and not await _IS_ORGANISER(callback, resident):
        await callback.answer(_("This button no longer works. Type /start to see the menu."))
        return
    if await state.get_state() is None:
        await no_draft_any_more(callback)
        return
    if not await take_choice(callback, state) or not isinstance(callback.message, Message):
        return
    await state.clear()
    starts: dict[DraftKind, Callable[[Message], Awaitable[None]]] = {
        DraftKind.IDEA: lambda message: start_idea(
            message, state, session, resident, settings, area
        ),
        DraftKind.REPORT: lambda message: start_report(message, state, area),
        DraftKind.POLL: lambda message: start_poll(message, state, settings),
        DraftKind.ANNOUNCEMENT: lambda message: start_announcement(message, state, settings),
    }
    await starts[starting](callback.message)


def build_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        carry_on, OpenDraftCallback.filter(F.choice == OpenDraftChoice.CARRY_ON)
    )
    router.callback_query.register(
        delete_and_start, OpenDraftCallback.filter(F.choice == OpenDraftChoice.DELETE_AND_START)
    )
    return router

"""Starting a wizard again while its draft is open: the resident is asked whether to
carry on with the draft or start over, instead of losing it without a word.

Whether the question is still open is kept with the draft, so a second tap on either
button (or a tap on an older copy of the question) changes nothing and is told so; a
tap once the draft is gone is told that too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.settings import Settings
from db.models import Resident
from handlers.step_context import StepContext

__all__ = [
    "has_draft",
    "mark_choice_asked",
    "no_draft_any_more",
    "resume_draft",
    "take_choice",
]

_ASKED = "resume_or_restart_asked"


async def has_draft(state: FSMContext, form: type[StatesGroup], *empty_steps: State) -> bool:
    """True when ``form`` is open past its ``empty_steps``: something was chosen or
    written. Before that nothing would be lost, so the wizard simply starts again."""
    current = await state.get_state()
    empty = {step.state for step in empty_steps}
    return current in form.__all_states_names__ and current not in empty


async def mark_choice_asked(state: FSMContext) -> None:
    await state.update_data({_ASKED: True})


async def take_choice(callback: CallbackQuery, state: FSMContext) -> bool:
    """True for the first answer to the question; later taps get a pop-up instead."""
    if not (await state.get_data()).get(_ASKED):
        await callback.answer(_("You have already chosen. Carry on from the last message."))
        return False
    await state.update_data({_ASKED: None})
    await callback.answer()
    return True


async def no_draft_any_more(callback: CallbackQuery) -> None:
    """A tap on the question after the draft was sent, cancelled or put away."""
    await callback.answer(
        _("That draft is no longer open, so nothing was changed. Start again from the menu.")
    )


async def resume_draft(
    callback: CallbackQuery,
    state: FSMContext,
    prompts: Mapping[str | None, Callable[[StepContext], Awaitable[object]]],
    session: AsyncSession,
    resident: Resident,
    area: AreaProfile,
    settings: Settings,
    i18n: Catalogues,
) -> None:
    """ "Carry on": the wizard's current step, asked again as the step itself asks it."""
    if not await take_choice(callback, state):
        return
    prompt = prompts[await state.get_state()]
    await prompt(
        StepContext(
            callback.bot, callback.from_user.id, state, session, resident, area, settings, i18n
        )
    )

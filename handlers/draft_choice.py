"""Starting a wizard while a draft is open, in it or in another wizard: the resident is
asked whether to carry on with the draft or let it go, instead of losing it without a
word.

Whether the question is still open is kept with the draft, so a second tap on either
button (or a tap on an older copy of the question) changes nothing and is told so; a
tap once the draft is gone is told that too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from functools import cache

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.settings import Settings
from bot.views.callbacks import DraftKind
from bot.views.keyboards.drafts import open_draft_keyboard, open_draft_question
from db.models import Resident
from handlers.step_context import StepContext

__all__ = [
    "ask_about_open_draft",
    "has_draft",
    "mark_choice_asked",
    "no_draft_any_more",
    "open_draft",
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


@cache
def _wizards() -> dict[str, tuple[DraftKind, frozenset[str]]]:
    """Each wizard's state group by name: its kind, and the steps before anything is
    chosen or written (nothing to lose there)."""
    # Imported when first asked, not with this module: the wizards import this module.
    from handlers.announce.states import AnnounceForm
    from handlers.idea_wizard.states import IdeaForm
    from handlers.poll_wizard.states import PollForm
    from handlers.safety.states import ReportForm

    empty_steps = {
        DraftKind.IDEA: (IdeaForm, {IdeaForm.choosing_category}),
        DraftKind.REPORT: (ReportForm, {ReportForm.reading_guidance, ReportForm.choosing_category}),
        DraftKind.POLL: (PollForm, {PollForm.question}),
        DraftKind.ANNOUNCEMENT: (AnnounceForm, {AnnounceForm.writing}),
    }
    return {
        form.__full_group_name__: (kind, frozenset(step.state for step in steps))
        for kind, (form, steps) in empty_steps.items()
    }


async def open_draft(state: FSMContext) -> DraftKind | None:
    """The wizard whose draft is open, if something in it was chosen or written."""
    current = await state.get_state()
    if current is None:
        return None
    found = _wizards().get(current.split(":", 1)[0])
    if found is None or current in found[1]:
        return None
    return found[0]


# These two ask about their own open draft themselves, offering to start it over.
_ASK_ABOUT_THEIR_OWN = frozenset({DraftKind.IDEA, DraftKind.REPORT})


async def ask_about_open_draft(message: Message, state: FSMContext, starting: DraftKind) -> bool:
    """True when a draft is open that starting this wizard would delete: the resident is
    asked first (carry on with it, or delete it and go on; handlers.open_drafts)."""
    open_kind = await open_draft(state)
    if open_kind is None or (open_kind is starting and starting in _ASK_ABOUT_THEIR_OWN):
        return False
    await mark_choice_asked(state)
    await message.answer(open_draft_question(open_kind), reply_markup=open_draft_keyboard(starting))
    return True


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

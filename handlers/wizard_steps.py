"""After a change of language in the middle of a wizard: its current question again, in
the new language, with the draft as it was (not the main menu, which would look as if the
wizard had ended while its draft stayed open)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.i18n import gettext as _
from bot.middlewares.wizard import TOUCHED_AT
from db.types import utc_now
from handlers.announce.prompts import STEP_PROMPTS as ANNOUNCE_PROMPTS
from handlers.desk_prompts import STEP_PROMPTS as DESK_PROMPTS
from handlers.idea_wizard.prompts import STEP_PROMPTS as IDEA_PROMPTS
from handlers.photos import limit_text
from handlers.poll_wizard.prompts import STEP_PROMPTS as POLL_PROMPTS
from handlers.safety.prompts import STEP_PROMPTS as REPORT_PROMPTS
from handlers.step_context import StepContext

__all__ = ["answer_album", "ask_current_step_again"]

_PROMPTS = {
    **IDEA_PROMPTS,
    **REPORT_PROMPTS,
    **POLL_PROMPTS,
    **ANNOUNCE_PROMPTS,
    **DESK_PROMPTS,
}


async def ask_current_step_again(context: StepContext, timeout: timedelta) -> bool:
    """Ask the wizard's current question again; False when no wizard is open (or the one
    open has expired, and is put away as it would be at its next step)."""
    state = context.state
    current = await state.get_state()
    if current is None:
        return False
    touched = (await state.get_data()).get(TOUCHED_AT)
    if touched and utc_now() - datetime.fromisoformat(touched) > timeout:
        await state.clear()
        return False
    prompt = _PROMPTS.get(current)
    if prompt is not None:
        await prompt(context)
    else:
        # A step no table knows yet (a new wizard): at least say nothing was lost.
        await context.bot.send_message(
            context.chat_id,
            _("Your draft is kept. Carry on where you left off, or type /cancel to stop."),
        )
    return True


async def answer_album(context: StepContext, kept: int, refused: int) -> None:
    """After an album: how many of its photos were kept, then the current question."""
    if kept:
        text = _("{count} photo kept.", "{count} photos kept.", kept).format(count=kept)
        await context.bot.send_message(context.chat_id, text)
    if refused:
        await context.bot.send_message(context.chat_id, limit_text(refused))
    timeout = timedelta(minutes=context.settings.wizard_timeout_minutes)
    await ask_current_step_again(context, timeout)

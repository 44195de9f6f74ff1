"""Staff's and residents' one-text steps asked again after a change of language: a
review note, the number of an original, a reason, a message to an author, a reporter's
answer to a staff question. Each is the step's own question, in the new language, with
what it is about (the idea, the status) as it was.

The staff chat's steps (a report's note, a question for its reporter) are not here: the
staff chat has no /language, and the private chat's picker does not touch them."""

from __future__ import annotations

from bot.views.callbacks import ReviewAction
from handlers import bans, report_answers
from handlers.review import status as review_status
from handlers.review.actions import PROMPTS as REVIEW_ACTION_PROMPTS
from handlers.review.states import ReviewDesk
from handlers.status_note import ask_for_note_again
from handlers.step_context import StepContext, StepPrompt

__all__ = ["STEP_PROMPTS"]


async def _say(context: StepContext, text: str) -> None:
    await context.bot.send_message(context.chat_id, text)


async def _idea_note(context: StepContext) -> None:
    prompt = review_status.note_prompt()
    await ask_for_note_again(context.bot, context.chat_id, context.state, prompt)


def _review_action(action: ReviewAction) -> StepPrompt:
    return lambda context: _say(context, REVIEW_ACTION_PROMPTS[action][1]())


async def _review_reason(context: StepContext) -> None:
    # Hiding and showing again wait in the same state; the action says which was asked.
    action = ReviewAction((await context.state.get_data())["action"])
    await _say(context, REVIEW_ACTION_PROMPTS[action][1]())


async def _ban_reason(context: StepContext) -> None:
    idea_id = (await context.state.get_data())["idea_id"]
    await _say(context, bans.reason_prompt(idea_id))


STEP_PROMPTS: dict[str | None, StepPrompt] = {
    ReviewDesk.writing_note.state: _idea_note,
    ReviewDesk.writing_original.state: _review_action(ReviewAction.DUPLICATE),
    ReviewDesk.writing_reason.state: _review_reason,
    ReviewDesk.writing_to_author.state: _review_action(ReviewAction.REPLY),
    bans.BanDesk.writing_reason.state: _ban_reason,
    report_answers.AnswerForm.writing.state: lambda c: _say(c, report_answers.answer_prompt()),
}

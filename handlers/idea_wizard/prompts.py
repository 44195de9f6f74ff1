"""The idea wizard's questions as they are asked again after a change of language: each
step's question, in the language now chosen, with the draft kept as it was."""

from __future__ import annotations

from bot.views.keyboards.ideas import categories_keyboard, extras_keyboard
from handlers.idea_wizard.sending import send_preview, send_similar
from handlers.idea_wizard.states import IdeaForm
from handlers.idea_wizard.writing import ask_text_prompt, category_prompt, extras_prompt
from handlers.step_context import StepContext, StepPrompt

__all__ = ["STEP_PROMPTS"]


async def _category(context: StepContext) -> None:
    await context.bot.send_message(
        context.chat_id,
        category_prompt(),
        reply_markup=categories_keyboard(context.area.idea_categories),
    )


async def _text(context: StepContext) -> None:
    await context.bot.send_message(context.chat_id, ask_text_prompt())


async def _extras(context: StepContext) -> None:
    await context.bot.send_message(context.chat_id, extras_prompt(), reply_markup=extras_keyboard())


async def _similar(context: StepContext) -> None:
    await send_similar(
        context.bot, context.chat_id, context.state, context.session, context.resident
    )


async def _preview(context: StepContext) -> None:
    await send_preview(context.bot, context.chat_id, context.state, context.area)


STEP_PROMPTS: dict[str | None, StepPrompt] = {
    IdeaForm.choosing_category.state: _category,
    IdeaForm.writing_text.state: _text,
    IdeaForm.adding_extras.state: _extras,
    IdeaForm.checking_similar.state: _similar,
    IdeaForm.confirming.state: _preview,
}

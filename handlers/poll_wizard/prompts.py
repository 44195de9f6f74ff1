"""The /newpoll wizard's questions, one function per step: the steps' handlers ask through
them, and an organiser who changes language in the middle is asked the current one
again, in the new language, with the draft as it was."""

from __future__ import annotations

from aiogram import Bot

from bot.i18n import gettext as _
from bot.i18n.languages import LANGUAGES
from bot.i18n.names import language_name
from bot.settings import Settings
from bot.views.callbacks import PollWizardStep
from bot.views.keyboards.audience import audience_keyboard
from db.types import utc_now
from handlers.poll_wizard.draft import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_LIMIT,
    POLL_DRAFT,
    QUESTION_LIMIT,
    example_closing_time,
)
from handlers.poll_wizard.preview import send_preview
from handlers.poll_wizard.states import PollForm, step_buttons
from handlers.step_context import StepContext, StepPrompt

__all__ = [
    "STEP_PROMPTS",
    "ask_audience",
    "ask_deadline",
    "ask_mode",
    "ask_options",
    "ask_question",
    "ask_results",
    "ask_translations",
]


async def ask_question(bot: Bot, chat_id: int, settings: Settings) -> None:
    await bot.send_message(
        chat_id,
        _(
            "<b>New poll</b>\nWrite the question in {language} (up to {limit} characters). "
            "Type /cancel to stop."
        ).format(language=language_name(settings.default_locale), limit=QUESTION_LIMIT),
    )


async def ask_options(bot: Bot, chat_id: int) -> None:
    await bot.send_message(
        chat_id,
        _(
            "Now the options, all in one message, one per line: {low} to {high} options, "
            "each up to {limit} characters."
        ).format(low=MIN_OPTIONS, high=MAX_OPTIONS, limit=OPTION_LIMIT),
    )


async def ask_translations(bot: Bot, chat_id: int, settings: Settings) -> None:
    await bot.send_message(
        chat_id,
        _(
            "Add translations if you have them: one message per language. First line: the "
            "language code; second line: the question; then the options in the same order, "
            "one per line. For example:\nar\n(the question in Arabic)\n(option 1 in Arabic)\n"
            "(option 2 in Arabic)\n\nCodes: {codes}. Residents without a translation get the "
            "{language} text. Press Continue when you are done."
        ).format(
            codes=", ".join(code for code in LANGUAGES if code != settings.default_locale),
            language=language_name(settings.default_locale),
        ),
        reply_markup=step_buttons(
            *(
                [(PollWizardStep.TRANSLATE_MISSING, _("🌐 Translate the missing languages"))]
                if settings.translates
                else []
            ),
            (PollWizardStep.TRANSLATIONS_DONE, _("➡️ Continue")),
        ),
    )


async def ask_mode(bot: Bot, chat_id: int) -> None:
    await bot.send_message(
        chat_id,
        _("May residents choose one answer or several?"),
        reply_markup=step_buttons(
            (PollWizardStep.SINGLE_CHOICE, _("One answer")),
            (PollWizardStep.MULTIPLE_CHOICE, _("Several answers")),
        ),
    )


async def ask_results(bot: Bot, chat_id: int) -> None:
    await bot.send_message(
        chat_id,
        _("Should residents see the results after they answer?"),
        reply_markup=step_buttons(
            # Translators: a button answering: may residents see the results of the poll?
            (PollWizardStep.SHOW_RESULTS, _("Yes, show the results")),
            (PollWizardStep.HIDE_RESULTS, _("No, only organisers")),
        ),
    )


async def ask_deadline(bot: Bot, chat_id: int, settings: Settings) -> None:
    await bot.send_message(
        chat_id,
        _(
            "When does the poll close? Send a date and time like {example} (Swedish time), "
            "or press the button."
        ).format(example=example_closing_time(settings.zone, utc_now())),
        # Translators: a button answering: how long is the poll open? Until the organiser
        # closes it.
        reply_markup=step_buttons((PollWizardStep.NO_DEADLINE, _("🔓 When I close it"))),
    )


async def ask_audience(bot: Bot, chat_id: int) -> None:
    await bot.send_message(chat_id, _("Who should get it?"), reply_markup=audience_keyboard())


async def _preview(context: StepContext) -> None:
    draft = await POLL_DRAFT.read(context.state)
    await send_preview(
        context.bot, context.chat_id, draft, context.session, context.settings, context.i18n
    )


STEP_PROMPTS: dict[str | None, StepPrompt] = {
    PollForm.question.state: lambda c: ask_question(c.bot, c.chat_id, c.settings),
    PollForm.options.state: lambda c: ask_options(c.bot, c.chat_id),
    PollForm.translating.state: lambda c: ask_translations(c.bot, c.chat_id, c.settings),
    PollForm.choosing_mode.state: lambda c: ask_mode(c.bot, c.chat_id),
    PollForm.choosing_results.state: lambda c: ask_results(c.bot, c.chat_id),
    PollForm.choosing_deadline.state: lambda c: ask_deadline(c.bot, c.chat_id, c.settings),
    PollForm.choosing_audience.state: lambda c: ask_audience(c.bot, c.chat_id),
    PollForm.confirming.state: _preview,
}
